import { declareExperiment } from '../../declare.ts';

export const connectivityRank = declareExperiment({
  id: 'connectivity-rank',
  family: 'lazy-rich',
  title: 'Initial connectivity rank and laziness',
  explanation:
    'The first layer of a two-layer ReLU net starts at W₀ = s·U·Vᵀ of rank r with the Frobenius norm held fixed, its input ' +
    'directions U either random or starting with the teacher’s directions β (task-aligned). Each init is trained by full-batch ' +
    'GD on a multi-index teacher y = Σ ±|βₖ·x| until its train MSE reaches the same fraction of the initial one, and the plots show how far the weights and the empirical ' +
    'NTK had to move. The paper’s claim: low-rank inits learn richer (move more) than high-rank ones, unless they are task-aligned.',
  watch:
    'Lower-rank initial weights move more to reach the same fit: at rank 1 weights change by 0.42 and the kernel by 0.35 (relative), at full rank by 0.28 and 0.12; task-aligned inits (pink) move less than random ones (green), 0.20 vs 0.31 at rank 2 (10 s in software).',
  paper: {
    title: 'How connectivity structure shapes rich and lazy learning in neural circuits',
    authors: 'Y. H. Liu, A. Baratin, J. Cornford, S. Mihalas, E. Shea-Brown, G. Lajoie',
    year: 2023,
    arxiv: '2310.08513',
  },
  params: {
    dim: {
      kind: 'int',
      label: 'Input dimension D',
      help: 'x ~ N(0, I/D); ranks 1, 2, 4, … up to min(D, N) are trained.',
      default: 32,
      min: 2,
      max: 512,
    },
    width: {
      kind: 'int',
      label: 'Width N',
      help: 'Hidden units, readouts fixed at ±1/√N.',
      default: 64,
      min: 2,
      max: 4096,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points',
      help: 'Also the probe batch of the NTK.',
      default: 128,
      min: 4,
      max: 2048,
    },
    directions: {
      kind: 'int',
      label: 'Teacher directions K',
      help: 'y = |β₁·x| − |β₂·x| + …, with orthonormal β scaled to unit-variance projections.',
      default: 2,
      min: 1,
      max: 64,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Full-batch GD on the MSE.',
      default: 4,
      min: 1e-4,
      max: 100,
      log: true,
    },
    target: {
      kind: 'number',
      label: 'Stop at loss',
      help: 'Each init trains until its train MSE first falls to this fraction of the initial MSE, so every init is measured at the same fit.',
      default: 0.1,
      min: 1e-4,
      max: 1,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Max steps',
      help: 'Cap on GD steps per init (an init that hits it is measured there).',
      unit: 'steps',
      default: 2000,
      min: 1,
      max: 100000,
    },
  },
  presets: [
    {
      label: 'Larger: D = 64, width 128',
      note: 'Twice the input dimension and width, so the rank grid runs from 1 to 64; for a real GPU (not yet timed on one).',
      params: { dim: 64, width: 128, trainSize: 256, steps: 4000 },
      gpu: true,
    },
  ],
  views: ['connectivity-rank', 'progress'],
  metrics: [
    'rank/weight-change {init}',
    'rank/kernel-change {init}',
    'rank/alignment-change {init}',
    'rank/representation-change {init}',
    'rank/steps {init}',
    'rank/train-loss {init}',
  ],
  snapshots: [],
  load: () => import('./connectivity.ts').then((m) => m.connectivityRankRunner),
});
