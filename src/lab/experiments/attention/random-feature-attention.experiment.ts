import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const randomFeatureAttention = declareExperiment({
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
  watch:
    'In about half a minute the learning curves separate: by n = 1024 random-feature attention’s test error falls to about a quarter of the target’s variance, while the random-feature MLP with as many features stays at 1 (predicting the mean).',
  presets: [
    {
      label: 'Larger samples, more heads',
      note: 'Sample sizes up to 8192 and 96 heads: how far the attention curve keeps falling, and when the MLP starts to learn; seconds on a real GPU, minutes in software.',
      params: { sizes: [256, 512, 1024, 2048, 4096, 8192], heads: 96, testSize: 4096, valSize: 2048 },
      gpu: true,
    },
  ],
  views: ['random-features', 'progress'],
  validate(p: ParamValues): string[] {
    const features = Number(p.heads) * (Number(p.dim) + 1);
    // The F×F moments are summed in f64 on the CPU (O(F²) per batch), which bounds F.
    return features > 1024
      ? [`${features} features (heads × (d+1)) is more than the 1024 the CPU moment sums take; use fewer heads.`]
      : [];
  },
  metrics: ['rfa/{model}/s{seed}', 'rfa/{model}/lambda/s{seed}'],
  snapshots: ['rfa/attention'],
  load: () => import('./random-features.ts').then((m) => m.randomFeatureAttentionRunner),
});
