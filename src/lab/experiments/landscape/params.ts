// Parameters shared by several experiments of the landscape family.
import type { ParamSpec } from '../../experiment.ts';
export const dataset = {
  kind: 'choice',
  label: 'Dataset',
  help: 'Which 28×28 image set to train on.',
  default: 'mnist',
  choices: [
    { value: 'mnist', label: 'MNIST (digits)' },
    { value: 'fashion-mnist', label: 'Fashion-MNIST (clothing)' },
  ],
} satisfies ParamSpec;
export const trainSize = {
  kind: 'int',
  label: 'Training examples',
  help: 'A seeded random subset of the training split.',
  default: 2000,
  min: 64,
  max: 60000,
} satisfies ParamSpec;
export const evalSize = {
  kind: 'int',
  label: 'Landscape examples',
  help: 'The first N training examples of the subset: every point of a slice is scored on them (one forward pass each).',
  default: 300,
  min: 16,
  max: 60000,
} satisfies ParamSpec;
export const hidden = (def: number[]) =>
  ({
    kind: 'ints',
    label: 'Hidden widths',
    help: 'Widths of the fully connected ReLU network’s hidden layers.',
    default: def,
    min: 1,
    max: 4096,
    minLength: 1,
    maxLength: 4,
  }) satisfies ParamSpec;
export const steps = (def: number) =>
  ({
    kind: 'int',
    label: 'Training steps',
    help: 'SGD steps of each training run.',
    default: def,
    min: 1,
    max: 100000,
  }) satisfies ParamSpec;
export const batch = {
  kind: 'int',
  label: 'Batch size',
  help: 'Examples per step.',
  default: 50,
  min: 1,
  max: 1024,
} satisfies ParamSpec;
export const lr = {
  kind: 'number',
  label: 'Learning rate',
  help: 'SGD (momentum 0.9) learning rate.',
  default: 0.05,
  min: 1e-5,
  max: 10,
  log: true,
} satisfies ParamSpec;
