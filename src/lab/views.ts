/**
 * The names of the views the UI can draw. An experiment lists some of them in its declaration,
 * and the UI's registry (src/ui/views/Views.tsx) must map every one to a component: a mistyped or
 * missing view is a type error on either side.
 */
export const VIEW_NAMES = [
  // any training run
  'progress',
  'metrics',
  'norms',
  'weights',
  'confusion',
  'misclassified',
  // pruning
  'masks',
  'frl',
  'random-search',
  'layer-pruning',
  // lazy-rich
  'lazy-rich',
  'lazy-rich-sweep',
  'xor-plane',
  'grok-modular',
  'grok-modular-sweep',
  'connectivity-rank',
  'criticality',
  // landscape
  'landscape-surface',
  'landscape-line',
  'landscape-barriers',
  'landscape-intrinsic',
  'landscape-sharpness',
  'landscape-outliers',
  'landscape-teacher',
  // attention
  'attention',
  'activation-sparsity',
  'pointer',
  'pfn',
  'random-features',
  // kernels
  'rf-ridge',
  'ntk-depth',
  'band-fit',
  'band-width',
  'band-map',
  'snnk',
  'inductive-bias',
  'patch-kernels',
  // data
  'data-pruning',
  'data-scores',
  'data-gallery',
  'data-rs2',
  'trajectory-images',
  'trajectory-matching',
  'elr-memorization',
  'data-distill-images',
  'data-distill-accuracy',
  // representations
  'adversarial-power-law',
  'convergent-learning',
  'activation-patterns',
  'relative-representations',
  'cka-guidance',
  'codebook-features',
  'rich-features',
] as const;

export type ViewName = (typeof VIEW_NAMES)[number];
