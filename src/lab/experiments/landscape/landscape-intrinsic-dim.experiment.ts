import { declareExperiment } from '../../declare.ts';
import { dataset, trainSize, hidden, steps, batch } from './params.ts';

export const landscapeIntrinsicDim = declareExperiment({
  id: 'landscape-intrinsic-dim',
  family: 'landscape',
  title: 'Intrinsic dimension',
  explanation:
    'Train only d numbers z and set the weights to θ = θ0 + P·z, where P is a fixed random D×d projection that ' +
    'is never stored: the kernels regenerate its entries from a counter-based random generator for P·z and Pᵀ·g. ' +
    'Accuracy climbs with d and reaches 90% of the fully trained network at a d far below the parameter count ' +
    'D: the intrinsic dimension d_int90 of the task for this network.',
  watch:
    'In about 25 s: test accuracy climbs with the subspace size d (seed 1: to about 50% at d = 160, against 85% for the dense net). At these sizes it does not reach 90% of the dense net: d_int90 lies in the hundreds to thousands for this network (the GPU setting sweeps there).',
  paper: {
    title: 'Measuring the Intrinsic Dimension of Objective Landscapes',
    authors: 'C. Li, H. Farkhoor, R. Liu, J. Yosinski',
    year: 2018,
    arxiv: '1804.08838',
  },
  params: {
    dataset,
    trainSize,
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N test images, scored after each run.',
      default: 1000,
      min: 64,
      max: 10000,
    },
    model: {
      kind: 'choice',
      label: 'Network',
      help: 'Fully connected ReLU MLP (hidden widths below; the paper’s is 200-200), or the paper’s LeNet (conv 6@5×5, conv 16@5×5, FC 120-84; D = 44,426 on MNIST).',
      default: 'fc',
      choices: [
        { value: 'fc', label: 'Fully connected' },
        { value: 'lenet', label: 'LeNet' },
      ],
    },
    hidden: hidden([16]),
    steps: steps(150),
    batch,
    dims: {
      kind: 'ints',
      label: 'Subspace sizes d',
      help: 'The sweep of subspace dimensions, one training run each.',
      default: [10, 40, 160],
      min: 1,
      max: 100000,
      minLength: 1,
      maxLength: 16,
    },
    lr: {
      kind: 'number',
      label: 'Subspace learning rate',
      help: 'Adam learning rate of z.',
      default: 0.2,
      min: 1e-5,
      max: 10,
      log: true,
    },
    denseLr: {
      kind: 'number',
      label: 'Dense learning rate',
      help: 'Adam learning rate of the dense baseline.',
      default: 0.003,
      min: 1e-5,
      max: 10,
      log: true,
    },
    projection: {
      kind: 'choice',
      label: 'Projection',
      help: 'Entries of P: ±1 signs (one random block gives 128 entries; fast) or Gaussian as in the paper (30× more work).',
      default: 'sign',
      choices: [
        { value: 'sign', label: '±1 (Rademacher)' },
        { value: 'gaussian', label: 'Gaussian' },
      ],
    },
  },
  views: ['progress', 'landscape-intrinsic'],
  presets: [
    {
      label: 'Sweep d to the crossing: 100 … 2,700',
      note: 'd = 100, 300, 900, 2,700 with 300 steps each, the grid of npm run verify -- landscape intrinsic-dim-mnist-fc (which scales the rate per d; here one rate for all): the sweep crosses 90% of the dense accuracy (many minutes in software).',
      params: { dims: [100, 300, 900, 2700], steps: 300, lr: 0.1 },
      gpu: true,
    },
  ],
  metrics: ['dense/accuracy', 'subspace/accuracy'],
  snapshots: ['intrinsic-dim'],
  load: () => import('./intrinsic-dim.ts').then((m) => m.landscapeIntrinsicDimRunner),
});
