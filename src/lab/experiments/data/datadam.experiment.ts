import { declareExperiment } from '../../declare.ts';

/** The paper's ConvNet-3 (width 128) and a GPU-sized budget. */
const PAPER_SCALE = { trainSize: 20000, testSize: 5000, iterations: 2000, realBatch: 64, width: 128, evalSteps: 1000 };

export const datadam = declareExperiment({
  id: 'datadam',
  family: 'data',
  title: 'DataDAM: distil a dataset by matching attention maps',
  explanation:
    'A few synthetic images per class are learned so that, through a freshly sampled random ConvNet every iteration, ' +
    'they give the same class-mean spatial attention maps (per position, the channel mean of |activation|^p, normalised per image) ' +
    'at every stage and the same class-mean final embedding (an MMD with a linear kernel) as a batch of real images of that class. ' +
    'The networks are never trained; only the pixels are. The synthetic images start as random real ones, and that real starting set is the control: ' +
    'a fresh ConvNet is trained on each, with the same init and steps, and tested on real test images.',
  watch:
    'Test accuracy of the ConvNet trained on the distilled images sits above the one trained on the real images they started from (on MNIST at 1 image per class, about 50% vs 42%); the digits keep their shape while a faint learned texture spreads over their black background (scrub to replay it; the mean pixel change is printed below), and the matching loss falls through the noise of its fresh random nets.',
  paper: {
    title: 'DataDAM: Efficient Dataset Distillation with Attention Matching',
    authors: 'A. Sajedi, S. Khaki, E. Amjadian, L. Z. Liu, Y. A. Lawryshyn, K. N. Plataniotis',
    year: 2023,
    arxiv: '2310.00093',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Real images to distil (a class-balanced seeded pool of the train split) and to test on.',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST' },
        { value: 'cifar10', label: 'CIFAR-10' },
      ],
    },
    ipc: {
      kind: 'ints',
      label: 'Images per class',
      help: 'One distillation per entry; each gives a point of the accuracy chart.',
      default: [1],
      min: 1,
      max: 50,
      minLength: 1,
      maxLength: 4,
    },
    trainSize: {
      kind: 'int',
      label: 'Real pool',
      help: 'Real training images the real batches are drawn from (class-balanced).',
      default: 2000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    iterations: {
      kind: 'int',
      label: 'Distillation iterations',
      help: 'Each samples a new random ConvNet and a real batch, and takes one Adam step on the synthetic pixels.',
      default: 60,
      min: 1,
      max: 20000,
    },
    realBatch: {
      kind: 'int',
      label: 'Real batch per class',
      help: 'Real images of each class whose mean attention maps and embedding the synthetic ones match.',
      default: 8,
      min: 1,
      max: 256,
    },
    width: {
      kind: 'int',
      label: 'ConvNet width',
      help: 'Channels of every conv, for the random matching nets and the evaluation net (the paper: 128).',
      default: 16,
      min: 1,
      max: 256,
    },
    depth: {
      kind: 'int',
      label: 'ConvNet stages',
      help: 'Conv–ReLU–avg-pool stages (the paper: 3); attention maps are matched at each.',
      default: 3,
      min: 1,
      max: 4,
    },
    power: {
      kind: 'int',
      label: 'Attention exponent p',
      help: 'Maps are the channel mean of |activation|^p; a larger p weights the most active positions more (the paper: 4).',
      default: 4,
      min: 1,
      max: 8,
    },
    mmdWeight: {
      kind: 'number',
      label: 'Embedding MMD weight λ',
      help: 'Weight of the class-mean final-embedding distance beside the attention-map distances.',
      default: 0.01,
      min: 0,
      max: 100,
    },
    attentionWeight: {
      kind: 'number',
      label: 'Attention-map weight',
      help: 'Weight of the attention-map distances; 0 leaves plain distribution matching of the embeddings (the paper’s ablation).',
      default: 1,
      min: 0,
      max: 100,
    },
    ablation: {
      kind: 'bool',
      label: 'Also distil without attention',
      help: 'A second set from the same start, nets and real batches with the attention term off (distribution matching), trained and tested the same way.',
      default: false,
    },
    lrImages: {
      kind: 'number',
      label: 'Learning rate (pixels)',
      help: 'Adam on the synthetic pixels, in standardised pixel units.',
      default: 0.03,
      min: 1e-4,
      max: 1,
      log: true,
    },
    init: {
      kind: 'choice',
      label: 'Synthetic start',
      help: 'Random real images of each class (the paper; also the control set) or Gaussian noise.',
      default: 'real',
      choices: [
        { value: 'real', label: 'Random real images' },
        { value: 'noise', label: 'Noise' },
      ],
    },
    evalSteps: {
      kind: 'int',
      label: 'Evaluation steps',
      help: 'Full-batch Adam steps of the fresh ConvNet trained on the distilled set, and on the real control set.',
      default: 100,
      min: 1,
      max: 10000,
    },
    evalLr: {
      kind: 'number',
      label: 'Evaluation learning rate',
      help: 'Adam learning rate of the evaluation networks.',
      default: 0.001,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
  },
  views: ['data-distill-images', 'data-distill-accuracy', 'progress'],
  validate: (p) => {
    const errors: string[] = [];
    if (new Set(p.ipc as number[]).size !== (p.ipc as number[]).length)
      errors.push('Images per class must be distinct.');
    if (Number(p.trainSize) < 10 * Math.max(...(p.ipc as number[])))
      errors.push('The real pool must hold at least as many images per class as the synthetic set.');
    return errors;
  },
  presets: [
    {
      label: 'Fashion-MNIST at 1 and 10 images per class',
      note: 'The catalogue’s second dataset, both sizes in one run, at the default scale (a few minutes in software).',
      params: { dataset: 'fashion-mnist', ipc: [1, 10] },
    },
    {
      label: 'Paper-like: CIFAR-10 at 1 and 10 images per class, ConvNet-3 of width 128',
      note: 'The paper’s ConvNet-3 on CIFAR-10 with a GPU-sized budget: 2,000 iterations on real batches of 64 per class (far too slow in software; minutes on a GPU). Choose MNIST or Fashion-MNIST for the catalogue’s other settings.',
      params: { dataset: 'cifar10', ipc: [1, 10], ...PAPER_SCALE },
      gpu: true,
    },
  ],
  metrics: ['acc/{set}', 'loss/{ipc}'],
  snapshots: ['synthetic/{ipc}', 'real/{ipc}'],
  load: () => import('./datadam.ts').then((m) => m.datadamRunner),
});
