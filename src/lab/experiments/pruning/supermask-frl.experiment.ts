import { declareExperiment } from '../../declare.ts';
import { dataset, greyOnly, testSize } from './params.ts';

export const supermaskFrl = declareExperiment({
  id: 'supermask-frl',
  family: 'pruning',
  title: 'Supermasks and federated rank learning under attack',
  explanation:
    'A randomly weighted network already contains a good subnetwork: edge-popup freezes the random weights and learns only a score per edge, keeping the top-k edges by score (a supermask). ' +
    'FRL federates this: every client trains scores on its own few classes and sends only its ranking of the edges; the server adds up the ranks as votes and keeps the top-k. ' +
    'A reversed ranking is just one vote among many, whereas in FedAvg a single scaled, negated weight update can drag the average anywhere. ' +
    'Compare the accuracy drop of the two under the same share of malicious clients, and see the global ranking and how far each client agrees with it.',
  watch:
    "With 2 of 10 clients attacking, FedAvg collapses (seed 1: 59% → 8.5%) while FRL loses about 8 points, and the attackers' rankings share about 6% of the global top-k edges against 98% for honest clients.",
  paper: {
    title: 'FRL: Federated Rank Learning (Every Vote Counts)',
    authors: 'H. Mozaffari, V. Shejwalkar, A. Houmansadr',
    year: 2023,
    arxiv: '2110.04350',
  },
  params: {
    ...dataset,
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded subset of the training split, dealt to the clients by label shards.',
      default: 1000,
      min: 100,
      max: 60000,
    },
    testSize,
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'Hidden layers of the MLP (no biases in the supermask net, as in edge-popup).',
      default: [64, 64],
      min: 4,
      max: 1024,
      minLength: 1,
      maxLength: 3,
    },
    density: {
      kind: 'number',
      label: 'Kept edges (k)',
      help: 'Fraction of each layer’s edges in the supermask (the paper: 50%).',
      default: 0.5,
      min: 0.05,
      max: 0.95,
    },
    clients: {
      kind: 'int',
      label: 'Clients',
      help: 'Simulated clients, trained one after another every round.',
      default: 10,
      min: 2,
      max: 100,
    },
    shards: {
      kind: 'int',
      label: 'Label shards per client',
      help: 'Each client gets this many shards of the label-sorted data (2 ≈ two classes each: strongly non-IID).',
      default: 2,
      min: 1,
      max: 10,
    },
    malicious: {
      kind: 'number',
      label: 'Malicious share',
      help: 'Fraction of clients that attack: reversed rankings in FRL, negated and scaled updates in FedAvg.',
      default: 0.2,
      min: 0,
      max: 0.5,
    },
    attackScale: {
      kind: 'number',
      label: 'FedAvg attack scale',
      help: 'A malicious FedAvg client sends −scale × its honest update.',
      default: 5,
      min: 1,
      max: 100,
      log: true,
    },
    rounds: {
      kind: 'int',
      label: 'Rounds',
      help: 'Federated rounds (each client trains once per round).',
      default: 4,
      min: 1,
      max: 100,
    },
    localEpochs: {
      kind: 'int',
      label: 'Local epochs',
      help: 'Passes over its own data a client makes per round.',
      default: 1,
      min: 1,
      max: 20,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per local step.', default: 20, min: 1, max: 512 },
    lrScores: {
      kind: 'number',
      label: 'Score learning rate',
      help: 'SGD (momentum 0.9) on the supermask scores (edge-popup uses 0.1 over many more epochs).',
      default: 0.3,
      min: 1e-4,
      max: 10,
      log: true,
    },
    lrWeights: {
      kind: 'number',
      label: 'FedAvg learning rate',
      help: 'SGD (momentum 0.9) on the weights of the FedAvg clients.',
      default: 0.05,
      min: 1e-4,
      max: 2,
      log: true,
    },
  },
  views: ['progress', 'frl'],
  validate: (p) => [
    ...greyOnly(p),
    ...(Number(p.trainSize) < Number(p.clients) * Number(p.shards)
      ? ['Need at least one example per label shard (training examples ≥ clients × shards).']
      : []),
  ],
  presets: [
    {
      label: 'Larger federation: 20 clients, 20 rounds',
      note: "10,000 images dealt to 20 clients, a 256-256 net, 20 rounds of 2 local epochs: nearer the paper's scale (sized for a real GPU; not timed in software).",
      gpu: true,
      params: { trainSize: 10000, hidden: [256, 256], clients: 20, rounds: 20, localEpochs: 2 },
    },
  ],
  metrics: ['fed/FRL/clean', 'fed/FRL/attacked', 'fed/FedAvg/clean', 'fed/FedAvg/attacked'],
  snapshots: ['frl/rank/fc{layer}', 'frl/agreement'],
  load: () => import('./supermask-frl.ts').then((m) => m.supermaskFrlRunner),
});
