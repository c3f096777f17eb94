import { declareExperiment } from '../../declare.ts';
import { dataset, hidden, steps } from './params.ts';

export const landscapeOutliers = declareExperiment({
  id: 'landscape-outliers',
  family: 'landscape',
  title: 'Outliers with opposing signals',
  explanation:
    'Train full-batch with a large step and record the loss of every training example at every step. At each ' +
    'spike of the mean loss, the examples whose loss rose most and those whose loss fell most form two groups that ' +
    'keep moving in opposition afterwards: each group pulls the weights along a feature (often a background or ' +
    'stroke style) that helps one and hurts the other, and the sharpness climbs to 2/η along it. Gradient descent ' +
    'and Adam are trained side by side from the same initialization.',
  watch:
    'In about 20 s: gradient descent’s loss spikes three times; at each, one group of examples’ loss rises while the other’s falls and the two keep moving in opposition (mean correlation about −0.9 on seed 1), while Adam’s loss has no spike.',
  paper: {
    title: 'Outliers with Opposing Signals Have an Outsized Effect on Neural Network Optimization',
    authors: 'E. Rosenfeld, A. Risteski',
    year: 2023,
    arxiv: '2311.04163',
  },
  params: {
    dataset,
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'The whole set is one batch; every example’s loss is recorded each step.',
      default: 500,
      min: 16,
      max: 10000,
    },
    hidden: hidden([32]),
    steps: steps(100),
    lr: {
      kind: 'number',
      label: 'GD step size η',
      help: 'Full-batch gradient descent, no momentum; the stability threshold is 2/η.',
      default: 0.5,
      min: 1e-4,
      max: 10,
      log: true,
    },
    adamLr: {
      kind: 'number',
      label: 'Adam learning rate',
      help: 'The Adam run (0 skips it).',
      default: 0.003,
      min: 0,
      max: 1,
    },
    every: {
      kind: 'int',
      label: 'Sharpness every',
      help: 'Steps between sharpness measurements of the GD run (0: none).',
      unit: 'steps',
      default: 25,
      min: 0,
      max: 10000,
    },
    iterations: {
      kind: 'int',
      label: 'Lanczos steps',
      help: 'Hessian-vector products per sharpness measurement.',
      default: 6,
      min: 2,
      max: 100,
    },
    k: {
      kind: 'int',
      label: 'Group size k',
      help: 'Examples per group: the k whose loss rose most and the k whose loss fell most at a spike.',
      default: 8,
      min: 1,
      max: 64,
    },
    spikes: {
      kind: 'int',
      label: 'Spikes',
      help: 'How many of the largest loss spikes to analyse.',
      default: 3,
      min: 1,
      max: 10,
    },
    window: {
      kind: 'int',
      label: 'Spike window',
      help: 'Steps after a spike over which the two groups’ loss changes are correlated.',
      unit: 'steps',
      default: 10,
      min: 2,
      max: 100,
    },
  },
  views: ['progress', 'landscape-outliers', 'landscape-sharpness'],
  presets: [
    {
      label: 'More examples, longer training',
      note: '2,000 examples and 400 full-batch steps with 5 spikes tracked: more and later spikes (minutes in software, seconds on a GPU).',
      params: { trainSize: 2000, steps: 400, spikes: 5 },
      gpu: true,
    },
  ],
  validate(p) {
    return Number(p.steps) < 3 * Number(p.window) ? ['Train for at least three spike windows.'] : [];
  },
  metrics: ['train/loss', 'adam/loss', 'sharpness', 'threshold'],
  snapshots: ['outliers/gd/traces', 'outliers/gd/images', 'outliers/adam/traces', 'outliers/adam/images'],
  load: () => import('./outliers.ts').then((m) => m.landscapeOutliersRunner),
});
