import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

/** The datasets `npm run datasets` builds. */
const DATASET_CHOICES = [
  { value: 'mnist', label: 'MNIST (28×28 digits)' },
  { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
  { value: 'cifar10', label: 'CIFAR-10 (32×32×3 objects)' },
] as const;

/** Input width of each dataset; LeNet-300-100 is defined for 784 inputs only. */
const DATASET_INPUTS: Record<string, number> = { mnist: 784, 'fashion-mnist': 784, cifar10: 3072 };

export const trainNetwork = declareExperiment({
  id: 'train',
  family: 'train',
  title: 'Train a network',
  explanation:
    'A fully connected network learns to classify images by stochastic gradient descent. Watch the train ' +
    'and test curves separate as the network starts to memorize, the learned part of the first-layer weights ' +
    '(each unit’s weights minus their random start) form stroke detectors, and the per-layer gradient norms ' +
    'shrink as the loss flattens. The confusion matrix and the misclassified examples show which classes the ' +
    'network still mixes up.',
  watch:
    'In under a minute: test accuracy (orange) passes 90% within two epochs, and the learned first-layer weights show digit strokes in the centre of the image.',
  paper: {
    title: 'Gradient-based learning applied to document recognition',
    authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
    year: 1998,
    url: 'http://yann.lecun.com/exdb/publis/pdf/lecun-98.pdf',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Which image set to train on.',
      default: 'mnist',
      choices: DATASET_CHOICES,
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded random subset of the training split (capped at the split size: 60,000 for MNIST, 50,000 for CIFAR-10).',
      default: 10000,
      min: 64,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N examples of the test split, evaluated after every epoch.',
      default: 2000,
      min: 64,
      max: 10000,
    },
    model: {
      kind: 'choice',
      label: 'Model',
      help: 'LeNet-300-100 (784-300-100-10, needs 28×28 grey images) or an MLP with the hidden widths below.',
      default: 'lenet300',
      choices: [
        { value: 'lenet300', label: 'LeNet-300-100' },
        { value: 'mlp', label: 'MLP (custom widths)' },
      ],
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'Widths of the MLP’s hidden layers (ignored by LeNet-300-100).',
      default: [300, 100],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 6,
    },
    optimizer: {
      kind: 'choice',
      label: 'Optimizer',
      help: 'SGD with momentum, Adam (L2 decay), or AdamW (decoupled decay).',
      default: 'sgd',
      choices: [
        { value: 'sgd', label: 'SGD' },
        { value: 'adam', label: 'Adam' },
        { value: 'adamw', label: 'AdamW' },
      ],
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Peak learning rate (Adam works best near 1e-3, SGD near 0.05).',
      default: 0.05,
      min: 1e-5,
      max: 10,
      log: true,
    },
    momentum: {
      kind: 'number',
      label: 'Momentum',
      help: 'SGD momentum (Adam ignores it).',
      default: 0.9,
      min: 0,
      max: 0.99,
    },
    weightDecay: {
      kind: 'number',
      label: 'Weight decay',
      help: 'L2 penalty (decoupled for AdamW).',
      default: 0,
      min: 0,
      max: 0.1,
    },
    schedule: {
      kind: 'choice',
      label: 'LR schedule',
      help: 'Constant, cosine decay to zero, or ÷10 at 50% and 75% of training.',
      default: 'cosine',
      choices: [
        { value: 'constant', label: 'Constant' },
        { value: 'cosine', label: 'Cosine' },
        { value: 'step', label: 'Step' },
      ],
    },
    warmup: {
      kind: 'int',
      label: 'Warm-up',
      help: 'Steps of linear warm-up from 0 to the peak learning rate.',
      unit: 'steps',
      default: 0,
      min: 0,
      max: 10000,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: { kind: 'int', label: 'Epochs', help: 'Passes over the training subset.', default: 2, min: 1, max: 100 },
  },
  views: ['metrics', 'progress', 'weights', 'norms', 'confusion', 'misclassified'],
  presets: [
    {
      label: 'All of MNIST, 10 epochs',
      note: 'LeNet-300-100 on the 60,000 training images for 10 epochs: about 98% test accuracy, with the train and test curves starting to separate (seconds a epoch on a GPU, many minutes in software).',
      params: { trainSize: 60000, testSize: 10000, epochs: 10 },
      gpu: true,
    },
  ],
  validate(params: ParamValues): string[] {
    const inputs = DATASET_INPUTS[String(params.dataset)];
    if (params.model === 'lenet300' && inputs !== undefined && inputs !== 784) {
      return [
        `LeNet-300-100 takes 28×28 grey images (784 inputs), but ${String(params.dataset)} has ${inputs}. Choose the MLP model for CIFAR-10.`,
      ];
    }
    return [];
  },
  metrics: [
    'train/loss',
    'train/accuracy',
    'test/loss',
    'test/accuracy',
    'norm/{parameter}.weight',
    'grad/{parameter}.weight',
  ],
  snapshots: ['weights/{parameter}', 'learned/{parameter}', 'confusion', 'misclassified'],
  load: () => import('./train-network.ts').then((m) => m.trainNetworkRunner),
});
