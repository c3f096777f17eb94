import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const pfnGp = declareExperiment({
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
  watch:
    'After 600 steps (about two minutes in software) the PFN’s held-out NLL falls from the prior’s 1.4 to about 0.7 nats per point and its mean follows the exact GP’s (correlation about 0.9), though it stays far from the exact GP’s NLL.',
  presets: [
    {
      label: 'The paper check’s length: 2,400 steps',
      note: 'The pfn-matches-gp check’s training (2,400 steps of 16 tasks): how close the PFN gets to the exact GP is what that check measures; under a minute on a real GPU, many minutes in software.',
      params: { steps: 2400 },
      gpu: true,
    },
  ],
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
  metrics: [
    'train/nll',
    'train/gp-nll',
    'train/prior-nll',
    'eval/nll',
    'eval/gp-nll',
    'eval/prior-nll',
    'eval/mean-mse',
    'eval/mean-corr',
  ],
  snapshots: ['pfn/bands', 'pfn/context'],
  load: () => import('./pfn.ts').then((m) => m.pfnGpRunner),
});
