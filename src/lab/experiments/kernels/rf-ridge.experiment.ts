import { declareExperiment } from '../../declare.ts';

export const rfRidge = declareExperiment({
  id: 'rf-ridge',
  family: 'kernels',
  title: 'More is better: random-feature ridge regression',
  explanation:
    'A two-layer network whose hidden layer is frozen at random ReLU features φ(x) = ReLU(Wx + b)/√F and whose readout is ' +
    'fitted in closed form by ridge regression (one Cholesky solve per λ, on the GPU), for every number of features F and ' +
    'every training-set size n. For each (F, n) the ridge λ is tuned on a log grid: the claim is that the tuned test risk never ' +
    'gets worse as F or n grows (more is better: no double-descent peak once λ is tuned), and that at the optimum the model ' +
    'fits its training set far better than the test set (overfitting is obligatory).',
  watch:
    'Tuned test risk falls with F on every line (one per n; flat once F ≫ n) and is lower for larger n, while the ridgeless risk (smallest λ) peaks where F = n; at the optimum, train risk sits far below test risk.',
  paper: {
    title:
      'More is Better in Modern Machine Learning: when Infinite Overparameterization is Optimal and Overfitting is Obligatory',
    authors: 'J. B. Simon, D. Karkada, N. Ghosh, M. Belkin',
    year: 2024,
    arxiv: '2311.14646',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Inputs are pixels in [0, 1]; targets are one-hot labels minus their mean (10 outputs).',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST' },
        { value: 'cifar10', label: 'CIFAR-10' },
      ],
    },
    trainSizes: {
      kind: 'ints',
      label: 'Training set sizes n',
      help: 'Nested class-balanced subsets of the train split: size n is the first n examples of the largest. Each (F, n) solves the smaller of F×F and n×n.',
      default: [32, 64, 128, 256],
      min: 16,
      max: 8192,
      minLength: 1,
      maxLength: 8,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split, scored for every (F, λ).',
      default: 1000,
      min: 100,
      max: 10000,
    },
    features: {
      kind: 'ints',
      label: 'Feature counts F',
      help: 'Random ReLU features per model, one model per entry (same W rows nested: the first F of the largest).',
      default: [8, 16, 32, 64, 128, 256, 512, 1024, 2048],
      min: 1,
      max: 16384,
      minLength: 2,
      maxLength: 16,
    },
    lambdaMin: {
      kind: 'number',
      label: 'Smallest λ',
      help: 'Ridge λ grid (log-spaced), relative: the solve uses λ·tr(K)/n so the grid means the same at every F.',
      default: 1e-6,
      min: 1e-9,
      max: 1,
      log: true,
    },
    lambdaMax: {
      kind: 'number',
      label: 'Largest λ',
      help: 'Upper end of the log-spaced grid (relative, as above).',
      default: 10,
      min: 1e-6,
      max: 1e4,
      log: true,
    },
    lambdas: {
      kind: 'int',
      label: 'λ grid points',
      help: 'Log-spaced between the smallest and largest λ; the paper tunes on a fine log grid.',
      default: 13,
      min: 2,
      max: 61,
    },
  },
  views: ['rf-ridge', 'progress'],
  validate: (p) => (Number(p.lambdaMin) < Number(p.lambdaMax) ? [] : ['The smallest λ must be below the largest.']),
  presets: [
    {
      label: 'Paper-like: n up to 2,048, F up to 8,192, 41 λ',
      note: 'The catalogue setting of #30 on MNIST: tuned risk vs F for n = 256 … 2,048 over seven octaves of F, on a finer λ grid (minutes on a GPU, far too slow in software).',
      params: {
        trainSizes: [256, 512, 1024, 2048],
        testSize: 2000,
        features: [64, 128, 256, 512, 1024, 2048, 4096, 8192],
        lambdas: 41,
      },
      gpu: true,
    },
  ],
  metrics: [
    'tuned/risk{n}',
    'tuned/error{n}',
    'tuned/train-risk{n}',
    'tuned/train-error{n}',
    'tuned/lambda{n}',
    'ridgeless/risk{n}',
  ],
  snapshots: ['rf/risk{n}'],
  load: () => import('./rf-ridge.ts').then((m) => m.rfRidgeRunner),
});
