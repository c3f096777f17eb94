// Parameters the data family's experiments share.
import type { ParamSpec } from '../../experiment.ts';

/** The dataset whose train split holds the pool of examples an experiment scores or samples. */
export const poolDataset = {
  kind: 'choice',
  label: 'Dataset',
  help: 'The training pool is a class-balanced seeded subset of the train split.',
  default: 'fashion-mnist',
  choices: [
    { value: 'fashion-mnist', label: 'Fashion-MNIST' },
    { value: 'mnist', label: 'MNIST' },
    { value: 'cifar10', label: 'CIFAR-10' },
  ],
} as const satisfies ParamSpec;
