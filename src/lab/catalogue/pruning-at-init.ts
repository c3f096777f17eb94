/**
 * Pruning-family experiments that pick a subnetwork at (or instead of) training: supermasks and
 * their federated version FRL, random search over node masks, and layer vs filter pruning at
 * initialization. Plain data for the UI (catalogue F1); the runnables are in
 * experiments/pruning/{frl,random-search,layer-pruning}.ts. Defaults run in about a minute or two
 * on SwiftShader.
 */
import type { ExperimentMeta, ParamSchema, ParamValues } from '../experiment.ts';

const dataset: ParamSchema = {
  dataset: {
    kind: 'choice',
    label: 'Dataset',
    help: 'Which 28×28 grey image set to train on.',
    default: 'mnist',
    choices: [
      { value: 'mnist', label: 'MNIST (28×28 digits)' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
    ],
  },
};

const greyOnly = (p: ParamValues): string[] =>
  ['mnist', 'fashion-mnist'].includes(String(p.dataset)) ? [] : ['This experiment takes 28×28 grey images.'];

export const frlMeta: ExperimentMeta = {
  id: 'supermask-frl',
  family: 'pruning',
  title: 'Supermasks and federated rank learning under attack',
  explanation:
    'A randomly weighted network already contains a good subnetwork: edge-popup freezes the random weights and learns only a score per edge, keeping the top-k edges by score (a supermask). ' +
    'FRL federates this: every client trains scores on its own few classes and sends only its ranking of the edges; the server adds up the ranks as votes and keeps the top-k. ' +
    'A reversed ranking is just one vote among many, whereas in FedAvg a single scaled, negated weight update can drag the average anywhere. ' +
    'Compare the accuracy drop of the two under the same share of malicious clients, and see the global ranking and how far each client agrees with it.',
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
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N examples of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
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
};

export const randomSearchMeta: ExperimentMeta = {
  id: 'random-search-masks',
  family: 'pruning',
  title: 'Random search over node masks vs one random mask',
  explanation:
    'Sparse architecture search in its simplest form: draw K random node masks (which hidden units survive) over the same initialization, score each by a short training on a validation split, and train the best one fully. ' +
    'The paper finds that the searched sparse nets are neither better nor faster to train than a plain random one at the same sparsity. ' +
    'The curve shows the final test accuracy of the best-of-k mask for every k (k = 1 is the plain random mask): a flat curve is the paper’s null result.',
  paper: {
    title: 'Random Search as a Baseline for Sparse Neural Network Architecture Search',
    authors: 'R. Farahani',
    year: 2024,
    arxiv: '2403.08265',
  },
  params: {
    ...dataset,
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded random subset of the training split.',
      default: 1000,
      min: 100,
      max: 60000,
    },
    valSize: {
      kind: 'int',
      label: 'Validation examples',
      help: 'Carved from the same seeded draw of the training split; scores the candidates (test never does).',
      default: 500,
      min: 50,
      max: 10000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N examples of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'The overparameterized parent MLP (the paper: 512, 512).',
      default: [128, 128],
      min: 4,
      max: 2048,
      minLength: 1,
      maxLength: 4,
    },
    nodeDensity: {
      kind: 'number',
      label: 'Units kept',
      help: 'Fraction of each hidden layer’s units a mask keeps (0.25 = 75% node sparsity).',
      default: 0.25,
      min: 0.02,
      max: 1,
    },
    candidates: {
      kind: 'int',
      label: 'Candidates K',
      help: 'Random node masks scored by the proxy (the paper: 20).',
      default: 8,
      min: 1,
      max: 50,
    },
    proxyEpochs: {
      kind: 'number',
      label: 'Proxy epochs',
      help: 'Training of each candidate before its validation accuracy is read (the paper: 1 epoch).',
      default: 1,
      min: 0.1,
      max: 10,
    },
    epochs: {
      kind: 'int',
      label: 'Full-training epochs',
      help: 'Training of the selected masks (best-of-k for each k) before test accuracy is read.',
      default: 5,
      min: 1,
      max: 100,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 50, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, constant.',
      default: 1e-3,
      min: 1e-5,
      max: 1,
      log: true,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent searches (init, masks and data order from seed, seed+1, …).',
      default: 1,
      min: 1,
      max: 10,
    },
  },
  views: ['progress', 'random-search'],
  validate: greyOnly,
};

export const layerPruningMeta: ExperimentMeta = {
  id: 'layer-pruning-init',
  family: 'pruning',
  title: 'Layer pruning vs filter pruning at initialization',
  explanation:
    'Structured lottery tickets at initialization: remove whole residual blocks before any training, or instead remove the same number of parameters as units inside every block (filter pruning), and train both from the same init. ' +
    'The paper finds that layer-pruned tickets win — they match the dense net and train faster, since a removed block costs no time — while filter-pruned ones hardly do. ' +
    'Here the net is a residual MLP (stem, N blocks h ← h + W₂·relu(W₁·h), head) rather than ResNet-20, which is too slow on a CPU-emulated GPU for three arms and several seeds; blocks are scored at init by the linear CKA between their input and output (or at random).',
  paper: {
    title: 'When Layers Play the Lottery, all Tickets Win at Initialization',
    authors: 'A. Jordao, G. Correa de Araujo, H. de Almeida Maia, H. Pedrini',
    year: 2023,
    arxiv: '2301.10835',
  },
  params: {
    ...dataset,
    dataset: { ...(dataset.dataset as Extract<ParamSchema[string], { kind: 'choice' }>), default: 'fashion-mnist' },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded random subset of the training split (256 more are drawn for the CKA probe batch).',
      default: 1000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N examples of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    width: {
      kind: 'int',
      label: 'Width',
      help: 'Width d of the residual stream and of every block’s inner layer.',
      default: 64,
      min: 4,
      max: 1024,
    },
    blocks: {
      kind: 'int',
      label: 'Residual blocks',
      help: 'Blocks of the dense net (the catalogue’s toy: 16).',
      default: 8,
      min: 2,
      max: 32,
    },
    fraction: {
      kind: 'number',
      label: 'Pruned fraction',
      help: 'Share of blocks removed (layer pruning) = share of inner units removed in every block (filter pruning): equal parameter counts.',
      default: 0.5,
      min: 0.05,
      max: 0.9,
    },
    criterion: {
      kind: 'choice',
      label: 'Block score',
      help: 'Which blocks go: those whose output is most similar to their input at init (linear CKA), or random ones.',
      default: 'cka',
      choices: [
        { value: 'cka', label: 'CKA(input, output) at init' },
        { value: 'random', label: 'Random' },
      ],
    },
    epochs: { kind: 'int', label: 'Epochs', help: 'Training of every arm.', default: 3, min: 1, max: 100 },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 50, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam, constant.',
      default: 1e-3,
      min: 1e-5,
      max: 1,
      log: true,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent repetitions (init and data order from seed, seed+1, …).',
      default: 1,
      min: 1,
      max: 10,
    },
  },
  views: ['progress', 'layer-pruning'],
  validate: greyOnly,
};

export const pruningAtInitMetas: ExperimentMeta[] = [frlMeta, randomSearchMeta, layerPruningMeta];
