import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const grokkingLazyRich = declareExperiment({
  id: 'grokking-lazy-rich',
  family: 'lazy-rich',
  title: 'Grokking as a lazy → rich transition',
  explanation:
    'A two-layer net f(x) = α·(h(x) − h₀(x)), h = meanᵢ φ(wᵢ·x) with φ(z) = z + εz²/2, learns the quadratic target ' +
    '(β·x)²/2 by full-batch gradient descent with learning rate N/α². Large α keeps training lazy: the net behaves like ' +
    'its linearization at init (grey), fits the training set with the initial kernel, and the test loss sits on the ' +
    'kernel-regression plateau (red) until the features slowly turn toward β — a delayed drop, i.e. grokking. Small α ' +
    'learns features at once, and train and test fall together. Set “α values” above 1 to sweep α and fill the delay plot.',
  watch:
    'Train loss falls to 10% of its start by step ~160 while test loss is still at 0.64, near the initial-kernel regression’s 0.80 (red); test reaches 10% only around step 1,700, about 11× later (half a minute in software).',
  paper: {
    title: 'Grokking as the transition from lazy to rich training dynamics',
    authors: 'T. Kumar, B. Bordelon, S. J. Gershman, C. Pehlevan',
    year: 2023,
    arxiv: '2310.06110',
  },
  params: {
    alpha: {
      kind: 'number',
      label: 'Output scale α',
      help: 'Larger α is lazier (the paper’s knob); the learning rate is N/α² times the factor below.',
      default: 1,
      min: 0.05,
      max: 1000,
      log: true,
    },
    sweep: {
      kind: 'int',
      label: 'α values',
      help: '1 trains α only; k > 1 trains k values log-spaced from “smallest α” to α in sequence, and plots each one’s grokking delay as it finishes.',
      default: 1,
      min: 1,
      max: 8,
    },
    alphaMin: {
      kind: 'number',
      label: 'Smallest α (sweep)',
      help: 'Lower end of the α sweep.',
      default: 0.25,
      min: 0.05,
      max: 1000,
      log: true,
    },
    dim: {
      kind: 'int',
      label: 'Input dimension D',
      help: 'x ~ N(0, I/D). The paper uses 100.',
      default: 30,
      min: 2,
      max: 512,
    },
    trainSize: {
      kind: 'int',
      label: 'Training points P',
      help: 'Grokking needs D < P ≪ D²/2 (the paper: 550 for D = 100).',
      default: 150,
      min: 4,
      max: 2048,
    },
    testSize: {
      kind: 'int',
      label: 'Test points',
      help: 'Fresh draws of x for the test loss.',
      default: 300,
      min: 4,
      max: 4096,
    },
    width: { kind: 'int', label: 'Width N', help: 'Hidden units (the paper: 500).', default: 100, min: 1, max: 4096 },
    eps: {
      kind: 'number',
      label: 'Quadratic part ε',
      help: 'φ(z) = z + εz²/2: how much of the kernel is quadratic.',
      default: 0.3,
      min: 0.001,
      max: 4,
      log: true,
    },
    lrScale: {
      kind: 'number',
      label: 'LR factor',
      help: 'Learning rate = factor · N/α².',
      default: 1,
      min: 0.01,
      max: 4,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch GD steps per α value.',
      unit: 'steps',
      default: 3000,
      min: 10,
      max: 1000000,
    },
    linearized: {
      kind: 'bool',
      label: 'Linearized twin',
      help: 'Also train the first-order Taylor model at init, with the same steps.',
      default: true,
    },
  },
  presets: [
    {
      label: 'Lazy end: α = 8',
      note: 'The net fits the training set like its linearization and the test loss stays on the initial-kernel plateau for all 3,000 steps: too lazy to grok in a browser-length run (half a minute in software).',
      params: { alpha: 8 },
    },
    {
      label: 'Sweep α from 0.25 to 1',
      note: 'The check’s grid: each α generalizes, later the lazier it is, and the delay plot fills point by point (about two minutes in software).',
      params: { sweep: 3, alpha: 1, alphaMin: 0.25, steps: 4000 },
    },
    {
      label: 'Paper size: D = 100, P = 550, N = 500',
      note: 'Kumar et al.’s problem size, α from 0.25 to 1 over 10,000 steps each; for a real GPU (not yet timed on one).',
      params: {
        dim: 100,
        trainSize: 550,
        testSize: 1000,
        width: 500,
        sweep: 3,
        alpha: 1,
        alphaMin: 0.25,
        steps: 10000,
      },
      gpu: true,
    },
  ],
  views: ['lazy-rich', 'lazy-rich-sweep', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.sweep) > 1 && !(Number(p.alphaMin) < Number(p.alpha))
      ? ['The smallest α of a sweep must be below α.']
      : [];
  },
  metrics: [
    'train/loss{alpha}',
    'test/loss{alpha}',
    'lin-train/loss{alpha}',
    'lin-test/loss{alpha}',
    'k0/test-loss{alpha}',
    'lazy/weight-change{alpha}',
    'lazy/kernel-change{alpha}',
    'lazy/alignment{alpha}',
    'sweep/grok-delay',
    'sweep/weight-change',
    'sweep/test-loss',
  ],
  snapshots: [],
  load: () => import('./grok-poly.ts').then((m) => m.grokkingLazyRichRunner),
});
