import { declareExperiment } from '../../declare.ts';
import { common, optimizerParams, greyOnly } from './params.ts';

export const randomPruning = declareExperiment({
  id: 'random-pruning',
  family: 'pruning',
  title: 'Random pruning at initialization as the net widens',
  explanation:
    'Draw a random mask at initialization, keep it fixed and train the sparse net from scratch. With uniform layer densities or Erdős–Rényi-Kernel (ERK) densities, ' +
    'the gap to the dense net of the same shape shrinks as the net gets wider: random sparse training is competitive for large networks.',
  watch:
    "From 32 to 512 hidden units the gap to the dense net closes (seed 1: uniform 30 → 16 points, ERK 18 → 9), and ERK's layer densities stay ahead of uniform ones.",
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
  validate: greyOnly,
  presets: [
    {
      label: 'The paper check: widths 16–128 on Fashion-MNIST',
      gpu: true,
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
  metrics: [
    'density/uniform/{layer}',
    'density/ERK/{layer}',
    'acc/dense',
    'acc/uniform',
    'gap/uniform',
    'acc/ERK',
    'gap/ERK',
  ],
  snapshots: [],
  load: () => import('./random-pruning.ts').then((m) => m.randomPruningRunner),
});
