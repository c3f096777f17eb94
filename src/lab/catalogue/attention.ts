/** Metas of the attention family (plain data for the UI; runnables in experiments/attention/). */
import type { ExperimentMeta, ParamValues } from '../experiment.ts';

export const vitAttentionMeta: ExperimentMeta = {
  id: 'vit-attention',
  family: 'attention',
  title: 'What a vision transformer attends to',
  explanation:
    'A small Vision Transformer cuts each 28×28 digit into 7×7 patches (16 tokens), embeds them and runs a few ' +
    'self-attention blocks. Before training every head spreads its attention almost evenly; after an epoch heads ' +
    'specialise — some attend locally, some to the patches with ink. Hover a cell to link a query patch to a key patch; ' +
    'the overlays draw one query’s attention (or the mean over queries) on the digit, and the rollout multiplies ' +
    'the head-averaged maps through the layers (with the residual as identity) to show which patches reach the output.',
  paper: { title: 'An image is worth 16x16 words: Transformers for image recognition at scale', authors: 'A. Dosovitskiy et al.', year: 2021, arxiv: '2010.11929' },
  params: {
    trainSize: { kind: 'int', label: 'Training examples', help: 'A seeded subset of MNIST’s training split.', default: 2000, min: 64, max: 60000 },
    testSize: { kind: 'int', label: 'Test examples', help: 'The first N test images, scored after every epoch.', default: 500, min: 64, max: 10000 },
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
    features: { kind: 'int', label: 'Width d', help: 'Token width; must split evenly into the heads.', default: 32, min: 4, max: 512 },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 4, min: 1, max: 16 },
    lr: { kind: 'number', label: 'Learning rate', help: 'Adam, cosine decay with a short warm-up.', default: 0.003, min: 1e-5, max: 0.1, log: true },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: { kind: 'int', label: 'Epochs', help: 'Passes over the training subset; attention is captured after each.', default: 1, min: 1, max: 50 },
    examples: { kind: 'int', label: 'Images shown', help: 'Test digits whose attention is drawn (one of each class first).', default: 4, min: 1, max: 10 },
  },
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0 ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`] : [];
  },
};

export const sortAttentionMeta: ExperimentMeta = {
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
    length: { kind: 'int', label: 'Length', help: 'Tokens per sequence (positions are learned, so tests use the same length).', default: 8, min: 2, max: 64 },
    vocab: { kind: 'int', label: 'Vocabulary', help: 'Tokens are drawn uniformly from 0 … vocab−1.', default: 10, min: 2, max: 256 },
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
    layers: { kind: 'int', label: 'Layers', help: 'Transformer blocks (the single-layer model ignores it).', default: 1, min: 1, max: 6 },
    features: { kind: 'int', label: 'Width d', help: 'Token width; must split evenly into the heads.', default: 32, min: 4, max: 512 },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 2, min: 1, max: 16 },
    lr: { kind: 'number', label: 'Learning rate', help: 'Adam, cosine decay after a warm-up of a tenth of the steps (at most 50).', default: 0.005, min: 1e-5, max: 0.1, log: true },
    batch: { kind: 'int', label: 'Batch size', help: 'Fresh random sequences per step.', default: 64, min: 1, max: 1024 },
    steps: { kind: 'int', label: 'Steps', help: 'Training steps (about 200 reach 99% token accuracy at length 8).', unit: 'steps', default: 200, min: 1, max: 100000 },
    evalSize: { kind: 'int', label: 'Held-out sequences', help: 'Scored at the end for token and whole-sequence accuracy.', default: 512, min: 16, max: 8192 },
  },
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0 ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`] : [];
  },
};

export const lazyNeuronMeta: ExperimentMeta = {
  id: 'lazy-neuron',
  family: 'attention',
  title: 'The lazy neuron phenomenon',
  explanation:
    'Trained transformers and MLPs use only a small share of their ReLU units on any one input. Here an MLP trains on ' +
    'MNIST and the share of hidden units that fire on a fixed batch of training inputs is traced per layer — with the ' +
    'true labels, with the labels shuffled, and with pure-noise images. If the share falls in all three, sparsity comes ' +
    'from training itself rather than from structure in the data, as the paper reports.',
  paper: { title: 'The lazy neuron phenomenon: On emergence of activation sparsity in transformers', authors: 'Z. Li et al.', year: 2023, arxiv: '2210.06313' },
  params: {
    condition: {
      kind: 'choice',
      label: 'Condition',
      help: 'Train once per condition, one after the other, or one condition only.',
      default: 'all',
      choices: [
        { value: 'all', label: 'All three' },
        { value: 'true-labels', label: 'True labels' },
        { value: 'random-labels', label: 'Random labels' },
        { value: 'random-inputs', label: 'Random inputs' },
      ],
    },
    hidden: { kind: 'ints', label: 'Hidden widths', help: 'ReLU layers of the MLP.', default: [256, 256], min: 1, max: 4096, minLength: 1, maxLength: 6 },
    trainSize: { kind: 'int', label: 'Training examples', help: 'A seeded MNIST subset (noise images replace them under random inputs).', default: 2000, min: 64, max: 60000 },
    lr: { kind: 'number', label: 'Learning rate', help: 'SGD with momentum 0.9, constant.', default: 0.05, min: 1e-4, max: 1, log: true },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: { kind: 'int', label: 'Epochs', help: 'Passes over the training subset; random labels need many to be memorised.', default: 5, min: 1, max: 200 },
    probe: { kind: 'int', label: 'Probe batch', help: 'Training inputs the active share is measured on.', default: 512, min: 16, max: 4096 },
  },
  views: ['activation-sparsity', 'progress'],
};

export const attentionMetas: readonly ExperimentMeta[] = [vitAttentionMeta, sortAttentionMeta, lazyNeuronMeta];
