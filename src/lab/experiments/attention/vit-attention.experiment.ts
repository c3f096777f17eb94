import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const vitAttention = declareExperiment({
  id: 'vit-attention',
  family: 'attention',
  title: 'What a vision transformer attends to',
  explanation:
    'A small Vision Transformer cuts each 28×28 digit into 7×7 patches (16 tokens), embeds them and runs a few ' +
    'self-attention blocks. At initialisation the heads look almost at random; once the model classifies well, heads ' +
    'specialise — some attend locally, some to the patches with ink. Hover a cell to link a query patch to a key patch ' +
    'in every map; below, each head’s attention is drawn on the digit (the hovered query’s, or the mean over queries), ' +
    'and the rollout multiplies the head-averaged maps through the layers (with the residual as identity) to show which ' +
    'patches reach the output. Drag the step slider back to step 0 to compare with the untrained heads.',
  paper: {
    title: 'An image is worth 16x16 words: Transformers for image recognition at scale',
    authors: 'A. Dosovitskiy et al.',
    year: 2021,
    arxiv: '2010.11929',
  },
  params: {
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded subset of MNIST’s training split.',
      // One pass over 20,000 digits is the least that reaches 85% test accuracy (86% on seed 1): with less, the maps show an undertrained model.
      default: 20000,
      min: 64,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N test images, scored after every epoch.',
      default: 500,
      min: 64,
      max: 10000,
    },
    patch: {
      kind: 'choice',
      label: 'Patch side',
      help: '7 gives 4×4 = 16 tokens, 4 gives 7×7 = 49 (slower).',
      default: '7',
      choices: [
        { value: '7', label: '7×7 (16 tokens)' },
        { value: '4', label: '4×4 (49 tokens)' },
      ],
    },
    layers: { kind: 'int', label: 'Layers', help: 'Pre-LayerNorm transformer blocks.', default: 2, min: 1, max: 8 },
    features: {
      kind: 'int',
      label: 'Width d',
      help: 'Token width; must split evenly into the heads.',
      default: 32,
      min: 4,
      max: 512,
    },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 4, min: 1, max: 16 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, cosine decay with a short warm-up.',
      default: 0.01,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes over the training subset; attention is captured after each.',
      default: 1,
      min: 1,
      max: 50,
    },
    examples: {
      kind: 'int',
      label: 'Images shown',
      help: 'Test digits whose attention is drawn (one of each class first).',
      default: 4,
      min: 1,
      max: 10,
    },
  },
  watch:
    'After one pass over 20,000 digits (about a minute) the ViT scores ≥ 85% on the test digits, and its heads no longer spread evenly: some look at neighbouring patches, some at the patches with ink.',
  presets: [
    {
      label: 'The paper check’s setting: 50,000 digits, 3 epochs',
      note: 'The vit-mnist check’s size (≥ 95% test accuracy is its bar); 7,000 steps: minutes on a real GPU, over half an hour in software.',
      params: { trainSize: 50000, testSize: 2000, epochs: 3, lr: 0.003 },
      gpu: true,
    },
  ],
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0
      ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`]
      : [];
  },
  metrics: ['train/loss', 'train/accuracy', 'test/loss', 'test/accuracy'],
  snapshots: ['attention/inputs', 'attention/L{layer}', 'attention/rollout'],
  load: () => import('./vit.ts').then((m) => m.vitAttentionRunner),
});
