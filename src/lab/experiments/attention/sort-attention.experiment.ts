import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const sortAttention = declareExperiment({
  id: 'sort-attention',
  family: 'attention',
  title: 'Sorting with attention as a pointer',
  explanation:
    'A one-layer transformer learns to sort sequences of digits: output position t must emit the t-th smallest input. ' +
    'A pointer network (Vinyals et al. 2015) solves this by attending to the input position that holds the answer; ' +
    'watch whether the heads learn that pointer. Outlined cells mark where a perfect pointer would look; hover a cell ' +
    'to link the output (query) position to the input (key) position. The pointer mass is the attention on those cells.',
  paper: { title: 'Pointer Networks', authors: 'O. Vinyals, M. Fortunato, N. Jaitly', year: 2015, arxiv: '1506.03134' },
  params: {
    length: {
      kind: 'int',
      label: 'Length',
      help: 'Tokens per sequence (positions are learned, so tests use the same length).',
      default: 8,
      min: 2,
      max: 64,
    },
    vocab: {
      kind: 'int',
      label: 'Vocabulary',
      help: 'Tokens are drawn uniformly from 0 … vocab−1.',
      default: 10,
      min: 2,
      max: 256,
    },
    model: {
      kind: 'choice',
      label: 'Model',
      help: 'A pre-LN transformer (attention + MLP blocks) or a single attention layer with a residual.',
      default: 'transformer',
      choices: [
        { value: 'transformer', label: 'Transformer' },
        { value: 'attention', label: 'One attention layer' },
      ],
    },
    layers: {
      kind: 'int',
      label: 'Layers',
      help: 'Transformer blocks (the single-layer model ignores it).',
      default: 1,
      min: 1,
      max: 6,
    },
    features: {
      kind: 'int',
      label: 'Width d',
      help: 'Token width; must split evenly into the heads.',
      default: 32,
      min: 4,
      max: 512,
    },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 2, min: 1, max: 16 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, cosine decay after a warm-up of a tenth of the steps (at most 50).',
      default: 0.005,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    batch: {
      kind: 'int',
      label: 'Batch size',
      help: 'Fresh random sequences per step.',
      default: 64,
      min: 1,
      max: 1024,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Training steps (about 200 reach 99% token accuracy at length 8).',
      unit: 'steps',
      default: 200,
      min: 1,
      max: 100000,
    },
    evalSize: {
      kind: 'int',
      label: 'Held-out sequences',
      help: 'Scored at the end for token and whole-sequence accuracy.',
      default: 512,
      min: 16,
      max: 8192,
    },
  },
  watch:
    'After 200 steps (under a minute) the transformer sorts over 99% of held-out tokens, and its best head puts over half its attention on the pointer targets (red outlines).',
  presets: [
    {
      label: 'Longer sequences, larger vocabulary',
      note: 'Length 16 over 32 tokens, 2 layers, 2,000 steps: the pointer becomes sharper and needs the second layer; seconds on a real GPU, many minutes in software.',
      params: { length: 16, vocab: 32, layers: 2, features: 64, heads: 4, steps: 2000 },
      gpu: true,
    },
  ],
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0
      ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`]
      : [];
  },
  metrics: ['train/loss', 'train/accuracy', 'pointer/L{layer}', 'test/accuracy', 'test/sequence-accuracy'],
  snapshots: ['attention/L{layer}', 'attention/pointer'],
  load: () => import('./sort.ts').then((m) => m.sortAttentionRunner),
});
