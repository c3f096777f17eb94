import { declareExperiment } from '../../declare.ts';

export const ntkDepth = declareExperiment({
  id: 'ntk-depth',
  family: 'kernels',
  title: 'Wide and deep networks: what the infinitely deep NTK classifies like',
  explanation:
    'The neural tangent kernel of an infinitely wide fully connected network of depth L, computed on the GPU one layer at a ' +
    'time (ReLU, erf and sin in closed form; inputs on the sphere, each layer at its fixed-point variance), then kernel ' +
    'regression onto one-hot labels. At every depth the predictions are compared with two classical classifiers: ' +
    '1-nearest neighbour (the label of the most similar training digit) and majority vote (the most frequent training ' +
    'label). The paper proves which one the infinitely deep network becomes, and that this depends only on the activation’s ' +
    'dual ξ: ReLU (ξ(0) > 0) flattens the kernel to a constant → majority vote; erf and sin (ξ(0) = 0, ξ′(0) < 1 < ξ′(1)) ' +
    'become singular kernel classifiers (neither); 1-NN is the limit ξ′(0) → 0 (sin with large a).',
  watch:
    'As L grows the ReLU line for majority vote (dashed) climbs and its 1-NN line (solid) falls, while erf and sin settle on a classifier that is neither; the heatmaps flatten (ReLU) or go diagonal (erf, sin).',
  paper: {
    title: 'Wide and Deep Neural Networks Achieve Consistency for Classification',
    authors: 'A. Radhakrishnan, M. Belkin, C. Uhler',
    year: 2023,
    arxiv: '2204.14126',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Images as pixel vectors scaled onto a sphere (the paper’s inputs are unit vectors).',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST' },
      ],
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples n',
      help: 'A random (not class-balanced) draw of the train split, so one class is the majority. Deeper nets are needed to reach majority vote as n grows.',
      default: 100,
      min: 10,
      max: 2000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced draw of the test split; agreements are fractions of these.',
      default: 300,
      min: 50,
      max: 2000,
    },
    depths: {
      kind: 'ints',
      label: 'Depths L recorded',
      help: 'The recursion passes every depth up to the largest; these are the ones solved and plotted (log-spaced).',
      default: [1, 2, 3, 5, 8, 13, 20, 32, 50, 79, 100],
      min: 1,
      max: 1000,
      minLength: 2,
      maxLength: 24,
    },
    activations: {
      kind: 'choice',
      label: 'Activations',
      help: 'All three side by side, or one.',
      default: 'all',
      choices: [
        { value: 'all', label: 'ReLU, erf and sin' },
        { value: 'relu', label: 'ReLU' },
        { value: 'erf', label: 'erf' },
        { value: 'sin', label: 'sin' },
      ],
    },
    sinScale: {
      kind: 'number',
      label: 'sin: pre-activation variance a',
      help: 'sin’s dual is sinh(aρ)/sinh a; larger a lowers ξ′(0) = a/sinh a toward the 1-NN case, and float32 runs out sooner (each activation stops there: sin at depth 258 for a = 1, 96 for a = 2).',
      default: 1,
      min: 0.25,
      max: 2,
    },
    kernel: {
      kind: 'choice',
      label: 'Kernel',
      help: 'The NTK (gradient-descent training of the wide network) or the NNGP (Bayesian inference with it).',
      default: 'ntk',
      choices: [
        { value: 'ntk', label: 'NTK' },
        { value: 'nngp', label: 'NNGP' },
      ],
    },
    lambda: {
      kind: 'number',
      label: 'Ridge λ (relative)',
      help: 'λ times the mean diagonal of the training kernel: a tiny ridge, so the fit is (nearly) the interpolating solve of the paper.',
      default: 1e-6,
      min: 1e-9,
      max: 1,
      log: true,
    },
  },
  views: ['ntk-depth', 'progress'],
  presets: [
    {
      label: 'Paper-like: n = 1,000, depth up to 400',
      note: 'The catalogue setting of #17 on MNIST (n = 1,000) with deeper nets: ReLU needs depth far beyond n to reach majority vote; a few minutes on a GPU.',
      params: { trainSize: 1000, testSize: 1000, depths: [1, 2, 4, 8, 16, 32, 64, 100, 200, 400] },
      gpu: true,
    },
  ],
  metrics: [
    'accuracy/{activation}',
    'agree-1nn/{activation}',
    'agree-majority/{activation}',
    'stable/{activation}',
    'offdiag/{activation}',
    'regime/{activation}',
    'dual/{activation}/{quantity}',
    'baseline/{classifier}',
  ],
  snapshots: ['kernel/{activation}'],
  load: () => import('./ntk-depth.ts').then((m) => m.ntkDepthRunner),
});
