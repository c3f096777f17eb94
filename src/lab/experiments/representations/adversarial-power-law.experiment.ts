import { declareExperiment } from '../../declare.ts';

export const adversarialPowerLaw = declareExperiment({
  id: 'adversarial-power-law',
  family: 'representations',
  title: 'Adversarial error is a power law in ε',
  explanation:
    'A linear classifier, an MLP and a small CNN are trained on the same MNIST subset, then every correctly classified test ' +
    'image is pushed by an L∞ perturbation of size ε: the FGSM step ε·sign(∂loss/∂x) (or PGD), and as a control a random ' +
    'sign pattern of the same norm. The adversarial error (share of correct images that flip) follows a power law ε^a at ' +
    'small ε, and the claim is that the exponent a is universal: about the same for every architecture, and for nets ' +
    'trained on shuffled labels, which can only memorise (those are attacked on the training images they fit).',
  watch:
    'On the log-log plot every model’s FGSM error is a straight line at small ε with nearly the same slope (the fitted exponent ' +
    'beside each line), while random-sign noise of the same ε leaves the error near zero.',
  paper: {
    title: 'Intriguing Properties of Adversarial Examples',
    authors: 'E. D. Cubuk, B. Zoph, S. S. Schoenholz, Q. V. Le',
    year: 2017,
    arxiv: '1711.02846',
  },
  params: {
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced MNIST subset, pixels in [0, 1]; all three models train on the same images.',
      default: 1000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Attacked examples',
      help:
        'Class-balanced test subset; the error at ε counts the correctly classified ones that an ε-perturbation flips. ' +
        'With shuffled labels these are the first training images instead (at most the training examples).',
      default: 300,
      min: 100,
      max: 10000,
    },
    labels: {
      kind: 'choice',
      label: 'Training labels',
      help:
        'True MNIST labels, or the same labels in a seeded random order: no signal to learn, so a net can only memorise. ' +
        'A shuffled-label net is at chance on test images, so it is attacked on training images, and an image counts as ' +
        'correct when the net gives it the shuffled label it was trained on.',
      default: 'true',
      choices: [
        { value: 'true', label: 'True' },
        { value: 'shuffled', label: 'Shuffled' },
      ],
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Adam epochs for every model (batch 50).',
      default: 4,
      min: 1,
      max: 200,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam step size for every model.',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    hidden: {
      kind: 'int',
      label: 'MLP width',
      help: 'Hidden ReLU units of the MLP 784 → h → h → 10.',
      default: 128,
      min: 8,
      max: 2048,
    },
    cnnWidth: {
      kind: 'number',
      label: 'CNN width multiplier',
      help: 'Conv-2 (two 3×3 convs of 64 channels, max-pool, 256-256-10) with every width multiplied by this.',
      default: 0.125,
      min: 0.0625,
      max: 1,
    },
    attack: {
      kind: 'choice',
      label: 'Attack',
      help: 'FGSM: one step ε·sign(∇ₓloss). PGD: steps of ε/4·sign(∇ₓloss), each projected back onto the ε-ball and [0, 1].',
      default: 'fgsm',
      choices: [
        { value: 'fgsm', label: 'FGSM' },
        { value: 'pgd', label: 'PGD' },
      ],
    },
    pgdSteps: {
      kind: 'int',
      label: 'PGD steps',
      help: 'Gradient steps per ε for PGD (ignored by FGSM).',
      default: 7,
      min: 1,
      max: 100,
    },
    epsMin: {
      kind: 'number',
      label: 'Smallest ε',
      help: 'L∞ radius, in pixel units (pixels are in [0, 1]); the grid is log-spaced.',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    epsMax: {
      kind: 'number',
      label: 'Largest ε',
      help: 'Upper end of the log-spaced ε grid.',
      default: 0.3,
      min: 1e-3,
      max: 1,
      log: true,
    },
    epsCount: {
      kind: 'int',
      label: 'ε grid points',
      help: 'Log-spaced radii between the smallest and largest ε.',
      default: 10,
      min: 3,
      max: 40,
    },
    fitMax: {
      kind: 'number',
      label: 'Fit up to ε',
      help: 'The power law is fitted by least squares on log error vs log ε over the grid’s ε up to this (where the error is nonzero): the small-ε regime.',
      default: 0.03,
      min: 1e-4,
      max: 1,
      log: true,
    },
  },
  views: ['adversarial-power-law', 'progress'],
  validate: (p) => [
    ...(Number(p.epsMin) < Number(p.epsMax) ? [] : ['The smallest ε must be below the largest.']),
    ...(p.labels === 'shuffled' && Number(p.testSize) > Number(p.trainSize)
      ? ['With shuffled labels the attacked images are training images: at most as many as the training examples.']
      : []),
  ],
  presets: [
    {
      label: 'Paper-like: 10,000 training images, PGD, 24 radii',
      note: 'Closer to the paper’s MNIST setting: the three models trained longer on a larger subset, attacked by PGD on a finer ε grid (minutes on a GPU).',
      params: { trainSize: 10000, testSize: 5000, epochs: 20, attack: 'pgd', epsCount: 24, cnnWidth: 0.5 },
      gpu: true,
    },
    {
      label: 'Shuffled labels: memorised nets, same power law?',
      note: 'The labels of 500 training images in a seeded random order, 20 epochs so that the nets memorise much of them, and those 500 images attacked: the paper says the power law and its exponent are the same as with true labels.',
      params: { labels: 'shuffled', trainSize: 500, testSize: 500, epochs: 20 },
    },
  ],
  metrics: [
    'epsilon',
    'adversarial/error{model}',
    'noise/error{model}',
    'clean/accuracy{model}',
    'fit/exponent{model}',
    'fit/r2{model}',
  ],
  snapshots: ['examples/original', 'examples/adversarial{model}'],
  load: () => import('./adversarial-power-law.ts').then((m) => m.adversarialPowerLawRunner),
});
