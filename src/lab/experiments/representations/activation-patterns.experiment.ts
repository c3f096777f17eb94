import { declareExperiment } from '../../declare.ts';

export const activationPatterns = declareExperiment({
  id: 'activation-patterns',
  family: 'representations',
  title: 'Neural activation patterns as specifications',
  explanation:
    'An MLP with two ReLU layers is trained on an MNIST subset. For each class, its neural activation pattern (NAP) fixes ' +
    'the neurons that are on (or off) in at least δ of the class’s training images and leaves the rest free. Recall: the ' +
    'share of a class’s test images whose pattern follows its NAP; precision: the share of test images following a NAP that ' +
    'belong to its class. The same net before training is the control. Then interval bound propagation (IBP) bounds the ' +
    'logits over an L∞ ball around test images, either the whole ball or only the part of it that follows the class’s NAP.',
  watch:
    'Both nets’ NAPs recall most test images of their class, but only the trained net’s are class-specific: their precision ' +
    'is several times the untrained net’s (near 1/10), though well below the near-perfect precision the catalogue asks for. ' +
    'Inside a NAP, IBP certifies about the same radius as the plain ball: interval bounds gain only where a NAP fixes off a ' +
    'neuron whose bounds straddle 0.',
  paper: {
    title: 'Towards Reliable Neural Specifications',
    authors: 'C. Geng, N. Le, X. Xu, Z. Wang, A. Gurfinkel, X. Si',
    year: 2023,
    arxiv: '2210.16114',
  },
  params: {
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced MNIST subset, pixels in [0, 1]: trains the net and mines the NAPs.',
      default: 2000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced test subset on which recall and precision are measured.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Adam epochs (batch 50).',
      default: 4,
      min: 1,
      max: 100,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam step size.',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    hidden: {
      kind: 'int',
      label: 'Hidden width',
      help: 'ReLU units in each of the two hidden layers of the MLP 784 → h → h → 10.',
      default: 64,
      min: 8,
      max: 1024,
    },
    delta: {
      kind: 'number',
      label: 'NAP threshold δ',
      help: 'A neuron belongs to a class’s NAP when it is on (or off) in at least this share of the class’s training images.',
      default: 0.99,
      min: 0.51,
      max: 1,
    },
    certSize: {
      kind: 'int',
      label: 'Certified test examples',
      help: 'Test images whose ε-balls IBP bounds, plain and inside their class’s NAP (the first of the test subset).',
      default: 100,
      min: 10,
      max: 10000,
    },
    epsMin: {
      kind: 'number',
      label: 'Smallest ε',
      help: 'L∞ radius in pixel units (pixels in [0, 1]); the grid is log-spaced.',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    epsMax: {
      kind: 'number',
      label: 'Largest ε',
      help: 'Upper end of the ε grid; ε = 1 is the whole input box [0, 1]^784, where the NAP alone is the specification.',
      default: 1,
      min: 1e-3,
      max: 1,
      log: true,
    },
    epsCount: {
      kind: 'int',
      label: 'ε grid points',
      help: 'Log-spaced radii between the smallest and largest ε.',
      default: 10,
      min: 2,
      max: 40,
    },
  },
  views: ['activation-patterns', 'progress'],
  validate: (p) => {
    const out: string[] = [];
    if (Number(p.epsMin) >= Number(p.epsMax)) out.push('The smallest ε must be below the largest.');
    if (Number(p.certSize) > Number(p.testSize)) out.push('Certified examples must come from the test subset.');
    return out;
  },
  presets: [
    {
      label: 'Paper-like: all of MNIST, width 128, 1,000 certified images',
      note: 'Closer to the paper’s MNIST setting: the full training set mines the NAPs, the full test set measures recall and precision, and IBP runs on 1,000 test images over 16 radii (about a minute on a GPU).',
      params: { trainSize: 60000, testSize: 10000, epochs: 10, hidden: 128, certSize: 1000, epsCount: 16 },
      gpu: true,
    },
  ],
  metrics: [
    'accuracy{net}',
    'nap/recall{net}',
    'nap/precision{net}',
    'nap/fixed{net}',
    'ibp/epsilon',
    'ibp/verified{spec}',
    'ibp/radius{spec}',
    'ibp/gain',
    'ibp/covered',
  ],
  snapshots: ['nap{net}'],
  load: () => import('./activation-patterns.ts').then((m) => m.activationPatternsRunner),
});
