import { declareExperiment } from '../../declare.ts';
import { poolDataset } from './params.ts';

export const elr = declareExperiment({
  id: 'elr',
  family: 'data',
  title: 'Early-learning regularization: fit the clean labels, not the noise',
  explanation:
    'A fraction of the training labels is flipped to a wrong class at random (symmetric noise). ' +
    'Two networks from the same init see the same batches: one trained with cross-entropy (CE, the control), one with ELR, ' +
    'CE + λ·log(1 − ⟨p, t⟩), where t is a running average (t ← βt + (1 − β)p) of the network’s own past predictions for that example, kept on the GPU per example. ' +
    'Early in training a network fits the clean labels and predicts the true class even for the flipped examples ("early learning"); ' +
    'later CE memorizes the wrong labels. ELR pulls each prediction towards its early-learning target, so the wrong labels are never fitted.',
  watch:
    'Left, CE: the share of flipped examples predicted as their true class rises first, then falls while the share predicted as the wrong training label (memorized) climbs past half; ' +
    'right, ELR: the true-class share stays high and the memorized share stays low. Below, CE’s test accuracy peaks early and sags as it memorizes; ELR’s does not.',
  paper: {
    title: 'Early-Learning Regularization Prevents Memorization of Noisy Labels',
    authors: 'S. Liu, J. Niles-Weed, N. Razavian, C. Fernandez-Granda',
    year: 2020,
    arxiv: '2007.00151',
  },
  params: {
    dataset: poolDataset('mnist'),
    trainSize: {
      kind: 'int',
      label: 'Training pool',
      help: 'Examples trained on (class-balanced), before the noise.',
      default: 2000,
      min: 100,
      max: 20000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split (clean labels).',
      default: 1000,
      min: 100,
      max: 10000,
    },
    noise: {
      kind: 'int',
      label: 'Label noise (%)',
      help: 'Symmetric noise: this share of the pool gets a label drawn uniformly from the other classes.',
      default: 40,
      min: 0,
      max: 80,
    },
    model: {
      kind: 'choice',
      label: 'Model',
      help: 'A ReLU MLP (widths below), or a convolutional preset for image data.',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'conv2', label: 'Conv-2' },
        { value: 'conv4', label: 'Conv-4' },
        { value: 'resnet20', label: 'ResNet-20' },
      ],
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths (MLP)',
      help: 'Wide enough to memorize the pool.',
      default: [256],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 4,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes over the pool, for both networks.',
      default: 20,
      min: 1,
      max: 300,
    },
    batch: { kind: 'int', label: 'Batch', help: 'Examples per SGD step.', default: 128, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'SGD with momentum 0.9 and a cosine schedule over the whole run.',
      default: 0.02,
      min: 1e-4,
      max: 1,
      log: true,
    },
    weightDecay: {
      kind: 'number',
      label: 'Weight decay',
      help: 'L2 penalty of both networks (the paper: 1e-3 on CIFAR-10).',
      default: 1e-3,
      min: 0,
      max: 0.1,
    },
    lambda: {
      kind: 'number',
      label: 'ELR λ',
      help: 'Weight of the regularizer log(1 − ⟨p, t⟩) (the paper’s CIFAR-10 default: 3).',
      default: 3,
      min: 0,
      max: 20,
    },
    beta: {
      kind: 'number',
      label: 'ELR β',
      help: 'Memory of the targets’ running average t ← βt + (1 − β)p (the paper’s default: 0.7).',
      default: 0.7,
      min: 0,
      max: 0.999,
    },
  },
  views: ['elr-memorization', 'progress'],
  presets: [
    {
      label: 'Paper-like: CIFAR-10, Conv-4, 40% noise, 120 epochs',
      note: 'The paper’s illustration at browser scale: 40% symmetric noise on a 10,000-image CIFAR-10 pool, a Conv-4 network, weight decay 1e-3, λ = 3, β = 0.7 (hours in software; minutes on a GPU).',
      params: {
        dataset: 'cifar10',
        trainSize: 10000,
        testSize: 2000,
        model: 'conv4',
        epochs: 120,
        batch: 128,
        lr: 0.02,
        weightDecay: 1e-3,
      },
      gpu: true,
    },
  ],
  metrics: ['fit/{loss}/{label}', 'test/{loss}'],
  snapshots: [],
  load: () => import('./elr.ts').then((m) => m.elrRunner),
});
