import { declareExperiment } from '../../declare.ts';

export const bandlimited = declareExperiment({
  id: 'bandlimited',
  family: 'kernels',
  title: 'Shallow networks with bandlimited random weights',
  explanation:
    'A depth-2 network whose hidden weights and biases are drawn uniformly from a bounded domain |a|, |b| ≤ A and frozen; only the ' +
    'output layer is fitted, by least squares (ridge with a tiny λ, one Cholesky solve on the GPU). The target sin(ωx) oscillates ' +
    'at frequency ω. Hidden units with |a| ≤ A vary no faster than A, so when A is well below ω adding units does not help: the ' +
    'error stays on a plateau at every width. Once A exceeds ω the same widths fit the target orders of magnitude better. ' +
    'ReLU is the exception to watch: it is positively homogeneous, so bounding (a, b) only rescales its units, and A does not matter.',
  watch:
    'With tanh at ω = 16, the error for A = 2 stays near 1 at every width (the plateau), while for A = 16 and 32 it falls about 70× to near 0.01 by width 256; in the heatmap the error drops across the line A = ω.',
  paper: {
    title: 'How Powerful are Shallow Neural Networks with Bandlimited Random Weights?',
    authors: 'M. Li, S. Sonoda, F. Cao, Y. G. Wang, J. Liang',
    year: 2023,
    arxiv: '2008.08427',
  },
  params: {
    target: {
      kind: 'choice',
      label: 'Target',
      help: 'sin(ωx) on [−1, 1]; a sum of sines at ω/4, ω/2 and ω; or sin(ωx₁)·sin(ωx₂) on [−1, 1]² (the curve plot shows the slice where sin(ωx₂) = 1; in 2-D ω = 16 needs far more than 256 units, so try ω = 4–8).',
      default: 'sine',
      choices: [
        { value: 'sine', label: 'sin(ωx), 1-D' },
        { value: 'sines', label: 'sum of sines, 1-D' },
        { value: 'sine-2d', label: 'sin(ωx₁)·sin(ωx₂), 2-D' },
      ],
    },
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'σ of the hidden units σ(a·x + b). tanh and the Gaussian exp(−z²/2) have a scale; ReLU has none.',
      default: 'tanh',
      choices: [
        { value: 'tanh', label: 'tanh' },
        { value: 'gauss', label: 'Gaussian' },
        { value: 'relu', label: 'ReLU' },
      ],
    },
    omega: {
      kind: 'int',
      label: 'Target frequency ω',
      help: 'Angular frequency of the target in the width sweep and the curve plot (rad per unit of x).',
      unit: 'rad',
      default: 16,
      min: 1,
      max: 256,
    },
    bounds: {
      kind: 'ints',
      label: 'Weight bounds A',
      help: 'Each hidden weight and bias is uniform on [−A, A]; every A reuses the same uniform draws, scaled, so only the bound changes.',
      default: [2, 4, 8, 16, 32, 64],
      min: 1,
      max: 1024,
      minLength: 1,
      maxLength: 10,
    },
    widths: {
      kind: 'ints',
      label: 'Widths (hidden units)',
      help: 'One least-squares fit per width and A; units are nested (width w uses the first w units of the widest net). The solve is w×w.',
      default: [16, 32, 64, 128, 256],
      min: 1,
      max: 8192,
      minLength: 1,
      maxLength: 12,
    },
    omegas: {
      kind: 'ints',
      label: 'Heatmap frequencies ω',
      help: 'Target frequencies of the (A, ω) error heatmap, each fitted at the heatmap width.',
      default: [4, 8, 16, 32],
      min: 1,
      max: 256,
      minLength: 1,
      maxLength: 10,
    },
    mapWidth: {
      kind: 'int',
      label: 'Heatmap width',
      help: 'Hidden units of every fit in the (A, ω) heatmap.',
      default: 128,
      min: 1,
      max: 8192,
    },
    trainPoints: {
      kind: 'int',
      label: 'Training points',
      help: 'An even grid on [−1, 1] (in 2-D, a square grid of about this many points); more points than units, so the fit measures approximation, not interpolation.',
      default: 1024,
      min: 16,
      max: 16384,
    },
    lambda: {
      kind: 'number',
      label: 'Ridge λ (relative)',
      help: 'λ·tr(ΦᵀΦ)/w is added to the diagonal: the smallest that keeps the float32 Cholesky solve of ΦᵀΦ positive definite up to width 512.',
      default: 1e-4,
      min: 1e-9,
      max: 1,
      log: true,
    },
  },
  views: ['band-fit', 'band-width', 'band-map', 'progress'],
  presets: [
    {
      label: 'Paper-like: widths 64 → 8,192',
      note: 'The catalogue sweep of #10: widths up to 8,192 on 16,384 points, A from 1 to 256 (a 8,192² Cholesky per A: a GPU job).',
      params: {
        widths: [64, 256, 1024, 2048, 4096, 8192],
        bounds: [1, 2, 4, 8, 16, 32, 64, 128, 256],
        omegas: [4, 8, 16, 32, 64],
        mapWidth: 1024,
        trainPoints: 16384,
      },
      gpu: true,
    },
  ],
  metrics: ['error/A{bound}'],
  snapshots: ['band/fit', 'band/map'],
  load: () => import('./bandlimited.ts').then((m) => m.bandlimitedRunner),
});
