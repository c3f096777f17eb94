// Parameters shared by the data family's experiments. `satisfies` keeps their kinds, so the
// runners read them with their types.
import type { ParamSpec } from '../../experiment.ts';

/** The image set whose train split the experiment draws its training pool from. */
export const poolDataset = (fallback: 'mnist' | 'fashion-mnist' | 'cifar10') =>
  ({
    kind: 'choice',
    label: 'Dataset',
    help: 'The training pool is a class-balanced seeded subset of the train split.',
    default: fallback,
    choices: [
      { value: 'fashion-mnist', label: 'Fashion-MNIST' },
      { value: 'mnist', label: 'MNIST' },
      { value: 'cifar10', label: 'CIFAR-10' },
    ],
  }) satisfies ParamSpec;
