/** Metas of the lazy-rich family (plain data for the UI; runnables in experiments/lazy-rich/). */
import type { ExperimentMeta, ParamValues } from '../experiment.ts';

export const grokPolyMeta: ExperimentMeta = {
  id: 'grokking-lazy-rich',
  family: 'lazy-rich',
  title: 'Grokking as a lazy → rich transition',
  explanation:
    'A two-layer net f(x) = α·(h(x) − h₀(x)), h = meanᵢ φ(wᵢ·x) with φ(z) = z + εz²/2, learns the quadratic target ' +
    '(β·x)²/2 by full-batch gradient descent with learning rate N/α². Large α keeps training lazy: the net behaves like ' +
    'its linearization at init (dashed), fits the training set with the initial kernel, and the test loss sits on the ' +
    'kernel-regression plateau (grey) until the features slowly turn toward β — a delayed drop, i.e. grokking. Small α ' +
    'learns features at once, and train and test fall together. Set “α values” above 1 to sweep α and fill the delay plot.',
  paper: {
    title: 'Grokking as the transition from lazy to rich training dynamics',
    authors: 'T. Kumar, B. Bordelon, S. J. Gershman, C. Pehlevan',
    year: 2023,
    arxiv: '2310.06110',
  },
  params: {
    alpha: {
      kind: 'number',
      label: 'Output scale α',
      help: 'Larger α is lazier (the paper’s knob); the learning rate is N/α² times the factor below.',
      default: 8,
      min: 0.05,
      max: 1000,
      log: true,
    },
    sweep: {
      kind: 'int',
      label: 'α values',
      help: '1 trains α only; k > 1 trains k values log-spaced from “smallest α” to α in sequence, and plots each one’s grokking delay as it finishes.',
      default: 1,
      min: 1,
      max: 8,
    },
    alphaMin: {
      kind: 'number',
      label: 'Smallest α (sweep)',
      help: 'Lower end of the α sweep.',
      default: 0.5,
      min: 0.05,
      max: 1000,
      log: true,
    },
    dim: {
      kind: 'int',
      label: 'Input dimension D',
      help: 'x ~ N(0, I/D). The paper uses 100.',
      default: 30,
      min: 2,
      max: 512,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points P',
      help: 'Grokking needs D < P ≪ D²/2 (the paper: 550 for D = 100).',
      default: 150,
      min: 4,
      max: 2048,
    },
    testSize: {
      kind: 'int',
      label: 'Test points',
      help: 'Fresh draws of x for the test loss.',
      default: 300,
      min: 4,
      max: 4096,
    },
    width: { kind: 'int', label: 'Width N', help: 'Hidden units (the paper: 500).', default: 100, min: 1, max: 4096 },
    eps: {
      kind: 'number',
      label: 'Quadratic part ε',
      help: 'φ(z) = z + εz²/2: how much of the kernel is quadratic.',
      default: 0.3,
      min: 0.001,
      max: 4,
      log: true,
    },
    lrScale: {
      kind: 'number',
      label: 'LR factor',
      help: 'Learning rate = factor · N/α².',
      default: 1,
      min: 0.01,
      max: 4,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch GD steps per α value.',
      unit: 'steps',
      default: 3000,
      min: 10,
      max: 1000000,
    },
    linearized: {
      kind: 'bool',
      label: 'Linearized twin',
      help: 'Also train the first-order Taylor model at init, with the same steps.',
      default: true,
    },
  },
  views: ['lazy-rich', 'lazy-rich-sweep', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.sweep) > 1 && !(Number(p.alphaMin) < Number(p.alpha))
      ? ['The smallest α of a sweep must be below α.']
      : [];
  },
};

export const xorMeta: ExperimentMeta = {
  id: 'xor-benign-overfitting',
  family: 'lazy-rich',
  title: 'Benign overfitting and grokking on XOR clusters',
  explanation:
    'Points sit in four clusters ±μ₁ (label +1) and ±μ₂ (label −1) in high dimension, and a fraction of the training ' +
    'labels is flipped. A two-layer ReLU net with fixed ±1/√m readouts and small init trains by full-batch GD on the logistic loss. After the first ' +
    'steps it fits every noisy training label with a near-linear rule that is at chance on clean test points; later the ' +
    'neurons turn toward ±μ₁ and ±μ₂ (the plane plot) and clean test accuracy climbs while the flipped labels stay fitted.',
  paper: {
    title: 'Benign overfitting and grokking in ReLU networks for XOR cluster data',
    authors: 'Z. Xu, Y. Wang, S. Frei, G. Vardi, W. Hu',
    year: 2023,
    arxiv: '2310.02541',
  },
  params: {
    dim: {
      kind: 'int',
      label: 'Dimension d',
      help: 'd ≫ n puts the net in the benign-overfitting regime; the effect needs 4d/n < ‖μ‖² < d/√n.',
      default: 2000,
      min: 2,
      max: 8192,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points n',
      help: 'Split evenly over the four clusters.',
      default: 100,
      min: 8,
      max: 4096,
    },
    testSize: { kind: 'int', label: 'Test points', help: 'Clean labels.', default: 400, min: 8, max: 8192 },
    width: {
      kind: 'int',
      label: 'Neurons m',
      help: 'Half with readout +1/√m, half with −1/√m (fixed).',
      default: 100,
      min: 2,
      max: 4096,
    },
    noise: {
      kind: 'number',
      label: 'Label noise η',
      help: 'Fraction of training labels flipped.',
      default: 0.1,
      min: 0,
      max: 0.45,
    },
    signal: {
      kind: 'number',
      label: '‖μ‖',
      help: 'Cluster mean norm; the noise per coordinate has variance 1.',
      default: 11,
      min: 0,
      max: 1000,
    },
    init: {
      kind: 'number',
      label: 'Init scale',
      help: 'Std of the first-layer weights.',
      default: 1e-6,
      min: 1e-8,
      max: 1,
      log: true,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Full-batch GD on the logistic loss.',
      default: 0.1,
      min: 1e-4,
      max: 100,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch GD steps.',
      unit: 'steps',
      default: 300,
      min: 1,
      max: 100000,
    },
  },
  views: ['lazy-rich', 'xor-plane', 'progress'],
};

export const modularMeta: ExperimentMeta = {
  id: 'grokking-modular',
  family: 'lazy-rich',
  title: 'Grokking modular addition',
  explanation:
    'A two-layer MLP reads one-hot (a, b) and predicts (a + b) mod p, trained by full-batch AdamW on a random fraction of ' +
    'the p² pairs. With weight decay it first memorizes the training pairs (train accuracy 100%, test near chance) and ' +
    'only much later, as weight decay prunes the memorizing solution toward the Fourier one, test accuracy jumps — ' +
    'grokking. The vertical marks are the steps where train reached 99% and test 95%. With little or no weight decay the ' +
    'jump comes later or not at all; set “weight decays” above 1 to sweep it.',
  paper: {
    title: 'Grokking: generalization beyond overfitting on small algorithmic datasets',
    authors: 'A. Power, Y. Burda, H. Edwards, I. Babuschkin, V. Misra',
    year: 2022,
    arxiv: '2201.02177',
  },
  params: {
    modulus: {
      kind: 'int',
      label: 'Modulus p',
      help: 'Labels are (a + b) mod p; there are p² pairs (Gromov 2023 uses 97).',
      default: 23,
      min: 3,
      max: 211,
    },
    trainFraction: {
      kind: 'number',
      label: 'Train fraction',
      help: 'Share of the p² pairs trained on; the rest is the test set.',
      default: 0.6,
      min: 0.05,
      max: 0.95,
    },
    width: { kind: 'int', label: 'Width', help: 'Hidden units.', default: 64, min: 4, max: 4096 },
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'Quadratic as in Gromov (2023, arXiv 2301.02679), or ReLU.',
      default: 'quadratic',
      choices: [
        { value: 'quadratic', label: 'quadratic z²' },
        { value: 'relu', label: 'ReLU' },
      ],
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'AdamW, β = (0.9, 0.98), full batch.',
      default: 0.03,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    weightDecay: {
      kind: 'number',
      label: 'Weight decay',
      help: 'AdamW’s decoupled decay (the largest value of a sweep).',
      default: 1,
      min: 0,
      max: 10,
    },
    sweep: {
      kind: 'int',
      label: 'Weight decays',
      help: '1 trains one; k > 1 trains k values log-spaced from “smallest decay” up, and plots when each generalized.',
      default: 1,
      min: 1,
      max: 8,
    },
    weightDecayMin: {
      kind: 'number',
      label: 'Smallest decay (sweep)',
      help: 'Lower end of the weight-decay sweep.',
      default: 0.03,
      min: 1e-4,
      max: 10,
      log: true,
    },
    initScale: {
      kind: 'number',
      label: 'Init scale',
      help: 'Multiplies the Kaiming init; larger starts lazier and groks later.',
      default: 1,
      min: 0.05,
      max: 20,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch steps per weight decay.',
      unit: 'steps',
      default: 600,
      min: 10,
      max: 1000000,
    },
  },
  views: ['grok-modular', 'grok-modular-sweep', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.sweep) > 1 && !(Number(p.weightDecayMin) < Number(p.weightDecay))
      ? ['The smallest weight decay of a sweep must be below the weight decay.']
      : [];
  },
};

export const connectivityMeta: ExperimentMeta = {
  id: 'connectivity-rank',
  family: 'lazy-rich',
  title: 'Initial connectivity rank and laziness',
  explanation:
    'The first layer of a two-layer ReLU net starts at W₀ = s·U·Vᵀ of rank r with the Frobenius norm held fixed, its input ' +
    'directions U either random or starting with the teacher’s directions β (task-aligned). Each init is trained by full-batch ' +
    'GD on a multi-index teacher y = Σ ±|βₖ·x| until its train MSE reaches the same fraction of the initial one, and the plots show how far the weights and the empirical ' +
    'NTK had to move. The paper’s claim: low-rank inits learn richer (move more) than high-rank ones, unless they are task-aligned.',
  paper: {
    title: 'How connectivity structure shapes rich and lazy learning in neural circuits',
    authors: 'Y. H. Liu, A. Baratin, J. Cornford, S. Mihalas, E. Shea-Brown, G. Lajoie',
    year: 2023,
    arxiv: '2310.08513',
  },
  params: {
    dim: {
      kind: 'int',
      label: 'Input dimension D',
      help: 'x ~ N(0, I/D); ranks 1, 2, 4, … up to min(D, N) are trained.',
      default: 32,
      min: 2,
      max: 512,
    },
    width: {
      kind: 'int',
      label: 'Width N',
      help: 'Hidden units, readouts fixed at ±1/√N.',
      default: 64,
      min: 2,
      max: 4096,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points',
      help: 'Also the probe batch of the NTK.',
      default: 128,
      min: 4,
      max: 2048,
    },
    directions: {
      kind: 'int',
      label: 'Teacher directions K',
      help: 'y = |β₁·x| − |β₂·x| + …, with orthonormal β scaled to unit-variance projections.',
      default: 2,
      min: 1,
      max: 64,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Full-batch GD on the MSE.',
      default: 4,
      min: 1e-4,
      max: 100,
      log: true,
    },
    target: {
      kind: 'number',
      label: 'Stop at loss',
      help: 'Each init trains until its train MSE first falls to this fraction of the initial MSE, so every init is measured at the same fit.',
      default: 0.1,
      min: 1e-4,
      max: 1,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Max steps',
      help: 'Cap on GD steps per init (an init that hits it is measured there).',
      unit: 'steps',
      default: 2000,
      min: 1,
      max: 100000,
    },
  },
  views: ['connectivity-rank', 'progress'],
};

export const criticalityMeta: ExperimentMeta = {
  id: 'criticality',
  family: 'lazy-rich',
  title: 'Criticality and the depth-to-width ratio',
  explanation:
    'Thousands of random deep MLPs (weights N(0, C_W/n), biases N(0, C_b)) run at once, one dispatch per layer for the whole ' +
    'ensemble. The phase map shows how the preactivation variance K^(ℓ) and the input–output Jacobian grow or shrink over ' +
    'depth across (C_b, C_W): ordered (vanishing) below the critical line, chaotic (exploding) above it, preserved at ' +
    'criticality (ReLU: C_W = 2, C_b = 0; tanh: C_W = 1, C_b = 0). The curves compare measured K^(ℓ) with the ' +
    'infinite-width recursion K′ = C_b + C_W·E[φ(z)²]. At criticality the output is not quite Gaussian: its excess ' +
    'kurtosis across inits, the leading 1/n correction, grows with depth/width L/n (ReLU: ≈ 15·L/n, tanh: ≈ 2·L/n). With ' +
    'few inits per point and L/n near ½ the ensemble mean is carried by rare large networks, so a single run usually reads low there.',
  paper: {
    title: 'The Principles of Deep Learning Theory',
    authors: 'D. A. Roberts, S. Yaida, B. Hanin',
    year: 2021,
    arxiv: '2106.10165',
  },
  params: {
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'ReLU (critical at C_W = 2) or tanh (critical at C_W = 1), both at C_b = 0.',
      default: 'relu',
      choices: [
        { value: 'relu', label: 'ReLU' },
        { value: 'tanh', label: 'tanh' },
      ],
    },
    depth: {
      kind: 'int',
      label: 'Depth L',
      help: 'Layers of every network; the book goes to L = 64.',
      default: 16,
      min: 2,
      max: 64,
    },
    width: {
      kind: 'int',
      label: 'Width n',
      help: 'Units per layer (and input dimension). The kurtosis sweep also runs n/4 and n/2.',
      default: 32,
      min: 2,
      max: 512,
    },
    ensemble: {
      kind: 'int',
      label: 'Inits per grid point',
      help: 'Networks per (C_b, C_W) point; all points share these draws.',
      default: 16,
      min: 1,
      max: 1024,
    },
    gridSize: {
      kind: 'int',
      label: 'Grid size',
      help: 'Points per axis of the (C_b, C_W) phase map.',
      default: 9,
      min: 2,
      max: 25,
    },
    cbMax: { kind: 'number', label: 'Largest C_b', help: 'Bias variances 0 … this.', default: 0.5, min: 0, max: 4 },
    cwMin: {
      kind: 'number',
      label: 'Smallest C_W',
      help: 'Weight variance range of the phase map (lower end).',
      default: 0.5,
      min: 0.05,
      max: 8,
    },
    cwMax: {
      kind: 'number',
      label: 'Largest C_W',
      help: 'Weight variance range of the phase map (upper end).',
      default: 3,
      min: 0.1,
      max: 8,
    },
    kurtosisInits: {
      kind: 'int',
      label: 'Inits for kurtosis',
      help: 'Independent networks at criticality per width for the output’s excess kurtosis (the catalogue: ≥ 2,000).',
      default: 2048,
      min: 16,
      max: 16384,
    },
  },
  views: ['criticality', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.cwMin) < Number(p.cwMax) ? [] : ['The smallest C_W must be below the largest.'];
  },
};

export const lazyRichMetas: readonly ExperimentMeta[] = [
  grokPolyMeta,
  xorMeta,
  modularMeta,
  connectivityMeta,
  criticalityMeta,
];
