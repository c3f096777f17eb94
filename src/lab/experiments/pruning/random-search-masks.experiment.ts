import { declareExperiment } from '../../declare.ts';
import { dataset, greyOnly, testSize } from './params.ts';

export const randomSearchMasks = declareExperiment({
  id: 'random-search-masks',
  family: 'pruning',
  title: 'Random search over node masks vs one random mask',
  explanation:
    'Sparse architecture search in its simplest form: draw K random node masks (which hidden units survive) over the same initialization, score each by a short training on a validation split, and train the best one fully. ' +
    'The paper finds that the searched sparse nets are neither better nor faster to train than a plain random one at the same sparsity. ' +
    'The curve shows the final test accuracy of the best-of-k mask for every k (k = 1 is the plain random mask): a flat curve is the paper’s null result.',
  watch:
    'The best-of-k curve stays flat (seed 1: 84.1–84.3% for k = 1…8): picking the node mask with the best proxy score buys nothing over a plain random mask.',
  paper: {
    title: 'Random Search as a Baseline for Sparse Neural Network Architecture Search',
    authors: 'R. Farahani',
    year: 2024,
    arxiv: '2403.08265',
  },
  params: {
    ...dataset,
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded random subset of the training split.',
      default: 1000,
      min: 100,
      max: 60000,
    },
    valSize: {
      kind: 'int',
      label: 'Validation examples',
      help: 'Carved from the same seeded draw of the training split; scores the candidates (test never does).',
      default: 500,
      min: 50,
      max: 10000,
    },
    testSize,
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'The overparameterized parent MLP (the paper: 512, 512).',
      default: [128, 128],
      min: 4,
      max: 2048,
      minLength: 1,
      maxLength: 4,
    },
    nodeDensity: {
      kind: 'number',
      label: 'Units kept',
      help: 'Fraction of each hidden layer’s units a mask keeps (0.25 = 75% node sparsity).',
      default: 0.25,
      min: 0.02,
      max: 1,
    },
    candidates: {
      kind: 'int',
      label: 'Candidates K',
      help: 'Random node masks scored by the proxy (the paper: 20).',
      default: 8,
      min: 1,
      max: 50,
    },
    proxyEpochs: {
      kind: 'number',
      label: 'Proxy epochs',
      help: 'Training of each candidate before its validation accuracy is read (the paper: 1 epoch).',
      default: 1,
      min: 0.1,
      max: 10,
    },
    epochs: {
      kind: 'int',
      label: 'Full-training epochs',
      help: 'Training of the selected masks (best-of-k for each k) before test accuracy is read.',
      default: 5,
      min: 1,
      max: 100,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 50, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, constant.',
      default: 1e-3,
      min: 1e-5,
      max: 1,
      log: true,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent searches (init, masks and data order from seed, seed+1, …).',
      default: 1,
      min: 1,
      max: 10,
    },
  },
  views: ['progress', 'random-search'],
  validate: greyOnly,
  presets: [
    {
      label: 'Wider search: 32 candidates, 3 seeds',
      note: '10,000 images, a 512-512 net, 32 random node masks, 10 epochs of final training, 3 seeds (sized for a real GPU; not timed in software).',
      gpu: true,
      params: { trainSize: 10000, valSize: 2000, hidden: [512, 512], candidates: 32, epochs: 10, seeds: 3 },
    },
  ],
  metrics: ['rs/proxy/s{seed}', 'rs/best-of-k/s{seed}'],
  snapshots: ['rs/units'],
  load: () => import('./random-search-masks.ts').then((m) => m.randomSearchMasksRunner),
});
