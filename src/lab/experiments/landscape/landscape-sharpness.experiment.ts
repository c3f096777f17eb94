import { declareExperiment } from '../../declare.ts';
import { dataset, hidden, steps } from './params.ts';

export const landscapeSharpness = declareExperiment({
  id: 'landscape-sharpness',
  family: 'landscape',
  title: 'Sharpness and the edge of stability',
  explanation:
    'Full-batch gradient descent at step size η is only stable while the loss’s sharpest curvature (the top ' +
    'Hessian eigenvalue) stays below 2/η. Sharpness is measured by Lanczos iteration on Hessian-vector products, ' +
    'each from two gradients at θ ± εv. With the defaults (a small-init tanh net, MSE loss) watch it start well ' +
    'below 2/η, climb to it (progressive sharpening) and hover there while the loss keeps decreasing ' +
    'non-monotonically: the edge of stability (Cohen et al. 2021). A ReLU net with cross-entropy instead starts ' +
    'above 2/η and is thrown down to it.',
  watch:
    'In about 40 s: the sharpness (blue) starts well below the dashed 2/η = 2.5, climbs to it within about 100 steps and then hovers around it while the loss keeps falling, with small spikes.',
  paper: {
    title: 'Outliers with Opposing Signals Have an Outsized Effect on Neural Network Optimization',
    authors: 'E. Rosenfeld, A. Risteski',
    year: 2023,
    arxiv: '2311.04163',
  },
  params: {
    dataset: { ...dataset, default: 'fashion-mnist' },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'The whole set is one batch (full-batch GD).',
      default: 500,
      min: 16,
      max: 10000,
    },
    hidden: { ...hidden([32, 32]), help: 'Widths of the fully connected network’s hidden layers.' },
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'Hidden-layer nonlinearity. Progressive sharpening is most reliable with tanh and MSE (Cohen et al. 2021).',
      default: 'tanh',
      choices: [
        { value: 'tanh', label: 'tanh' },
        { value: 'relu', label: 'ReLU' },
      ],
    },
    initScale: {
      kind: 'number',
      label: 'Init scale',
      help: 'Glorot-normal initialization multiplied by this. A small init starts the sharpness well below 2/η, so it has to rise.',
      default: 0.25,
      min: 0.01,
      max: 4,
      log: true,
    },
    steps: steps(200),
    lr: {
      kind: 'number',
      label: 'Step size η',
      help: 'Gradient-descent step (no momentum); the stability threshold is 2/η.',
      default: 0.8,
      min: 1e-4,
      max: 10,
      log: true,
    },
    every: {
      kind: 'int',
      label: 'Measure every',
      help: 'Steps between sharpness measurements.',
      unit: 'steps',
      default: 10,
      min: 1,
      max: 10000,
    },
    iterations: {
      kind: 'int',
      label: 'Lanczos steps',
      help: 'Hessian-vector products per measurement (two gradients each); Lanczos finds the top eigenvalue even where a negative one is larger in magnitude.',
      default: 8,
      min: 2,
      max: 100,
    },
    loss: {
      kind: 'choice',
      label: 'Loss',
      help: 'Cross-entropy, or mean squared error against one-hot labels (Cohen et al. study both).',
      default: 'mse',
      choices: [
        { value: 'ce', label: 'Cross-entropy' },
        { value: 'mse', label: 'MSE (one-hot)' },
      ],
    },
  },
  views: ['progress', 'landscape-sharpness'],
  presets: [
    {
      label: 'Longer, with more examples and Lanczos steps',
      note: '2,000 Fashion-MNIST examples, 1,000 full-batch steps, sharpness every 10 steps by 12 Lanczos steps: a longer stretch at the edge of stability (many minutes in software, a minute on a GPU).',
      params: { trainSize: 2000, steps: 1000, iterations: 12 },
      gpu: true,
    },
  ],
  metrics: ['train/loss', 'sharpness', 'threshold'],
  snapshots: [],
  load: () => import('./sharpness.ts').then((m) => m.landscapeSharpnessRunner),
});
