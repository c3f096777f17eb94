import { declareExperiment } from '../../declare.ts';
import { dataset, greyOnly, testSize } from './params.ts';

export const layerPruningInit = declareExperiment({
  id: 'layer-pruning-init',
  family: 'pruning',
  title: 'Layer pruning vs filter pruning at initialization',
  explanation:
    'Structured lottery tickets at initialization: remove whole residual blocks before any training, or instead remove the same number of parameters as units inside every block (filter pruning), and train both from the same init. ' +
    'The paper finds that layer-pruned tickets win — they match the dense net and train faster, since a removed block costs no time — while filter-pruned ones hardly do. ' +
    'Here the net is a residual MLP (stem, N blocks h ← h + W₂·relu(W₁·h), head) rather than ResNet-20, which is too slow on a CPU-emulated GPU for three arms and several seeds; blocks are scored at init by the linear CKA between their input and output (or at random).',
  watch:
    "With half of the 8 blocks removed at init, the layer-pruned net matches the dense one (seed 1: 73.6% vs 73.8%) with 28% fewer parameters; at this small size filter pruning does as well (76.8%), unlike on the paper's ResNets.",
  paper: {
    title: 'When Layers Play the Lottery, all Tickets Win at Initialization',
    authors: 'A. Jordao, G. Correa de Araujo, H. de Almeida Maia, H. Pedrini',
    year: 2023,
    arxiv: '2301.10835',
  },
  params: {
    ...dataset,
    dataset: { ...dataset.dataset, default: 'fashion-mnist' },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded random subset of the training split (256 more are drawn for the CKA probe batch).',
      default: 1000,
      min: 100,
      max: 60000,
    },
    testSize,
    width: {
      kind: 'int',
      label: 'Width',
      help: 'Width d of the residual stream and of every block’s inner layer.',
      default: 64,
      min: 4,
      max: 1024,
    },
    blocks: {
      kind: 'int',
      label: 'Residual blocks',
      help: 'Blocks of the dense net (the catalogue’s toy: 16).',
      default: 8,
      min: 2,
      max: 32,
    },
    fraction: {
      kind: 'number',
      label: 'Pruned fraction',
      help: 'Share of blocks removed (layer pruning) = share of inner units removed in every block (filter pruning): equal parameter counts.',
      default: 0.5,
      min: 0.05,
      max: 0.9,
    },
    criterion: {
      kind: 'choice',
      label: 'Block score',
      help: 'Which blocks go: those whose output is most similar to their input at init (linear CKA), or random ones.',
      default: 'cka',
      choices: [
        { value: 'cka', label: 'CKA(input, output) at init' },
        { value: 'random', label: 'Random' },
      ],
    },
    epochs: { kind: 'int', label: 'Epochs', help: 'Training of every arm.', default: 3, min: 1, max: 100 },
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
      help: 'Independent repetitions (init and data order from seed, seed+1, …).',
      default: 1,
      min: 1,
      max: 10,
    },
  },
  views: ['progress', 'layer-pruning'],
  validate: greyOnly,
  presets: [
    {
      label: 'Deeper and wider: 16 blocks of 256, 3 seeds',
      note: '10,000 images, 16 residual blocks of width 256, 10 epochs per arm, 3 seeds (sized for a real GPU; not timed in software).',
      gpu: true,
      params: { trainSize: 10000, width: 256, blocks: 16, epochs: 10, seeds: 3 },
    },
  ],
  metrics: [
    'lp/acc/dense',
    'lp/params/dense',
    'lp/seconds/dense',
    'lp/acc/layer',
    'lp/params/layer',
    'lp/seconds/layer',
    'lp/acc/filter',
    'lp/params/filter',
    'lp/seconds/filter',
  ],
  snapshots: ['lp/blocks'],
  load: () => import('./layer-pruning-init.ts').then((m) => m.layerPruningInitRunner),
});
