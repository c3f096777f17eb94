/**
 * The loss-landscape family's metas (plain data, no GPU code): 1-D/2-D slices with trajectory PCA,
 * linear mode connectivity, and intrinsic dimension. Defaults give a visible result on a CPU
 * WebGPU adapter in about a minute; a real GPU can scale the sizes up.
 */
import type { ExperimentMeta, ParamSpec } from '../experiment.ts';

const dataset: ParamSpec = {
  kind: 'choice',
  label: 'Dataset',
  help: 'Which 28×28 image set to train on.',
  default: 'mnist',
  choices: [
    { value: 'mnist', label: 'MNIST (digits)' },
    { value: 'fashion-mnist', label: 'Fashion-MNIST (clothing)' },
  ],
};
const trainSize: ParamSpec = {
  kind: 'int',
  label: 'Training examples',
  help: 'A seeded random subset of the training split.',
  default: 2000,
  min: 64,
  max: 60000,
};
const evalSize: ParamSpec = {
  kind: 'int',
  label: 'Landscape examples',
  help: 'The first N training examples of the subset: every point of a slice is scored on them (one forward pass each).',
  default: 300,
  min: 16,
  max: 60000,
};
const hidden = (def: number[]): ParamSpec => ({
  kind: 'ints',
  label: 'Hidden widths',
  help: 'Widths of the fully connected ReLU network’s hidden layers.',
  default: def,
  min: 1,
  max: 4096,
  minLength: 1,
  maxLength: 4,
});
const steps = (def: number): ParamSpec => ({
  kind: 'int',
  label: 'Training steps',
  help: 'SGD steps of each training run.',
  default: def,
  min: 1,
  max: 100000,
});
const batch: ParamSpec = {
  kind: 'int',
  label: 'Batch size',
  help: 'Examples per step.',
  default: 50,
  min: 1,
  max: 1024,
};
const lr: ParamSpec = {
  kind: 'number',
  label: 'Learning rate',
  help: 'SGD (momentum 0.9) learning rate.',
  default: 0.05,
  min: 1e-5,
  max: 10,
  log: true,
};

export const sliceMeta: ExperimentMeta = {
  id: 'landscape-slice',
  family: 'landscape',
  title: 'Loss landscape slices',
  explanation:
    'Train a small network, then look at its loss surface: a 1-D line from the initialization to the trained ' +
    'weights, and a 2-D plane through the trained point, spanned either by two random directions with filter ' +
    'normalization (each unit’s incoming weights rescaled to the trained norm, so the scale matches the network) ' +
    'or by the top two PCA directions of the training trajectory, which is drawn over the contours. The trained ' +
    'point sits in a basin; the PCA plane shows how SGD descended into it.',
  paper: {
    title: 'Visualizing the Loss Landscape of Neural Nets',
    authors: 'H. Li, Z. Xu, G. Taylor, C. Studer, T. Goldstein',
    year: 2018,
    arxiv: '1712.09913',
  },
  params: {
    dataset,
    trainSize,
    hidden: hidden([32]),
    steps: steps(300),
    batch,
    lr,
    directions: {
      kind: 'choice',
      label: 'Plane',
      help:
        'Two filter-normalized random directions through the trained point, the trajectory’s top-2 PCA directions, or the plane through three checkpoints ' +
        '(initialization, middle, trained; Gram–Schmidt basis with the trained point at the origin, distances in weight-space units).',
      default: 'pca',
      choices: [
        { value: 'pca', label: 'Trajectory PCA' },
        { value: 'random', label: 'Random, filter-normalized' },
        { value: 'checkpoints', label: 'Through 3 checkpoints' },
      ],
    },
    resolution: {
      kind: 'int',
      label: 'Resolution',
      help: 'Grid points per side of the plane (41 for a paper-like plot on a GPU).',
      default: 13,
      min: 3,
      max: 101,
    },
    span: {
      kind: 'number',
      label: 'Span',
      help: 'Random plane: coordinates run over [−span, span]. PCA and checkpoint planes: margin around the trajectory, as a fraction of its extent.',
      default: 1,
      min: 0.05,
      max: 10,
    },
    evalSize,
    checkpoints: {
      kind: 'int',
      label: 'Checkpoints',
      help: 'Trajectory points kept for PCA (evenly spaced in steps).',
      default: 20,
      min: 3,
      max: 200,
    },
  },
  views: ['progress', 'landscape-surface', 'landscape-line', 'metrics'],
};

export const lmcMeta: ExperimentMeta = {
  id: 'landscape-lmc',
  family: 'landscape',
  title: 'Linear mode connectivity',
  explanation:
    'Train a parent network for k steps (the rewind point), then finish training several copies from it with ' +
    'different data orders, and several more networks from different random initializations. Along the straight ' +
    'line between two solutions the test error rises by a “barrier”. Copies that share the rewind point stay in ' +
    'one linearly connected basin (barrier ≈ 0); networks from different inits end in different basins.',
  paper: {
    title: 'Linear Mode Connectivity and the Lottery Ticket Hypothesis',
    authors: 'J. Frankle, G. K. Dziugaite, D. Roy, M. Carbin',
    year: 2020,
    arxiv: '1912.05671',
  },
  params: {
    dataset,
    trainSize,
    hidden: hidden([32]),
    steps: steps(200),
    rewind: {
      kind: 'int',
      label: 'Rewind step k',
      help: 'Steps the shared parent trains before its copies split (0 = same initialization).',
      default: 20,
      min: 0,
      max: 100000,
    },
    runs: {
      kind: 'int',
      label: 'Runs per group',
      help: 'Copies from the rewind point, and networks from fresh inits.',
      default: 2,
      min: 2,
      max: 6,
    },
    batch,
    lr,
    evalSize,
    points: {
      kind: 'int',
      label: 'Points per line',
      help: 'Interpolation points α = 0 … 1 on each line.',
      default: 11,
      min: 3,
      max: 101,
    },
  },
  views: ['progress', 'landscape-barriers', 'landscape-line'],
  validate(p) {
    return Number(p.rewind) >= Number(p.steps) ? ['The rewind step must come before the end of training.'] : [];
  },
};

export const intrinsicMeta: ExperimentMeta = {
  id: 'landscape-intrinsic-dim',
  family: 'landscape',
  title: 'Intrinsic dimension',
  explanation:
    'Train only d numbers z and set the weights to θ = θ0 + P·z, where P is a fixed random D×d projection that ' +
    'is never stored: the kernels regenerate its entries from a counter-based random generator for P·z and Pᵀ·g. ' +
    'Accuracy climbs with d and reaches 90% of the fully trained network at a d far below the parameter count ' +
    'D: the intrinsic dimension d_int90 of the task for this network.',
  paper: {
    title: 'Measuring the Intrinsic Dimension of Objective Landscapes',
    authors: 'C. Li, H. Farkhoor, R. Liu, J. Yosinski',
    year: 2018,
    arxiv: '1804.08838',
  },
  params: {
    dataset,
    trainSize,
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N test images, scored after each run.',
      default: 1000,
      min: 64,
      max: 10000,
    },
    model: {
      kind: 'choice',
      label: 'Network',
      help: 'Fully connected ReLU MLP (hidden widths below; the paper’s is 200-200), or the paper’s LeNet (conv 6@5×5, conv 16@5×5, FC 120-84; D = 44,426 on MNIST).',
      default: 'fc',
      choices: [
        { value: 'fc', label: 'Fully connected' },
        { value: 'lenet', label: 'LeNet' },
      ],
    },
    hidden: hidden([16]),
    steps: steps(150),
    batch,
    dims: {
      kind: 'ints',
      label: 'Subspace sizes d',
      help: 'The sweep of subspace dimensions, one training run each.',
      default: [10, 40, 160],
      min: 1,
      max: 100000,
      minLength: 1,
      maxLength: 16,
    },
    lr: {
      kind: 'number',
      label: 'Subspace learning rate',
      help: 'Adam learning rate of z.',
      default: 0.2,
      min: 1e-5,
      max: 10,
      log: true,
    },
    denseLr: {
      kind: 'number',
      label: 'Dense learning rate',
      help: 'Adam learning rate of the dense baseline.',
      default: 0.003,
      min: 1e-5,
      max: 10,
      log: true,
    },
    projection: {
      kind: 'choice',
      label: 'Projection',
      help: 'Entries of P: ±1 signs (one random block gives 128 entries; fast) or Gaussian as in the paper (30× more work).',
      default: 'sign',
      choices: [
        { value: 'sign', label: '±1 (Rademacher)' },
        { value: 'gaussian', label: 'Gaussian' },
      ],
    },
  },
  views: ['progress', 'landscape-intrinsic'],
};

export const sharpnessMeta: ExperimentMeta = {
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
};

export const outliersMeta: ExperimentMeta = {
  id: 'landscape-outliers',
  family: 'landscape',
  title: 'Outliers with opposing signals',
  explanation:
    'Train full-batch with a large step and record the loss of every training example at every step. At each ' +
    'spike of the mean loss, the examples whose loss rose most and those whose loss fell most form two groups that ' +
    'keep moving in opposition afterwards: each group pulls the weights along a feature (often a background or ' +
    'stroke style) that helps one and hurts the other, and the sharpness climbs to 2/η along it. Gradient descent ' +
    'and Adam are trained side by side from the same initialization.',
  paper: {
    title: 'Outliers with Opposing Signals Have an Outsized Effect on Neural Network Optimization',
    authors: 'E. Rosenfeld, A. Risteski',
    year: 2023,
    arxiv: '2311.04163',
  },
  params: {
    dataset,
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'The whole set is one batch; every example’s loss is recorded each step.',
      default: 500,
      min: 16,
      max: 10000,
    },
    hidden: hidden([32]),
    steps: steps(100),
    lr: {
      kind: 'number',
      label: 'GD step size η',
      help: 'Full-batch gradient descent, no momentum; the stability threshold is 2/η.',
      default: 0.5,
      min: 1e-4,
      max: 10,
      log: true,
    },
    adamLr: {
      kind: 'number',
      label: 'Adam learning rate',
      help: 'The Adam run (0 skips it).',
      default: 0.003,
      min: 0,
      max: 1,
    },
    every: {
      kind: 'int',
      label: 'Sharpness every',
      help: 'Steps between sharpness measurements of the GD run (0: none).',
      unit: 'steps',
      default: 25,
      min: 0,
      max: 10000,
    },
    iterations: {
      kind: 'int',
      label: 'Lanczos steps',
      help: 'Hessian-vector products per sharpness measurement.',
      default: 6,
      min: 2,
      max: 100,
    },
    k: {
      kind: 'int',
      label: 'Group size k',
      help: 'Examples per group: the k whose loss rose most and the k whose loss fell most at a spike.',
      default: 8,
      min: 1,
      max: 64,
    },
    spikes: {
      kind: 'int',
      label: 'Spikes',
      help: 'How many of the largest loss spikes to analyse.',
      default: 3,
      min: 1,
      max: 10,
    },
    window: {
      kind: 'int',
      label: 'Spike window',
      help: 'Steps after a spike over which the two groups’ loss changes are correlated.',
      unit: 'steps',
      default: 10,
      min: 2,
      max: 100,
    },
  },
  views: ['progress', 'landscape-outliers', 'landscape-sharpness'],
  validate(p) {
    return Number(p.steps) < 3 * Number(p.window) ? ['Train for at least three spike windows.'] : [];
  },
};

export const teacherMeta: ExperimentMeta = {
  id: 'landscape-random-teacher',
  family: 'landscape',
  title: 'Random teachers are good teachers',
  explanation:
    'Freeze a randomly initialized network (the teacher) and train a student of the same architecture, from its ' +
    'own random initialization, to reproduce the teacher’s outputs on unlabelled images (mean squared error). No ' +
    'label is used, yet the paper finds the student’s features better than the teacher’s: a linear probe (here ' +
    'closed-form ridge regression on one-hot labels) reaches a higher test accuracy on them. The paper shows it for ' +
    'convnets on CIFAR-10: add conv channels (e.g. 8, 16) and pick CIFAR-10 to test it there (several times slower).',
  paper: {
    title: 'Random Teachers are Good Teachers',
    authors: 'F. Sarnthein, G. Bachmann, S. Anagnostidis, T. Hofmann',
    year: 2023,
    arxiv: '2302.12091',
  },
  params: {
    dataset: {
      ...dataset,
      help: 'Which image set to distill on and probe: 28×28 greyscale or 32×32 colour.',
      choices: [...dataset.choices, { value: 'cifar10', label: 'CIFAR-10 (colour objects)' }],
    },
    trainSize: {
      kind: 'int',
      label: 'Unlabelled examples',
      help: 'A seeded random subset of the training split, used without labels.',
      default: 2000,
      min: 64,
      max: 60000,
    },
    probeSize: {
      kind: 'int',
      label: 'Probe examples',
      help: 'The first N of them, with labels, fit the linear probes.',
      default: 1000,
      min: 32,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N test images score the probes.',
      default: 1000,
      min: 32,
      max: 10000,
    },
    channels: {
      kind: 'ints',
      label: 'Conv channels',
      help: 'Channels of 3×3 ReLU convs (no batch norm), each followed by 2×2 max-pooling, before the fully connected layers; empty for an MLP. The paper uses convnets; on a CPU adapter each conv makes a run several times slower.',
      default: [],
      min: 1,
      max: 256,
      minLength: 0,
      maxLength: 3,
    },
    hidden: hidden([64, 64]),
    out: {
      kind: 'int',
      label: 'Output width',
      help: 'Width of the teacher’s output embedding that the student regresses onto.',
      default: 32,
      min: 1,
      max: 1024,
    },
    steps: {
      kind: 'int',
      label: 'Distillation steps',
      help: 'Adam steps of the student.',
      default: 300,
      min: 1,
      max: 100000,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Unlabelled examples per step.', default: 64, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam learning rate of the student.',
      default: 0.001,
      min: 1e-5,
      max: 1,
      log: true,
    },
    every: {
      kind: 'int',
      label: 'Probe every',
      help: 'Steps between student probes.',
      unit: 'steps',
      default: 50,
      min: 1,
      max: 100000,
    },
    loss: {
      kind: 'choice',
      label: 'Distillation loss',
      help: 'Mean squared error on the outputs, or the paper’s DINO-style cross-entropy between temperature softmaxes (teacher τ = 0.04, student τ = 0.1).',
      default: 'mse',
      choices: [
        { value: 'mse', label: 'MSE' },
        { value: 'kl', label: 'Softmax cross-entropy (DINO)' },
      ],
    },
    nearTeacher: {
      kind: 'number',
      label: 'Near-teacher start',
      help: 'Start the student at θT + s·θ′ (θ′ a fresh initialization) with this s; 0 starts it independently. The paper finds a start close to the teacher amplifies the gain.',
      default: 0,
      min: 0,
      max: 10,
    },
  },
  views: ['progress', 'landscape-teacher'],
  validate(p) {
    const side = p.dataset === 'cifar10' ? 32 : 28;
    const pools = ((p.channels as number[] | undefined) ?? []).length;
    return [
      ...(Number(p.probeSize) > Number(p.trainSize)
        ? ['The probe examples are part of the unlabelled set: at most that many.']
        : []),
      ...(side % 2 ** pools !== 0
        ? [`${side}×${side} images cannot be max-pooled ${pools} times: use fewer conv layers.`]
        : []),
    ];
  },
};

export const landscapeMetas: ExperimentMeta[] = [
  sliceMeta,
  lmcMeta,
  intrinsicMeta,
  sharpnessMeta,
  outliersMeta,
  teacherMeta,
];
