import { declareExperiment } from '../../declare.ts';
import { dataset, trainSize, evalSize, hidden, steps, batch, lr } from './params.ts';

export const landscapeLmc = declareExperiment({
  id: 'landscape-lmc',
  family: 'landscape',
  title: 'Linear mode connectivity',
  explanation:
    'Train a parent network for k steps (the rewind point), then finish training several copies from it with ' +
    'different data orders, and several more networks from different random initializations. Along the straight ' +
    'line between two solutions the test error rises by a “barrier”. Copies that share the rewind point stay in ' +
    'one linearly connected basin (barrier ≈ 0); networks from different inits end in different basins.',
  watch:
    'In about 15 s: the two copies split at step 20 sit in one basin (error barrier ≈ 0.2 percentage points), the two networks from different inits in different ones (≈ 38 points): a pale block and a red block in the matrix.',
  paper: {
    title: 'Linear Mode Connectivity and the Lottery Ticket Hypothesis',
    authors: 'J. Frankle, G. K. Dziugaite, D. Roy, M. Carbin',
    year: 2020,
    arxiv: '1912.05671',
  },
  params: {
    dataset,
    trainSize,
    hidden: hidden([32]),
    steps: steps(200),
    rewind: {
      kind: 'int',
      label: 'Rewind step k',
      help: 'Steps the shared parent trains before its copies split (0 = same initialization).',
      default: 20,
      min: 0,
      max: 100000,
    },
    runs: {
      kind: 'int',
      label: 'Runs per group',
      help: 'Copies from the rewind point, and networks from fresh inits.',
      default: 2,
      min: 2,
      max: 6,
    },
    batch,
    lr,
    evalSize,
    points: {
      kind: 'int',
      label: 'Points per line',
      help: 'Interpolation points α = 0 … 1 on each line.',
      default: 11,
      min: 3,
      max: 101,
    },
  },
  views: ['progress', 'landscape-barriers', 'landscape-line'],
  presets: [
    {
      label: 'Wider net, longer runs, finer lines',
      note: 'A 784-128-10 MLP on 10,000 images, 2,000 steps per run, split at step 200, three runs per group, 21 points per line on 1,000 examples (minutes in software, seconds on a GPU).',
      params: { trainSize: 10000, hidden: [128], steps: 2000, rewind: 200, runs: 3, evalSize: 1000, points: 21 },
      gpu: true,
    },
  ],
  validate(p) {
    return Number(p.rewind) >= Number(p.steps) ? ['The rewind step must come before the end of training.'] : [];
  },
  metrics: [],
  snapshots: ['line/{run} ↔ {run}', 'barriers'],
  load: () => import('./lmc.ts').then((m) => m.landscapeLmcRunner),
});
