import { declareExperiment } from '../../declare.ts';

export const relativeRepresentations = declareExperiment({
  id: 'relative-representations',
  family: 'representations',
  title: 'Relative representations stitch across seeds',
  explanation:
    'Two MLP encoders (different seeds, optionally different widths) are each trained with their own classifier head, twice: ' +
    'once with the head reading the latent itself (absolute codes) and once reading the cosines of the latent to the latents ' +
    'of a fixed set of anchor training images (relative codes). Then encoder 1 is stitched to head 2 with no further training. ' +
    'The paper’s premise: two seeds learn latent spaces that differ by about an angle-preserving map, which cosines to shared anchors do not see.',
  watch:
    'In the stitching matrices, the absolute codes’ off-diagonal cells (encoder of one run, head of the other) fall to near chance ' +
    'while the relative codes’ keep most of the diagonal’s accuracy; the two runs’ relative codes share their anchor blocks, their latents do not.',
  paper: {
    title: 'Relative representations enable zero-shot latent space communication',
    authors: 'L. Moschella, V. Maiorca, M. Fumero, A. Norelli, F. Locatello, E. Rodolà',
    year: 2023,
    arxiv: '2209.15430',
  },
  params: {
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Training set, anchors and test set are class-balanced seeded subsets of its splits; pixels in [0, 1].',
      default: 'fashion-mnist',
      choices: [
        { value: 'fashion-mnist', label: 'Fashion-MNIST' },
        { value: 'mnist', label: 'MNIST' },
      ],
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'Class-balanced; all four networks train on the same images, each in its own seeded order.',
      default: 2000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced test subset on which every (encoder, head) pair is scored and the codes are compared.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    anchors: {
      kind: 'int',
      label: 'Anchors',
      help: 'Training images, class-balanced, whose latents the relative codes are cosines to: the relative code has one coordinate per anchor.',
      default: 300,
      min: 10,
      max: 1000,
    },
    latent: {
      kind: 'int',
      label: 'Latent width',
      help: 'Width of the encoders’ last (linear) layer, the absolute code; the same for both encoders so their absolute codes can be stitched at all.',
      default: 32,
      min: 2,
      max: 512,
    },
    hidden: {
      kind: 'int',
      label: 'Encoder 1 width',
      help: 'Hidden ReLU units of encoder 1: 784 → h → h → latent.',
      default: 128,
      min: 8,
      max: 2048,
    },
    hidden2: {
      kind: 'int',
      label: 'Encoder 2 width',
      help: 'Hidden ReLU units of encoder 2; a width other than encoder 1’s stitches across widths as well as seeds.',
      default: 128,
      min: 8,
      max: 2048,
    },
    center: {
      kind: 'bool',
      label: 'Centre on the anchors',
      help: 'Take the cosines about the anchors’ mean latent instead of the origin, so that the relative code ignores translations of the latent space as well as rotations and rescalings.',
      default: true,
    },
    headHidden: {
      kind: 'int',
      label: 'Head width',
      help: 'Hidden ReLU units of each classifier head on the codes; 0 for a linear head.',
      default: 0,
      min: 0,
      max: 1024,
    },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Adam epochs for every network (batch 50); the stitching matrices are measured after each.',
      default: 5,
      min: 1,
      max: 200,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam step size for every network.',
      default: 1e-3,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
  },
  views: ['relative-representations', 'progress'],
  presets: [
    {
      label: 'Paper-like: 20,000 images, encoders of two widths',
      note: 'Larger subsets and encoders of different widths (512 and 256 units) with 300 anchors: closer to the paper’s scale (minutes on a GPU).',
      params: { trainSize: 20000, testSize: 5000, latent: 64, hidden: 512, hidden2: 256, epochs: 15 },
      gpu: true,
    },
    {
      label: 'Across widths: encoders of 256 and 64 units',
      note: 'The same setting with encoders of very different widths: relative codes still stitch.',
      params: { hidden: 256, hidden2: 64 },
    },
  ],
  metrics: [
    'accuracy/{mode} e{encoder} h{head}',
    'similarity/cosine {mode}',
    'similarity/cka {mode}',
    'similarity/knn-jaccard {mode}',
  ],
  snapshots: ['codes/{mode} {run}'],
  load: () => import('./relative-representations.ts').then((m) => m.relativeRepresentationsRunner),
});
