import { declareExperiment } from '../../declare.ts';

export const snnk = declareExperiment({
  id: 'snnk',
  family: 'kernels',
  title: 'Scalable neural network kernels: accuracy per trainable parameter',
  explanation:
    'A feed-forward layer x ↦ σ(Wx + b) couples inputs and weights inside σ. A scalable neural network kernel (SNNK) replaces it by ' +
    'φ(x)ᵀψ: a fixed random-feature map φ of the input (here m random ReLU features, whose inner products estimate the arc-cosine ' +
    'kernel of a ReLU layer) and a trained matrix ψ, so the layer is linear in what is trained. The SNNK-MLP keeps a hidden width h ' +
    'and trains ψ (m×h) and the readout by gradient descent; the fully bundled net collapses everything into one m×10 matrix on φ(x), ' +
    'which mean squared error solves in closed form (one Cholesky solve on the GPU), with no backpropagation. The baseline is the ' +
    'ordinary MLP trained alike, at several widths, so every method is placed at its trainable-parameter count.',
  watch:
    'In the accuracy-vs-parameters chart the bundled closed-form points sit on the bundled gradient-descent points at every m, and the ordinary MLP needs several times more parameters for the same accuracy at small counts.',
  paper: {
    title: 'Scalable Neural Network Kernels',
    authors: 'A. Sehanobish, K. Choromanski, Y. Zhao, A. Dubey, V. Likhosherstov',
    year: 2024,
    arxiv: '2310.13225',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Pixels in [0, 1]; 10 classes.',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST' },
      ],
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced seeded subset of the train split.',
      default: 2000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced seeded subset of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    mlpWidths: {
      kind: 'ints',
      label: 'MLP hidden widths',
      help: 'The baseline: 784 → h → 10 with ReLU, every weight trained (≈ 795·h parameters).',
      default: [8, 16, 32, 64],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 10,
    },
    features: {
      kind: 'ints',
      label: 'Random features m',
      help: 'Size of φ(x) = ReLU(Gx + b) (G, b Gaussian, fixed; model m uses the first m rows of one G). The closed-form solve is m×m.',
      default: [64, 128, 256, 512],
      min: 1,
      max: 16384,
      minLength: 1,
      maxLength: 10,
    },
    snnkWidth: {
      kind: 'int',
      label: 'SNNK hidden width h',
      help: 'Outputs of the SNNK layer φ(x)ᵀψ (ψ is m×h, trained), followed by the trained readout h → 10.',
      default: 16,
      min: 1,
      max: 1024,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes of Adam over the training subset, for every gradient-trained model.',
      default: 5,
      min: 1,
      max: 200,
    },
    batch: {
      kind: 'int',
      label: 'Batch size',
      help: 'Examples per Adam step (the training subset is cut into whole batches).',
      default: 100,
      min: 1,
      max: 4096,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam step size, the same for every gradient-trained model.',
      default: 0.01,
      min: 1e-5,
      max: 1,
      log: true,
    },
    lambda: {
      kind: 'number',
      label: 'Ridge λ (relative)',
      help: 'Closed-form solve: λ·tr(ΦᵀΦ)/m on the diagonal of ΦᵀΦ, targets the centred one-hot labels.',
      default: 1e-3,
      min: 1e-8,
      max: 10,
      log: true,
    },
  },
  views: ['snnk', 'progress'],
  validate: (p) =>
    Number(p.batch) <= Number(p.trainSize) ? [] : ['The batch must not be larger than the training subset.'],
  presets: [
    {
      label: 'Paper-like: full MNIST, m up to 4,096',
      note: 'All 60,000 training images, 20 epochs, m up to 4,096 and MLP widths up to 256: the parameter/accuracy trade-off at full scale (a GPU job).',
      params: {
        trainSize: 60000,
        testSize: 10000,
        features: [64, 256, 1024, 2048, 4096],
        mlpWidths: [8, 16, 32, 64, 128, 256],
        snnkWidth: 64,
        epochs: 20,
      },
      gpu: true,
    },
  ],
  metrics: ['acc/{method}', 'kernel/error'],
  snapshots: [],
  load: () => import('./snnk.ts').then((m) => m.snnkRunner),
});
