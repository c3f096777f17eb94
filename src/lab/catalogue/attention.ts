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
      default: 2000,
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
      default: 0.003,
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
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0
      ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`]
      : [];
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
  views: ['attention', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.features) % Number(p.heads) !== 0
      ? [`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`]
      : [];
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
  paper: {
    title: 'The lazy neuron phenomenon: On emergence of activation sparsity in transformers',
    authors: 'Z. Li et al.',
    year: 2023,
    arxiv: '2210.06313',
  },
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
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'ReLU layers of the MLP.',
      default: [256, 256],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 6,
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded MNIST subset (noise images replace them under random inputs).',
      default: 2000,
      min: 64,
      max: 60000,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'SGD with momentum 0.9, constant.',
      default: 0.05,
      min: 1e-4,
      max: 1,
      log: true,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes over the training subset; random labels need many to be memorised.',
      default: 5,
      min: 1,
      max: 200,
    },
    probe: {
      kind: 'int',
      label: 'Probe batch',
      help: 'Training inputs the active share is measured on.',
      default: 512,
      min: 16,
      max: 4096,
    },
  },
  views: ['activation-sparsity', 'progress'],
};

export const pfnGpMeta: ExperimentMeta = {
  id: 'pfn-gp',
  family: 'attention',
  title: 'A transformer that does Bayesian inference (PFN)',
  explanation:
    'A prior-data fitted network never sees a real data set: every training step draws fresh regression tasks from a ' +
    'Gaussian-process prior (RBF kernel, fixed length scale and noise), shows the transformer a few (x, y) context points ' +
    'and asks for y at query x. Context tokens attend to each other; query tokens attend to the context only, so each ' +
    'query is predicted from the context alone. The output is a Gaussian (mean and log-variance, trained by negative ' +
    'log-likelihood; the paper uses a binned “Riemann” distribution instead). Minimising this loss over the prior makes ' +
    'the network approximate the Bayesian posterior predictive: compare its ±2σ band with the exact GP posterior, and its ' +
    'training NLL with the exact posterior’s NLL on the same tasks.',
  paper: {
    title: 'Transformers can do Bayesian inference',
    authors: 'S. Müller, N. Hollmann, S. Pineda Arango, J. Grabocka, F. Hutter',
    year: 2022,
    arxiv: '2112.10510',
  },
  params: {
    lengthScale: {
      kind: 'number',
      label: 'Length scale',
      help: 'RBF kernel length scale on x ∈ [−1, 1] (signal variance 1).',
      default: 0.3,
      min: 0.05,
      max: 2,
      log: true,
    },
    noise: {
      kind: 'number',
      label: 'Noise σ',
      help: 'Standard deviation of the observation noise on y.',
      default: 0.1,
      min: 0.01,
      max: 1,
      log: true,
    },
    points: {
      kind: 'int',
      label: 'Points per task',
      help: 'Context plus query points of each training task.',
      default: 24,
      min: 2,
      max: 64,
    },
    maxContext: {
      kind: 'int',
      label: 'Largest context',
      help: 'Each task’s context size is uniform in 1 … this; the other points are queries.',
      default: 16,
      min: 1,
      max: 63,
    },
    layers: {
      kind: 'int',
      label: 'Layers',
      help: 'Pre-LayerNorm transformer blocks (no positional encoding: the points are a set).',
      default: 2,
      min: 1,
      max: 8,
    },
    features: {
      kind: 'int',
      label: 'Width d',
      help: 'Token width; must split evenly into the heads.',
      default: 32,
      min: 4,
      max: 256,
    },
    heads: { kind: 'int', label: 'Heads', help: 'Attention heads per layer.', default: 4, min: 1, max: 16 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, cosine decay after a warm-up of a tenth of the steps (at most 50).',
      default: 0.003,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    batch: {
      kind: 'int',
      label: 'Tasks per step',
      help: 'Fresh GP tasks drawn for every step.',
      default: 16,
      min: 1,
      max: 512,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Training steps (each on new tasks: there is no fixed training set).',
      unit: 'steps',
      default: 600,
      min: 1,
      max: 100000,
    },
    evalTasks: {
      kind: 'int',
      label: 'Held-out tasks',
      help: 'Fresh tasks scored against the exact GP posterior during and after training.',
      default: 256,
      min: 4,
      max: 4096,
    },
    examples: {
      kind: 'int',
      label: 'Tasks drawn',
      help: 'Held-out tasks whose predictive bands are plotted.',
      default: 3,
      min: 1,
      max: 6,
    },
  },
  views: ['pfn', 'progress'],
  validate(p: ParamValues): string[] {
    const out: string[] = [];
    if (Number(p.features) % Number(p.heads) !== 0)
      out.push(`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`);
    if (Number(p.maxContext) >= Number(p.points))
      out.push(
        `The largest context (${Number(p.maxContext)}) must leave at least one query among ${Number(p.points)} points.`,
      );
    return out;
  },
};

export const pointerNetworkMeta: ExperimentMeta = {
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
      default: 2,
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
    steps: { kind: 'int', label: 'Steps', help: 'Training steps.', unit: 'steps', default: 600, min: 1, max: 100000 },
    evalSize: {
      kind: 'int',
      label: 'Test inputs per length',
      help: 'Held-out inputs decoded greedily at the end.',
      default: 256,
      min: 8,
      max: 4096,
    },
  },
  views: ['pointer', 'metrics', 'progress'],
  validate(p: ParamValues): string[] {
    const out: string[] = [];
    if (Number(p.features) % Number(p.heads) !== 0)
      out.push(`Width ${Number(p.features)} does not split into ${Number(p.heads)} heads.`);
    if (Number(p.minLength) > Number(p.maxLength))
      out.push(`The shortest training length (${Number(p.minLength)}) exceeds the longest (${Number(p.maxLength)}).`);
    return out;
  },
};

export const randomFeatureAttentionMeta: ExperimentMeta = {
  id: 'random-feature-attention',
  family: 'attention',
  title: 'Random-feature attention vs a random-feature MLP',
  explanation:
    'A query x₀ and N keys xᵢ go through one attention layer with M heads whose query-key matrices are frozen random; each ' +
    'head outputs (1/N)·Σᵢ exp(x̃₀ᵀWₘx̃ᵢ)·x̃ᵢ (x̃ = x with a constant 1 appended; softmax without its normalizer, so each ' +
    'head’s attention mass is a feature too — our reading of the paper’s random-feature attention) and ' +
    'only the linear readout is fitted, by ridge regression with λ picked on a validation set. The baseline is a ReLU ' +
    'random-feature MLP on the flattened input with the same number of features, M·(d+1). On targets that are symmetric in ' +
    'the keys, the attention features should need far fewer samples: watch the two learning curves separate as n grows.',
  paper: {
    title: 'What can a single attention layer learn? A study through the random features lens',
    authors: 'H. Fu, T. Guo, Y. Bai, S. Mei',
    year: 2023,
    arxiv: '2307.11353',
  },
  params: {
    target: {
      kind: 'choice',
      label: 'Target',
      help: 'Both are averages over the keys, so they do not change when the keys are permuted.',
      default: 'keys-quadratic',
      choices: [
        { value: 'keys-quadratic', label: 'meanᵢ ⟨β, xᵢ⟩² (keys only)' },
        { value: 'query-key', label: 'meanᵢ ⟨x₀, xᵢ⟩² (query–key correlation)' },
      ],
    },
    keys: {
      kind: 'int',
      label: 'Keys N',
      help: 'Key vectors per input (plus one query).',
      default: 16,
      min: 1,
      max: 64,
    },
    dim: {
      kind: 'int',
      label: 'Dimension d',
      help: 'Entries of each token, drawn from N(0, 1/d).',
      default: 8,
      min: 1,
      max: 32,
    },
    heads: {
      kind: 'int',
      label: 'Heads M',
      help: 'Random attention heads; both models get M·(d+1) features.',
      default: 32,
      min: 1,
      max: 256,
    },
    qkStd: {
      kind: 'number',
      label: 'W_QK std',
      help: 'Standard deviation of the frozen query-key entries (the logits’ scale).',
      default: 0.25,
      min: 0.01,
      max: 2,
      log: true,
    },
    qkMean: {
      kind: 'number',
      label: 'W_QK mean (·I)',
      help: 'Adds this times the identity to every head’s d×d block: the paper’s nonzero-mean variant (0 = zero mean).',
      default: 0,
      min: 0,
      max: 8,
    },
    sizes: {
      kind: 'ints',
      label: 'Sample sizes n',
      help: 'Nested training sets, each the previous one plus fresh samples.',
      default: [64, 128, 256, 512, 1024],
      min: 4,
      max: 8192,
      minLength: 1,
      maxLength: 10,
    },
    testSize: {
      kind: 'int',
      label: 'Test samples',
      help: 'Fresh inputs the test MSE is measured on.',
      default: 1024,
      min: 16,
      max: 8192,
    },
    valSize: {
      kind: 'int',
      label: 'Validation samples',
      help: 'Fresh inputs that pick the ridge λ from a log grid, per model and n.',
      default: 512,
      min: 16,
      max: 8192,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent draws of weights and data, seed, seed+1, …',
      default: 3,
      min: 1,
      max: 10,
    },
  },
  views: ['random-features', 'progress'],
  validate(p: ParamValues): string[] {
    const features = Number(p.heads) * (Number(p.dim) + 1);
    // The F×F ridge systems are solved by an f64 Cholesky on the CPU: ~1 s per λ at F = 1024.
    return features > 1024
      ? [`${features} features (heads × (d+1)) is more than the 1024 the CPU ridge solve takes; use fewer heads.`]
      : [];
  },
};

export const attentionMetas: readonly ExperimentMeta[] = [
  vitAttentionMeta,
  sortAttentionMeta,
  lazyNeuronMeta,
  pointerNetworkMeta,
  pfnGpMeta,
  randomFeatureAttentionMeta,
];
