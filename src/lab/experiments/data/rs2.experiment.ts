import { declareExperiment } from '../../declare.ts';
import { poolDataset } from './params.ts';

/** The samplers in the order a repeat trains them, as named in the metrics (`acc/<sampler>/<repeat>`). */
export const RS2_SAMPLERS = ['rs2', 'random', 'el2n', 'full'] as const;
export type Rs2Sampler = (typeof RS2_SAMPLERS)[number];

export const RS2_LABELS: Record<Rs2Sampler, string> = {
  rs2: 'RS2',
  random: 'static random',
  el2n: 'static EL2N (hardest)',
  full: 'full pool',
};

/** Examples per epoch: the fraction `percent` of a pool of n, at least one. */
export const rs2EpochSize = (n: number, percent: number): number => Math.max(1, Math.round((n * percent) / 100));

/** The step budget every sampler trains for: `epochs` epochs of the per-epoch subset. */
export const rs2Budget = (p: { trainSize: number; fraction: number; epochs: number; batch: number }): number =>
  p.epochs * Math.ceil(rs2EpochSize(p.trainSize, p.fraction) / p.batch);

export const rs2 = declareExperiment({
  id: 'rs2',
  family: 'data',
  title: 'Repeated random sampling (RS2): a fresh random subset every epoch',
  explanation:
    'Training on a fraction r of the data each epoch, at a fixed budget of optimizer steps, can take the fraction in four ways: ' +
    'RS2 draws a fresh uniformly random r·n examples every epoch (without replacement across epochs, so every example is seen once before any comes back); ' +
    'a static random subset of the same size is drawn once; a static EL2N subset keeps the hardest r·n by EL2N scores of a few early-trained nets (data pruning); ' +
    'and full data spends the same steps on the whole pool. All four start from the same init and train for the same steps. ' +
    'The claim: RS2 beats every static subset at the same steps, because it keeps seeing new examples, and comes close to full-data training that takes 1/r times the steps.',
  watch:
    'Test accuracy vs step: the RS2 curve climbs with the full-data curve and ends several points above the static random subset, which overfits its few examples, and above the hardest-by-EL2N subset, which is the worst at r = 10%; the bars show RS2 reaching the static subset’s final accuracy in a fraction of the steps.',
  paper: {
    title: 'Repeated Random Sampling for Minimizing the Time-to-Accuracy of Learning',
    authors:
      'P. Okanovic, R. Waleffe, V. Mageirakos, K. E. Nikolakakis, A. Karbasi, D. Kalogerias, N. M. Gürel, T. Rekatsinas',
    year: 2023,
    arxiv: '2305.18424',
  },
  params: {
    dataset: poolDataset('fashion-mnist'),
    model: {
      kind: 'choice',
      label: 'Model',
      help: 'A ReLU MLP (hidden widths below) or Conv-2 (two 3×3 convs, max-pool, 256-256-10; width multiplier below).',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'conv2', label: 'Small CNN (Conv-2)' },
      ],
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths (MLP)',
      help: 'ReLU MLP hidden layers.',
      default: [128],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 4,
    },
    width: {
      kind: 'number',
      label: 'Width (CNN)',
      help: 'Multiplies every channel and hidden width of Conv-2 (1: 64 channels).',
      default: 0.25,
      min: 0.05,
      max: 2,
    },
    trainSize: {
      kind: 'int',
      label: 'Training pool n',
      help: 'Examples in the pool (class-balanced); every sampler draws from it.',
      default: 5000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split, evaluated at every point of the curves.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    fraction: {
      kind: 'int',
      label: 'Per-epoch fraction r (%)',
      help: 'Examples per epoch, in percent of the pool: RS2’s fresh draw, and the size of both static subsets.',
      default: 10,
      min: 1,
      max: 50,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs of r·n (the step budget)',
      help: 'Every sampler takes the steps of this many epochs over r·n examples; full data makes r times as many passes over n.',
      default: 30,
      min: 1,
      max: 400,
    },
    evals: {
      kind: 'int',
      label: 'Evaluations per training',
      help: 'Test-accuracy points on each curve, evenly spaced in steps.',
      default: 20,
      min: 2,
      max: 100,
    },
    reference: {
      kind: 'bool',
      label: 'Full data at 1/r× the steps',
      help: 'Also train on the full pool for the same number of epochs over n (1/r times the budget): the accuracy RS2 aims for with r times the steps. Off by default: it costs 1/r times all four samplers together.',
      default: false,
    },
    scoreInits: {
      kind: 'int',
      label: 'EL2N scoring inits K',
      help: 'Nets from independent inits whose EL2N scores are averaged for the static EL2N subset.',
      default: 2,
      min: 1,
      max: 20,
    },
    scoreEpochs: {
      kind: 'int',
      label: 'EL2N scoring epochs',
      help: 'Epochs over the whole pool each scoring net trains before it scores the pool.',
      default: 1,
      min: 1,
      max: 50,
    },
    repeats: {
      kind: 'int',
      label: 'Repeats',
      help: 'Fresh init, scores and draws per repeat: the bands are their min–max.',
      default: 1,
      min: 1,
      max: 10,
    },
    batch: { kind: 'int', label: 'Batch', help: 'Examples per SGD step.', default: 64, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'SGD with momentum 0.9 and a cosine schedule over each training’s steps.',
      default: 0.05,
      min: 1e-4,
      max: 1,
      log: true,
    },
  },
  views: ['data-rs2', 'progress'],

  presets: [
    {
      label: 'With the full-data reference at 1/r× the steps',
      note: 'Adds a net trained on the whole pool for 30 epochs of n, ten times the budget, drawn as a dashed level: RS2 should end within a few points of it (about 3 minutes in software).',
      params: { reference: true },
    },
    {
      label: 'Paper-like: CIFAR-10 pool of 20,000, Conv-2, r = 10%, 3 repeats',
      note: 'The catalogue setting of #32 at browser scale: a small CNN on a 20k CIFAR-10 pool, 10% per epoch for 60 epochs, 3 repeats (far too slow in software; minutes on a GPU).',
      params: {
        dataset: 'cifar10',
        model: 'conv2',
        width: 0.5,
        trainSize: 20000,
        testSize: 5000,
        fraction: 10,
        epochs: 60,
        scoreInits: 4,
        scoreEpochs: 2,
        repeats: 3,
        batch: 128,
        lr: 0.05,
      },
      gpu: true,
    },
  ],
  metrics: ['acc/{sampler}/{rep}', 'reference/{rep}'],
  snapshots: [],
  load: () => import('./rs2.ts').then((m) => m.rs2Runner),
});
