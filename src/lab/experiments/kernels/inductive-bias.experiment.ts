import { declareExperiment } from '../../declare.ts';

export const inductiveBias = declareExperiment({
  id: 'inductive-bias',
  family: 'kernels',
  title: 'Bits of inductive bias: how rare is a hypothesis that generalizes?',
  explanation:
    'Hundreds of small two-layer ReLU networks are trained at once on the GPU (one weight tensor per layer for all of ' +
    'them), each from its own random init, briefly and on the same few hundred training images. Each one is a sampled ' +
    'hypothesis; its test risk (square loss on centred one-hot labels, relative to predicting the class mean) is one ' +
    'draw of the hypothesis space’s error distribution. A scaled non-central χ² fitted to those errors extrapolates ' +
    'their lower tail, and the inductive bias needed to reach a target error ε is −log₂ P(error ≤ ε): the bits that ' +
    'must be added to the hypothesis space to single out the well-generalizing part. CIFAR-10 (32×32×3) and MNIST ' +
    '(28×28), average-pooled alike (4× at the defaults), are compared at the same relative target; MNIST with shuffled ' +
    'training labels is the control.',
  watch:
    'CIFAR-10’s errors sit further above the target than MNIST’s, so it needs more bits; the shuffled-label control, with no signal to learn, needs more bits still.',
  paper: {
    title: 'Towards Exact Computation of Inductive Bias',
    authors: 'A. Boopathy, W. Yue, J. Hwang, A. Iyer, I. Fiete',
    year: 2024,
    arxiv: '2406.15941',
  },
  params: {
    classes: {
      kind: 'choice',
      label: 'Hypothesis space',
      help:
        'Trained MLPs; trained one-layer CNNs (3×3 filters shared across positions, ReLU, linear readout of every feature-map value); ' +
        'random-feature models (an MLP whose hidden layer stays at its random init, readout trained); or several of them.',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'cnn', label: 'CNN' },
        { value: 'random-features', label: 'Random features' },
        { value: 'mlp-cnn', label: 'MLP and CNN' },
        { value: 'all', label: 'All three' },
      ],
    },
    control: {
      kind: 'bool',
      label: 'Shuffled-label control',
      help: 'Also sample the space on MNIST with its training labels permuted: the same inputs, nothing to learn.',
      default: true,
    },
    hypotheses: {
      kind: 'int',
      label: 'Hypotheses per space',
      help: 'Networks sampled per data set and space; the bits are also reported from the first half, to show how the estimate settles.',
      default: 128,
      min: 16,
      max: 16384,
    },
    batch: {
      kind: 'int',
      label: 'Models per dispatch',
      help: 'Networks trained together in one set of dispatches; memory grows with it (the first layer’s gradient is models × inputs × width).',
      default: 64,
      min: 1,
      max: 2048,
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced subset of the train split, the same for every hypothesis (the paper’s fixed training budget).',
      default: 256,
      min: 10,
      max: 8192,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split each hypothesis is scored on (CIFAR-10 here has 1,000).',
      default: 500,
      min: 50,
      max: 1000,
    },
    pool: {
      kind: 'choice',
      label: 'Downsampling',
      help: 'Average-pools images by this factor before training, the same for both data sets (CIFAR-10 keeps 4× MNIST’s input dimension).',
      default: '4',
      choices: [
        { value: '1', label: 'none (784 / 3,072 inputs)' },
        { value: '2', label: '2× (196 / 768 inputs)' },
        { value: '4', label: '4× (49 / 192 inputs)' },
      ],
    },
    hidden: {
      kind: 'int',
      label: 'Hidden width',
      help: 'ReLU units of each MLP’s (and random-feature model’s) one hidden layer.',
      default: 16,
      min: 1,
      max: 512,
    },
    channels: {
      kind: 'int',
      label: 'CNN channels',
      help: '3×3 filters of each CNN; its readout sees channels × positions values (e.g. 4 × 25 on 7×7 MNIST).',
      default: 4,
      min: 1,
      max: 64,
    },
    steps: {
      kind: 'int',
      label: 'Training steps',
      help: 'Full-batch Adam steps per network: brief training, as in the paper.',
      default: 20,
      min: 0,
      max: 10000,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam’s step size on the square loss (the paper’s code uses Adam).',
      default: 0.02,
      min: 1e-5,
      max: 10,
      log: true,
    },
    target: {
      kind: 'number',
      label: 'Target relative error ε',
      help: 'Test risk relative to predicting the class mean (1 = no better than chance) that a hypothesis must reach; the same for every data set.',
      default: 0.5,
      min: 0.01,
      max: 1.5,
    },
  },
  views: ['inductive-bias', 'progress'],
  // The first layer's weights, Adam moments and gradient are each one [batch, inputs, width] buffer.
  validate: (p) =>
    Number(p.batch) * (3072 / Number(p.pool) ** 2 + 1) * Number(p.hidden) * 4 <= 2 ** 27
      ? []
      : [
          'Models per dispatch × CIFAR-10 inputs × hidden width exceeds one 128 MiB GPU buffer: lower the batch or the width.',
        ],
  presets: [
    {
      label: 'Paper-like: MLP vs CNN vs random features, 4,096 hypotheses, 1,024 training images',
      note: 'All three spaces on 2×-pooled MNIST (196) and CIFAR-10 (768), wider networks trained longer on a larger budget, many more hypotheses (minutes on a GPU, far too slow in software).',
      params: {
        classes: 'all',
        hypotheses: 4096,
        // A CNN batch's feature maps (16 × 1,024 × 196 × 8 floats) fill most of one 128 MiB buffer.
        batch: 16,
        trainSize: 1024,
        testSize: 1000,
        pool: '2',
        hidden: 64,
        channels: 8,
        steps: 100,
      },
      gpu: true,
    },
  ],
  metrics: ['bits/{series}', 'error/{series}'],
  snapshots: ['ib/errors', 'ib/tail'],
  load: () => import('./inductive-bias.ts').then((m) => m.inductiveBiasRunner),
});
