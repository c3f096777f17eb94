import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const pointerNetwork = declareExperiment({
  id: 'pointer-network',
  family: 'attention',
  title: 'Pointer networks: sorting and convex hulls at unseen lengths',
  explanation:
    'An encoder reads n inputs (reals to sort, or points in the unit square) with no position information; a decoder ' +
    'then emits its answer as a sequence of pointers: at each step its attention logits over the input positions are the ' +
    'output distribution, and the chosen position is fed back as the next input. Trained on lengths 5–10 with teacher ' +
    'forcing, it is decoded greedily (already-chosen positions masked) on longer inputs than it ever saw. The heatmap ' +
    'shows the pointer distribution at each decoding step; the bars, exact-match (and hull area coverage) per test length.',
  paper: { title: 'Pointer Networks', authors: 'O. Vinyals, M. Fortunato, N. Jaitly', year: 2015, arxiv: '1506.03134' },
  params: {
    task: {
      kind: 'choice',
      label: 'Task',
      help: 'Sort n reals in [0, 1], or list the convex hull of n points counter-clockwise from the leftmost vertex, then an end token.',
      default: 'sort',
      choices: [
        { value: 'sort', label: 'Sort reals' },
        { value: 'hull', label: 'Convex hull' },
      ],
    },
    minLength: {
      kind: 'int',
      label: 'Shortest training length',
      help: 'Each step trains on one length drawn uniformly from the range.',
      default: 5,
      min: 3,
      max: 50,
    },
    maxLength: {
      kind: 'int',
      label: 'Longest training length',
      help: 'Test lengths above it measure length generalization.',
      default: 10,
      min: 3,
      max: 50,
    },
    testLengths: {
      kind: 'ints',
      label: 'Test lengths',
      help: 'Greedy decoding is scored on fresh inputs of each length.',
      default: [10, 15, 20],
      min: 3,
      max: 64,
      minLength: 1,
      maxLength: 6,
    },
    layers: {
      kind: 'int',
      label: 'Layers',
      help: 'Blocks in the encoder and in the decoder each.',
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
      max: 256,
    },
    heads: {
      kind: 'int',
      label: 'Heads',
      help: 'Attention heads per layer (the pointer itself is one head).',
      default: 4,
      min: 1,
      max: 16,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, cosine decay after a warm-up of a tenth of the steps (at most 50).',
      default: 0.003,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Fresh random inputs per step.', default: 64, min: 1, max: 1024 },
    // 100 steps of one-block encoder and decoder already sort every held-out input up to length 20 (about a minute in software).
    steps: { kind: 'int', label: 'Steps', help: 'Training steps.', unit: 'steps', default: 100, min: 1, max: 100000 },
    evalSize: {
      kind: 'int',
      label: 'Test inputs per length',
      help: 'Held-out inputs decoded greedily at the end.',
      default: 128,
      min: 8,
      max: 4096,
    },
  },
  watch:
    'After 100 steps on lengths 5–10 (about a minute), greedy pointing sorts held-out inputs of length 10, 15 and 20 (never trained on) with ≥ 90% exact match.',
  presets: [
    {
      label: 'Convex hulls (harder)',
      note: 'Hulls of 5–10 points, 2 + 2 blocks, 300 steps: exact match falls with length while area coverage stays high; several minutes in software.',
      params: { task: 'hull', layers: 2, steps: 300, evalSize: 256 },
    },
    {
      label: 'Paper-like: hulls of 5–50 points',
      note: 'Longer training lengths, wider model, 3,000 steps: minutes on a real GPU, hours in software.',
      params: {
        task: 'hull',
        minLength: 5,
        maxLength: 50,
        testLengths: [50, 64],
        layers: 3,
        features: 128,
        heads: 8,
        steps: 3000,
        evalSize: 1024,
      },
      gpu: true,
    },
  ],
  views: ['pointer', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    const out: string[] = [];
    if (Number(p.features) % Number(p.heads) !== 0)
      out.push(`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`);
    if (Number(p.minLength) > Number(p.maxLength))
      out.push(`The shortest training length (${Number(p.minLength)}) exceeds the longest (${Number(p.maxLength)}).`);
    return out;
  },
  metrics: ['train/loss', 'train/accuracy', 'exact/n{length}', 'coverage/n{length}'],
  snapshots: ['pointer/points/n{length}', 'pointer/probs/n{length}'],
  load: () => import('./pointer.ts').then((m) => m.pointerNetworkRunner),
});
