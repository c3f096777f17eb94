import { declareExperiment } from '../../declare.ts';

export const xorBenignOverfitting = declareExperiment({
  id: 'xor-benign-overfitting',
  family: 'lazy-rich',
  title: 'Benign overfitting and grokking on XOR clusters',
  explanation:
    'Points sit in four clusters ±μ₁ (label +1) and ±μ₂ (label −1) in high dimension, and a fraction of the training ' +
    'labels is flipped. A two-layer ReLU net with fixed ±1/√m readouts and small init trains by full-batch GD on the logistic loss. After the first ' +
    'steps it fits every noisy training label with a near-linear rule that is at chance on clean test points; later the ' +
    'neurons turn toward ±μ₁ and ±μ₂ (the plane plot) and clean test accuracy climbs while the flipped labels stay fitted.',
  watch:
    'After one GD step the net fits every training label, the flipped 10% included, while clean test accuracy is 54% (chance); one step later it is 87%, and it ends at 96% with the flipped labels still fitted (20 s in software).',
  paper: {
    title: 'Benign overfitting and grokking in ReLU networks for XOR cluster data',
    authors: 'Z. Xu, Y. Wang, S. Frei, G. Vardi, W. Hu',
    year: 2023,
    arxiv: '2310.02541',
  },
  params: {
    dim: {
      kind: 'int',
      label: 'Dimension d',
      help: 'd ≫ n puts the net in the benign-overfitting regime; the effect needs 4d/n < ‖μ‖² < d/√n.',
      default: 2000,
      min: 2,
      max: 8192,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points n',
      help: 'Split evenly over the four clusters.',
      default: 100,
      min: 8,
      max: 4096,
    },
    testSize: { kind: 'int', label: 'Test points', help: 'Clean labels.', default: 400, min: 8, max: 8192 },
    width: {
      kind: 'int',
      label: 'Neurons m',
      help: 'Half with readout +1/√m, half with −1/√m (fixed).',
      default: 100,
      min: 2,
      max: 4096,
    },
    noise: {
      kind: 'number',
      label: 'Label noise η',
      help: 'Fraction of training labels flipped.',
      default: 0.1,
      min: 0,
      max: 0.45,
    },
    signal: {
      kind: 'number',
      label: '‖μ‖',
      help: 'Cluster mean norm; the noise per coordinate has variance 1.',
      default: 11,
      min: 0,
      max: 1000,
    },
    init: {
      kind: 'number',
      label: 'Init scale',
      help: 'Std of the first-layer weights.',
      default: 1e-6,
      min: 1e-8,
      max: 1,
      log: true,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Full-batch GD on the logistic loss.',
      default: 0.1,
      min: 1e-4,
      max: 100,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch GD steps.',
      unit: 'steps',
      default: 300,
      min: 1,
      max: 100000,
    },
  },
  presets: [
    {
      label: 'Larger: d = 8,000, n = 400, m = 400',
      note: 'Four times the dimension and the data, inside the same window 4d/n < ‖μ‖² < d/√n (‖μ‖ = 14): on seed 1 every label is fitted at step 1 with clean test at 50%, and test reaches 99% by step 20; for a real GPU (8 min for 20 steps in software).',
      params: { dim: 8000, trainSize: 400, testSize: 1000, width: 400, signal: 14 },
      gpu: true,
    },
  ],
  views: ['lazy-rich', 'xor-plane', 'progress'],
  metrics: ['train/loss', 'train/accuracy', 'train/flipped-fit', 'test/accuracy'],
  snapshots: ['xor-plane'],
  load: () => import('./xor.ts').then((m) => m.xorBenignOverfittingRunner),
});
