import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const criticality = declareExperiment({
  id: 'criticality',
  family: 'lazy-rich',
  title: 'Criticality and the depth-to-width ratio',
  explanation:
    'Thousands of random deep MLPs (weights N(0, C_W/n), biases N(0, C_b)) run at once, one dispatch per layer for the whole ' +
    'ensemble. The phase map shows how the preactivation variance K^(ℓ) and the input–output Jacobian grow or shrink over ' +
    'depth across (C_b, C_W): ordered (vanishing) below the critical line, chaotic (exploding) above it, preserved at ' +
    'criticality (ReLU: C_W = 2, C_b = 0; tanh: C_W = 1, C_b = 0). The curves compare measured K^(ℓ) with the ' +
    'infinite-width recursion K′ = C_b + C_W·E[φ(z)²]. At criticality the output is not quite Gaussian: its excess ' +
    'kurtosis across inits, the leading 1/n correction, grows with depth/width L/n (ReLU: ≈ 15·L/n, tanh: ≈ 2·L/n). With ' +
    'few inits per point and L/n near ½ the ensemble mean is carried by rare large networks, so a single run usually reads low there.',
  watch:
    'The variance map stays white along C_W = 2 at C_b = 0 and turns blue below, red above: over 16 layers K shrinks 70× at 0.8× the critical C_W, grows 11× at 1.25×, and stays within 2.5× at criticality; the output’s excess kurtosis rises with L/n along the exact ReLU curve (dashed; 15 s in software).',
  paper: {
    title: 'The Principles of Deep Learning Theory',
    authors: 'D. A. Roberts, S. Yaida, B. Hanin',
    year: 2021,
    arxiv: '2106.10165',
  },
  params: {
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'ReLU (critical at C_W = 2) or tanh (critical at C_W = 1), both at C_b = 0.',
      default: 'relu',
      choices: [
        { value: 'relu', label: 'ReLU' },
        { value: 'tanh', label: 'tanh' },
      ],
    },
    depth: {
      kind: 'int',
      label: 'Depth L',
      help: 'Layers of every network; the book goes to L = 64.',
      default: 16,
      min: 2,
      max: 64,
    },
    width: {
      kind: 'int',
      label: 'Width n',
      help: 'Units per layer (and input dimension). The kurtosis sweep also runs n/4 and n/2.',
      default: 32,
      min: 2,
      max: 512,
    },
    ensemble: {
      kind: 'int',
      label: 'Inits per grid point',
      help: 'Networks per (C_b, C_W) point; all points share these draws.',
      default: 16,
      min: 1,
      max: 1024,
    },
    gridSize: {
      kind: 'int',
      label: 'Grid size',
      help: 'Points per axis of the (C_b, C_W) phase map.',
      default: 9,
      min: 2,
      max: 25,
    },
    cbMax: { kind: 'number', label: 'Largest C_b', help: 'Bias variances 0 … this.', default: 0.5, min: 0, max: 4 },
    cwMin: {
      kind: 'number',
      label: 'Smallest C_W',
      help: 'Weight variance range of the phase map (lower end).',
      default: 0.5,
      min: 0.05,
      max: 8,
    },
    cwMax: {
      kind: 'number',
      label: 'Largest C_W',
      help: 'Weight variance range of the phase map (upper end).',
      default: 3,
      min: 0.1,
      max: 8,
    },
    kurtosisInits: {
      kind: 'int',
      label: 'Inits for kurtosis',
      help: 'Independent networks at criticality per width for the output’s excess kurtosis (the catalogue: ≥ 2,000).',
      default: 2048,
      min: 16,
      max: 16384,
    },
  },
  presets: [
    {
      label: 'Finer and deeper: a 17 × 17 grid, depth 32, width 64',
      note: 'More inits per point (64) and for the kurtosis (8,192), so the maps and the L/n plot are smoother; for a real GPU (not yet timed on one).',
      params: { depth: 32, width: 64, ensemble: 64, gridSize: 17, kurtosisInits: 8192 },
      gpu: true,
    },
  ],
  views: ['criticality', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.cwMin) < Number(p.cwMax) ? [] : ['The smallest C_W must be below the largest.'];
  },
  metrics: [
    'edge/chi=1',
    'K/{curve}',
    'K-pred/{curve}',
    'jacobian/{curve}',
    'jacobian-pred/{curve}',
    'grad/{curve}',
    'corr/{curve}',
    'kurtosis/n={width}',
    'kurtosis-pred/n={width}',
    'kurtosis-fit',
  ],
  snapshots: ['criticality/K-ratio', 'criticality/jacobian-ratio'],
  load: () => import('./criticality.ts').then((m) => m.criticalityRunner),
});
