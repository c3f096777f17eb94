import { declareExperiment } from '../../declare.ts';

export const convergentLearning = declareExperiment({
  id: 'convergent-learning',
  family: 'representations',
  title: 'Do two nets from different seeds learn the same units?',
  explanation:
    'Two identical networks are trained on the same data from different random seeds, then every hidden layer of each is run ' +
    'on a probe set. Per layer the unit–unit correlation matrix between the two nets is computed on the GPU, and the units are ' +
    'paired one-to-one by the Hungarian algorithm (and semi-matched: each unit to its best partner). Controls in the same run: ' +
    'the same two nets before training, and the trained pair with the probe rows of one net shuffled (chance correlations). ' +
    'One-to-many: each unit of net B is then predicted from all of net A’s units by a lasso (L1-penalized linear map, FISTA ' +
    'on the GPU) over a range of penalties, against the same lasso from net A’s rows shuffled. Many-to-many: the units of ' +
    'both nets are clustered together by spectral clustering on |correlation|, against the same clustering with the shuffled probe.',
  watch:
    'After matching, the correlation matrix gets a diagonal that fades from the best-matched pairs to the worst. The trained ' +
    'pair’s mean matched r sits well above the untrained pair’s and far above the shuffled probe’s, and predicting a unit ' +
    'from the whole layer of the other net (dashed pink) beats its best single partner: the nets share subspaces more than units. In the one-to-many panel a handful of A’s ' +
    'units per unit of B already predicts it far better than its one-to-one match, while the shuffled control stays at error 1. ' +
    'In the many-to-many panel most clusters hold units of both nets, whose correlation is well above that of units in different ' +
    'clusters; with the shuffled probe the two fall together.',
  paper: {
    title: 'Convergent Learning: Do different neural networks learn the same representations?',
    authors: 'Y. Li, J. Yosinski, J. Clune, H. Lipson, J. Hopcroft',
    year: 2015,
    arxiv: '1511.07543',
  },
  params: {
    model: {
      kind: 'choice',
      label: 'Networks',
      help: 'MLP: 784 → h → … → 10 on MNIST. CNN: Conv-4 (four 3×3 ReLU convs, two max-pools, two hidden FC layers) on CIFAR-10, conv channels as units.',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP on MNIST' },
        { value: 'cnn', label: 'Conv-4 on CIFAR-10' },
      ],
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced training subset; both nets train on the same images, each in its own seeded order.',
      default: 2000,
      min: 100,
      max: 50000,
    },
    probeSize: {
      kind: 'int',
      label: 'Probe examples',
      help: 'Class-balanced test images whose activations are correlated (for a conv layer every spatial position is a sample too).',
      default: 1000,
      min: 20,
      max: 10000,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Adam epochs for each net (batch 50).',
      default: 3,
      min: 1,
      max: 200,
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
      label: 'MLP width',
      help: 'Units in each hidden layer of the MLP.',
      default: 128,
      min: 4,
      max: 512,
    },
    depth: {
      kind: 'int',
      label: 'MLP hidden layers',
      help: 'Hidden ReLU layers of the MLP; every one is compared.',
      default: 3,
      min: 1,
      max: 6,
    },
    cnnWidth: {
      kind: 'number',
      label: 'CNN width multiplier',
      help: 'Conv-4 has 64, 64, 128, 128 channels and 256-wide FC layers, every width multiplied by this.',
      default: 0.25,
      min: 0.0625,
      max: 1,
    },
    ridge: {
      kind: 'number',
      label: 'Prediction ridge λ',
      help: 'Ridge penalty of the linear prediction of each unit of net B from all units of net A (inputs scaled to unit correlation), fitted on half the probe rows and scored on the other half.',
      default: 0.1,
      min: 1e-4,
      max: 100,
      log: true,
    },
    lassoIterations: {
      kind: 'int',
      label: 'Sparse prediction steps',
      help:
        'FISTA steps per L1 penalty λ of the sparse (one-to-many) prediction of each unit of net B from all units of net A ' +
        '(fitted on half the probe rows, scored on the other half); each λ starts from the last one’s map, so a few dozen ' +
        'steps reach its error to 3 digits. 0 skips it.',
      default: 60,
      min: 0,
      max: 5000,
    },
    clusters: {
      kind: 'int',
      label: 'Clusters per layer',
      help:
        'Many-to-many: the units of both nets in a layer are clustered together (spectral clustering on |correlation|, ' +
        'within and across the nets) into this many groups. 0 skips it.',
      default: 8,
      min: 0,
      max: 16,
    },
  },
  views: ['convergent-learning', 'progress'],
  presets: [
    {
      label: 'Paper-like: Conv-4 on 10,000 CIFAR-10 images',
      note: 'Small CNNs as in the paper’s setting (scaled down from AlexNet), conv channels correlated over every position of 500 probe images; minutes on a GPU.',
      params: { model: 'cnn', trainSize: 10000, probeSize: 500, epochs: 10, cnnWidth: 0.5 },
      gpu: true,
    },
  ],
  metrics: [
    'probe/accuracy{net}',
    'one-to-one/mean{pair}',
    'one-to-one/high{pair}',
    'one-to-one/low{pair}',
    'semi/mean{pair}',
    'predicted/mean{pair}',
    'sparse/error{lambda}',
    'sparse/nonzeros{lambda}',
    'sparse/shuffled{lambda}',
    'one-to-one/error',
    'clusters/within{pair}',
    'clusters/across{pair}',
    'clusters/mixed{pair}',
  ],
  snapshots: ['correlation/raw{layer}', 'correlation/matched{layer}', 'matched/r{layer}'],
  load: () => import('./convergent-learning.ts').then((m) => m.convergentLearningRunner),
});
