/**
 * The pruning family's experiments as plain data (catalogue F1). Defaults give a visible result
 * within about a minute on SwiftShader (small MNIST subsets, few steps per round); a real GPU can
 * raise the subset, the steps and the rounds.
 */
import type { ExperimentMeta, ParamSchema, ParamValues } from '../experiment.ts';
import { pruningAtInitMetas } from './pruning-at-init.ts';

const common: ParamSchema = {
  dataset: {
    kind: 'choice',
    label: 'Dataset',
    help: 'Which image set to train on (28×28 grey images: the masks view draws first-layer masks as 28×28 tiles).',
    default: 'mnist',
    choices: [
      { value: 'mnist', label: 'MNIST (28×28 digits)' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
    ],
  },
  trainSize: {
    kind: 'int',
    label: 'Training examples',
    help: 'A seeded random subset of the training split.',
    default: 2000,
    min: 100,
    max: 60000,
  },
  testSize: {
    kind: 'int',
    label: 'Test examples',
    help: 'The first N examples of the test split.',
    default: 1000,
    min: 100,
    max: 10000,
  },
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
};

const impParams: ParamSchema = {
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
    ],
  },
};

const optimizerParams = (opt: 'adam' | 'sgd', lr: number): ParamSchema => ({
  optimizer: {
    kind: 'choice',
    label: 'Optimizer',
    help: 'Adam (the LTH paper on LeNet) or SGD with momentum.',
    default: opt,
    choices: [
      { value: 'adam', label: 'Adam' },
      { value: 'sgd', label: 'SGD' },
    ],
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
});

const inputsOk = (p: ParamValues): string[] =>
  ['mnist', 'fashion-mnist'].includes(String(p.dataset)) ? [] : ['The pruning experiments take 28×28 grey images.'];

export const lotteryMeta: ExperimentMeta = {
  id: 'lottery-ticket',
  family: 'pruning',
  title: 'Lottery tickets by iterative magnitude pruning',
  explanation:
    'Train the dense net, remove the smallest-magnitude weights, reset the survivors to their original initial values and train again; repeat. ' +
    'The surviving "winning ticket" keeps the dense accuracy with a small fraction of the weights, while the same mask with a fresh random initialization, ' +
    'or a random mask with the same per-layer densities, does worse. Watch the first-layer mask concentrate on the digit area.',
  paper: {
    title: 'The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks',
    authors: 'J. Frankle, M. Carbin',
    year: 2019,
    arxiv: '1803.03635',
  },
  params: {
    ...common,
    ...optimizerParams('adam', 1.2e-3),
    ...impParams,
    controls: {
      kind: 'bool',
      label: 'Controls every round',
      help: 'Train the random-reinit and random-mask controls after every round (otherwise only after the last).',
      default: true,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent repetitions (run seed, seed+1, …): the curves show their mean and range.',
      default: 1,
      min: 1,
      max: 5,
    },
  },
  views: ['progress', 'masks'],
  validate: inputsOk,
  presets: [
    {
      label: 'The paper check: LeNet-300-100 to 11%, 3 seeds',
      note:
        "The setting of npm run verify -- pruning lottery-ticket-10pct: 3,000 images, 20 epochs a round, 5 layer-wise rounds of 36% (each two of the paper's 20% rounds) to 10.8% of the weights, " +
        'controls after the last: the ticket holds the dense accuracy while both controls fall behind (one run here, seeds 1–3: ticket 91.5%, random reinit 90.1%, random mask 89.7%; 15 min in software).',
      params: {
        trainSize: 3000,
        testSize: 2000,
        batch: 60,
        epochs: 20,
        rounds: 5,
        rate: 0.36,
        outputRate: 0.18,
        scope: 'layer',
        controls: false,
        seeds: 3,
      },
    },
  ],
};

export const rewindMeta: ExperimentMeta = {
  id: 'lottery-rewind',
  family: 'pruning',
  title: 'Rewinding and instability of lottery tickets',
  explanation:
    'Instead of resetting survivors to their initial values, rewind them to their values at an early iteration k. ' +
    'For each k the lab trains two copies of the final ticket from the rewind point with different data orders and measures test error along the straight line between them: ' +
    'a high barrier means the subnetwork is unstable to SGD noise, and the paper finds the tickets that match the dense net are the stable ones. ' +
    'At the small sizes that finish in a minute, the k = 0 ticket usually matches the dense net already and rewinding mostly lowers the barrier (the settings below show it); ' +
    "the paper's failure at k = 0 comes with deep nets trained long at a high rate without warm-up (ResNet-20 at full width, on a real GPU).",
  paper: {
    title: 'Stabilizing the Lottery Ticket Hypothesis',
    authors: 'J. Frankle, G. K. Dziugaite, D. M. Roy, M. Carbin',
    year: 2019,
    arxiv: '1903.01611',
  },
  params: {
    ...common,
    ...optimizerParams('sgd', 0.1),
    ...impParams,
    scope: { ...impParams.scope, default: 'global' } as ParamSchema[string],
    rounds: { ...impParams.rounds, default: 2 } as ParamSchema[string],
    rate: { ...impParams.rate, default: 0.7 } as ParamSchema[string],
    outputRate: { ...impParams.outputRate, default: 0.7 } as ParamSchema[string],
    rewinds: {
      kind: 'ints',
      label: 'Rewind points',
      help: 'Rewind iterations k as percent of training (0 = the original initialization).',
      unit: '%',
      default: [0, 5],
      min: 0,
      max: 50,
      minLength: 1,
      maxLength: 5,
    },
    model: {
      kind: 'choice',
      label: 'Model',
      help:
        'The MLP of the hidden widths above; Conv-2 of the lottery-ticket paper (two 3×3 convs, max-pool, FC 256-256-10); or ResNet-20 with BatchNorm, ' +
        'the net this paper finds unstable at initialization (SGD 0.1, no warm-up: it needs a GPU at full width). IMP prunes conv kernels (shortcuts too) and FC weights; ' +
        'nets on the line between two ResNet copies get their BatchNorm statistics recomputed.',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'conv2', label: 'Conv-2' },
        { value: 'resnet20', label: 'ResNet-20' },
      ],
    },
    width: {
      kind: 'number',
      label: 'Conv width',
      help: 'Channel multiplier of Conv-2 (1 = 64 channels and FC 256, as in the paper) and of ResNet-20 (1 = 16/32/64 channels).',
      default: 0.25,
      min: 0.0625,
      max: 1,
      log: true,
    },
    initScale: {
      kind: 'number',
      label: 'Init scale',
      help: "Multiplies the MLP's Kaiming initialization. A small init (0.2) makes the first steps unstable to SGD noise: two copies trained from k = 0 end a few points apart on the line between them, and rewinding to 10% removes the barrier.",
      default: 1,
      min: 0.05,
      max: 4,
      log: true,
    },
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Which image set to train on (the first-layer 28×28 tiles appear for the MLP on the 28×28 sets).',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST (28×28 digits)' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
        { value: 'cifar10', label: 'CIFAR-10 (32×32 colour)' },
      ],
    },
  },
  views: ['progress', 'masks'],
  validate: (p) =>
    p.model !== 'mlp' && Number(p.initScale) !== 1
      ? [`The init scale applies to the MLP only; set it to 1 for ${p.model === 'conv2' ? 'Conv-2' : 'ResNet-20'}.`]
      : [],
  presets: [
    {
      label: 'Unstable at init: a small init',
      note: 'LeNet-300-100 at 0.2 × its init: the k = 0 pair ends 1–4 points apart on the line between the copies, rewinding to 10% steadies it to under one point, and the ticket matches the dense net at both (about 3 min in software).',
      params: {
        dataset: 'fashion-mnist',
        trainSize: 5000,
        batch: 50,
        epochs: 10,
        rounds: 1,
        rate: 0.9,
        outputRate: 0.45,
        rewinds: [0, 10],
        initScale: 0.2,
      },
    },
    {
      label: 'Unstable at init: a deep MLP',
      note: 'Six hidden layers of 256 at SGD 0.1 kept to 5%: barriers of 13–14 points at k = 0 that rewinding halves, while the k = 0 ticket still matches the dense net (about 25 min in software, a minute on a GPU).',
      params: {
        dataset: 'fashion-mnist',
        trainSize: 5000,
        hidden: [256, 256, 256, 256, 256, 256],
        batch: 50,
        epochs: 30,
        rounds: 1,
        rate: 0.95,
        outputRate: 0.475,
        rewinds: [0, 1, 5],
      },
    },
    {
      label: "The paper's net: ResNet-20",
      note: 'Full width with BatchNorm on 10,000 CIFAR-10 images, SGD 0.1 without warm-up, pruned to 17%: where the paper finds k = 0 failing (needs a GPU: hours in software).',
      params: {
        model: 'resnet20',
        width: 1,
        dataset: 'cifar10',
        trainSize: 10000,
        batch: 128,
        epochs: 8,
        rounds: 1,
        rate: 0.832,
        outputRate: 0.416,
        rewinds: [0, 10],
      },
    },
  ],
};

export const randomPruningMeta: ExperimentMeta = {
  id: 'random-pruning',
  family: 'pruning',
  title: 'Random pruning at initialization as the net widens',
  explanation:
    'Draw a random mask at initialization, keep it fixed and train the sparse net from scratch. With uniform layer densities or Erdős–Rényi-Kernel (ERK) densities, ' +
    'the gap to the dense net of the same shape shrinks as the net gets wider: random sparse training is competitive for large networks.',
  paper: {
    title: 'The Unreasonable Effectiveness of Random Pruning: Return of the Most Naive Baseline for Sparse Training',
    authors: 'S. Liu, T. Chen, X. Chen, L. Shen, D. C. Mocanu, Z. Wang, M. Pechenizkiy',
    year: 2022,
    arxiv: '2202.02643',
  },
  params: {
    ...common,
    ...optimizerParams('adam', 1.2e-3),
    hidden: {
      kind: 'ints',
      label: 'Widths',
      help: 'Widths w to sweep; each is an MLP with two hidden layers of w units.',
      default: [32, 128, 512],
      min: 4,
      max: 2048,
      minLength: 2,
      maxLength: 6,
    },
    density: {
      kind: 'number',
      label: 'Density',
      help: 'Fraction of weights kept by the random masks.',
      default: 0.1,
      min: 0.01,
      max: 1,
      log: true,
    },
  },
  views: ['progress', 'masks'],
  validate: inputsOk,
  presets: [
    {
      label: 'The paper check: widths 16–128 on Fashion-MNIST',
      note:
        'The setting of npm run verify -- pruning random-pruning-width (1,000 images, 10 epochs, 10% density): the gap to dense closes as the net widens ' +
        '(seed 1 here: ERK 20.5 → 15.7 → 3.7 → 1.9 pt, uniform 47.0 → 38.7 → 10.8 → 5.1 pt; 30 s in software).',
      params: {
        dataset: 'fashion-mnist',
        trainSize: 1000,
        testSize: 2000,
        hidden: [16, 32, 64, 128],
        batch: 50,
        epochs: 10,
        density: 0.1,
      },
    },
  ],
};

export const pruningMetas: ExperimentMeta[] = [lotteryMeta, rewindMeta, randomPruningMeta, ...pruningAtInitMetas];
