// Parameters shared by several experiments of the pruning family. `satisfies` keeps their kinds
// (and `as const` the choices a runner branches on), so the runners read them with their types.
import type { ParamSchema, ParamSpec, ParamValues } from '../../experiment.ts';

/** The 28×28 grey image sets: every pruning experiment draws first-layer masks as 28×28 tiles. */
const greyDataset = (help: string) =>
  ({
    kind: 'choice',
    label: 'Dataset',
    help,
    default: 'mnist',
    choices: [
      { value: 'mnist', label: 'MNIST (28×28 digits)' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
    ],
  }) satisfies ParamSpec;

export const dataset = { dataset: greyDataset('Which 28×28 grey image set to train on.') } satisfies ParamSchema;

export const testSize = {
  kind: 'int',
  label: 'Test examples',
  help: 'The first N examples of the test split.',
  default: 1000,
  min: 100,
  max: 10000,
} satisfies ParamSpec;

export const common = {
  dataset: greyDataset(
    'Which image set to train on (28×28 grey images: the masks view draws first-layer masks as 28×28 tiles).',
  ),
  trainSize: {
    kind: 'int',
    label: 'Training examples',
    help: 'A seeded random subset of the training split.',
    default: 2000,
    min: 100,
    max: 60000,
  },
  testSize,
  hidden: {
    kind: 'ints',
    label: 'Hidden widths',
    help: 'Hidden layer widths of the MLP (300, 100 is LeNet-300-100).',
    default: [300, 100],
    min: 1,
    max: 4096,
    minLength: 1,
    maxLength: 8,
  },
  batch: {
    kind: 'int',
    label: 'Batch size',
    help: 'Examples per step (the paper uses 60).',
    default: 60,
    min: 1,
    max: 1024,
  },
  epochs: {
    kind: 'int',
    label: 'Epochs per round',
    help: 'Passes over the training subset in every training run.',
    default: 1,
    min: 1,
    max: 100,
  },
} satisfies ParamSchema;

export const impParams = {
  rounds: {
    kind: 'int',
    label: 'Pruning rounds',
    help: 'Rounds of train → prune → rewind after the dense run.',
    default: 4,
    min: 1,
    max: 20,
  },
  rate: {
    kind: 'number',
    label: 'Pruning rate',
    help: 'Fraction of the surviving weights removed per round (the paper: 0.2; one round at 0.98 keeps about 2%).',
    default: 0.4,
    min: 0.01,
    max: 0.99,
  },
  outputRate: {
    kind: 'number',
    label: 'Output-layer rate',
    help: 'Fraction removed from the output layer per round (the paper: half the rate).',
    default: 0.2,
    min: 0,
    max: 0.95,
  },
  scope: {
    kind: 'choice',
    label: 'Pruning scope',
    help: 'Layer-wise: each layer loses the same fraction; global: one magnitude threshold over all hidden layers.',
    default: 'layer',
    choices: [
      { value: 'layer', label: 'Layer-wise' },
      { value: 'global', label: 'Global' },
    ] as const,
  },
} satisfies ParamSchema;

/** The MLP's init scale; `help` says what the experiment uses it for. */
export const initScale = (help: string, def: number) =>
  ({
    kind: 'number',
    label: 'Init scale',
    help,
    default: def,
    min: 0.05,
    max: 4,
    log: true,
  }) satisfies ParamSpec;

export const optimizerParams = (opt: 'adam' | 'sgd', lr: number) =>
  ({
    optimizer: {
      kind: 'choice',
      label: 'Optimizer',
      help: 'Adam (the LTH paper on LeNet) or SGD with momentum.',
      default: opt,
      choices: [
        { value: 'adam', label: 'Adam' },
        { value: 'sgd', label: 'SGD' },
      ] as const,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam near 1.2e-3, SGD near 0.1.',
      default: lr,
      min: 1e-5,
      max: 2,
      log: true,
    },
  }) satisfies ParamSchema;

export const greyOnly = (p: ParamValues): string[] =>
  ['mnist', 'fashion-mnist'].includes(String(p.dataset)) ? [] : ['This experiment takes 28×28 grey images.'];
