import { declareExperiment } from '../../declare.ts';

export const ckaGuidance = declareExperiment({
  id: 'cka-guidance',
  family: 'representations',
  title: 'Training the untrainable: CKA guidance from a frozen net',
  explanation:
    'A deep, narrow fully connected net learns images slowly and generalizes badly. Two copies start from the same weights and ' +
    'see the same batches: the control minimizes cross-entropy alone, the guided one adds Σ over its hidden layers of ' +
    '(1 − linear CKA) between that layer and a paired layer of a frozen guide CNN. Matching the guide’s representational ' +
    'similarity hands the deep net the CNN’s inductive bias. The paper’s guide may be trained or untrained; here it is first ' +
    'trained by default, since within a minute of training an untrained guide mostly slows the target down.',
  watch:
    'The guided net’s CKA to the guide rises in every layer while the control’s stays lower, and its train–test gap is smaller; ' +
    'whether its test accuracy ends above the control’s depends on the seed at this budget (the check fails on seeds 2–4).',
  paper: {
    title: 'Training the Untrainable: Introducing Inductive Bias via Representational Alignment',
    authors: 'V. Subramaniam, D. Mayo, C. Conwell, T. Poggio, B. Katz, B. Cheung, A. Barbu',
    year: 2024,
    arxiv: '2410.20035',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'MNIST keeps the default run near a minute on a software GPU; the paper-like setting uses a CIFAR-10 subset.',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST' },
        { value: 'cifar10', label: 'CIFAR-10' },
      ],
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced seeded subset of the training split.',
      default: 2000,
      min: 100,
      max: 20000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced seeded test subset; train accuracy is measured on as many training examples.',
      default: 500,
      min: 100,
      max: 10000,
    },
    depth: {
      kind: 'int',
      label: 'Hidden layers',
      help: 'Hidden ReLU layers of the target, a plain fully connected net (no residuals, no normalization).',
      default: 12,
      min: 2,
      max: 32,
    },
    width: {
      kind: 'int',
      label: 'Hidden width',
      help: 'Units in every hidden layer of the target.',
      default: 64,
      min: 16,
      max: 2048,
    },
    init: {
      kind: 'choice',
      label: 'Target initialization',
      help: 'He (normal, variance 2/fan-in) keeps the signal at scale through the ReLU layers. PyTorch’s default for linear layers (uniform, variance 1/(3·fan-in)) shrinks it layer after layer, so a deep plain net barely trains at all.',
      default: 'he',
      choices: [
        { value: 'he', label: 'He (Kaiming normal)' },
        { value: 'torch', label: 'PyTorch default' },
      ],
    },
    guide: {
      kind: 'choice',
      label: 'Guide',
      help: 'Trained: the CNN is first trained by Adam on the same subset, for as many steps as each copy of the target, then frozen. Untrained: the CNN at its random initialization (the paper’s surprising case, which needs far longer training than a minute).',
      default: 'trained',
      choices: [
        { value: 'trained', label: 'Trained CNN' },
        { value: 'untrained', label: 'Untrained CNN' },
      ],
    },
    guidePairs: {
      kind: 'int',
      label: 'Guide conv pairs',
      help: 'Conv-2 (1) or Conv-4 (2): pairs of 3×3 ReLU convs, each followed by 2×2 max-pooling, then 256-256 fully connected; its layers are the pools and the two hidden fc layers.',
      default: 1,
      min: 1,
      max: 2,
    },
    guideWidth: {
      kind: 'number',
      label: 'Guide width multiplier',
      help: 'Multiplies every width of the guide CNN (64 conv channels and 256 fc units at 1).',
      default: 0.125,
      min: 0.0625,
      max: 1,
    },
    guideWeight: {
      kind: 'number',
      label: 'Guidance weight',
      help: 'λ in loss = cross-entropy + λ·Σ_layers (1 − CKA(target layer, guide layer)).',
      default: 1,
      min: 0.01,
      max: 10,
      log: true,
    },
    warmSteps: {
      kind: 'int',
      label: 'Warm-start steps',
      help: 'With more than 0, a third copy trains on the guidance loss alone for this many steps, then on cross-entropy alone: guidance as an initialization.',
      default: 0,
      min: 0,
      max: 5000,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes over the training subset for every copy (batches of the batch size, same order for all).',
      default: 3,
      min: 1,
      max: 200,
    },
    batch: {
      kind: 'int',
      label: 'Batch size',
      help: 'Examples per step; CKA compares the batch’s n×n Gram matrices, so it needs a few dozen at least.',
      default: 100,
      min: 16,
      max: 512,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam step size for every copy (and for training the guide).',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    evals: {
      kind: 'int',
      label: 'Evaluations',
      help: 'Evenly spaced points (besides the start) at which accuracy and the CKA matrix on a fixed test batch are measured.',
      default: 4,
      min: 1,
      max: 100,
    },
  },
  views: ['cka-guidance', 'progress'],
  validate: (p) => {
    const errs: string[] = [];
    if (Number(p.batch) > Number(p.trainSize)) errs.push('The batch must not be larger than the training subset.');
    if (Number(p.batch) > Number(p.testSize))
      errs.push('The CKA probe is one batch of test examples: the test subset must hold a batch.');
    return errs;
  },
  presets: [
    {
      label: 'Paper-like: 10 × 1,024 FCN on 10,000 CIFAR-10 images, with a warm start',
      note: 'The catalogue’s lab setting: a 10-layer, 1,024-wide FCN on a 10k CIFAR-10 subset guided by an untrained Conv-4, batch 256, and a 300-step guidance-only warm start (minutes on a GPU).',
      params: {
        dataset: 'cifar10',
        trainSize: 10000,
        testSize: 2000,
        depth: 10,
        width: 1024,
        guide: 'untrained',
        guidePairs: 2,
        guideWidth: 0.5,
        batch: 256,
        epochs: 20,
        warmSteps: 300,
        evals: 20,
      },
      gpu: true,
    },
  ],
  metrics: ['train/accuracy{arm}', 'test/accuracy{arm}', 'train/loss{arm}', 'cka/{layer}{arm}'],
  snapshots: ['cka-matrix{arm}'],
  load: () => import('./cka-guidance.ts').then((m) => m.ckaGuidanceRunner),
});
