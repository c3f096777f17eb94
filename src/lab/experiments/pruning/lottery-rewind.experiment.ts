import { declareExperiment } from '../../declare.ts';
import { common, impParams, initScale, optimizerParams } from './params.ts';

export const lotteryRewind = declareExperiment({
  id: 'lottery-rewind',
  family: 'pruning',
  title: 'Rewinding and instability of lottery tickets',
  explanation:
    'Instead of resetting survivors to their initial values, rewind them to their values at an early iteration k. ' +
    'For each k the lab trains two copies of the final ticket from the rewind point with different data orders and measures test error along the straight line between them: ' +
    'a high barrier means the subnetwork is unstable to SGD noise, and the paper finds the tickets that match the dense net are the stable ones. ' +
    'At the small sizes that finish in a minute, the k = 0 ticket usually matches the dense net already and rewinding mostly lowers the barrier (the settings below show it); ' +
    "the paper's failure at k = 0 comes with deep nets trained long at a high rate without warm-up (ResNet-20 at full width, on a real GPU).",
  watch:
    'At the defaults both barriers stay under one point (seed 1: 0 at k = 0, 0.35 at k = 5%): at this size the k = 0 ticket is already stable, ' +
    'as the paper finds for LeNet; the presets show the instability at init that rewinding cures (3 and 25 min in software).',
  paper: {
    title: 'Stabilizing the Lottery Ticket Hypothesis',
    authors: 'J. Frankle, G. K. Dziugaite, D. M. Roy, M. Carbin',
    year: 2019,
    arxiv: '1903.01611',
  },
  params: {
    ...common,
    ...optimizerParams('sgd', 0.1),
    ...impParams,
    scope: { ...impParams.scope, default: 'global' },
    rounds: { ...impParams.rounds, default: 2 },
    rate: { ...impParams.rate, default: 0.7 },
    outputRate: { ...impParams.outputRate, default: 0.7 },
    rewinds: {
      kind: 'ints',
      label: 'Rewind points',
      help: 'Rewind iterations k as percent of training (0 = the original initialization).',
      unit: '%',
      default: [0, 5],
      min: 0,
      max: 50,
      minLength: 1,
      maxLength: 5,
    },
    model: {
      kind: 'choice',
      label: 'Model',
      help:
        'The MLP of the hidden widths above; Conv-2 of the lottery-ticket paper (two 3×3 convs, max-pool, FC 256-256-10); or ResNet-20 with BatchNorm, ' +
        'the net this paper finds unstable at initialization (SGD 0.1, no warm-up: it needs a GPU at full width). IMP prunes conv kernels (shortcuts too) and FC weights; ' +
        'nets on the line between two ResNet copies get their BatchNorm statistics recomputed.',
      default: 'mlp',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'conv2', label: 'Conv-2' },
        { value: 'resnet20', label: 'ResNet-20' },
      ],
    },
    width: {
      kind: 'number',
      label: 'Conv width',
      help: 'Channel multiplier of Conv-2 (1 = 64 channels and FC 256, as in the paper) and of ResNet-20 (1 = 16/32/64 channels).',
      default: 0.25,
      min: 0.0625,
      max: 1,
      log: true,
    },
    initScale: initScale(
      "Multiplies the MLP's Kaiming initialization. A small init (0.2) makes the first steps unstable to SGD noise: two copies trained from k = 0 end a few points apart on the line between them, and rewinding to 10% removes the barrier.",
      1,
    ),
    dataset: {
      kind: 'choice',
      label: 'Dataset',
      help: 'Which image set to train on (the first-layer 28×28 tiles appear for the MLP on the 28×28 sets).',
      default: 'mnist',
      choices: [
        { value: 'mnist', label: 'MNIST (28×28 digits)' },
        { value: 'fashion-mnist', label: 'Fashion-MNIST (28×28 clothing)' },
        { value: 'cifar10', label: 'CIFAR-10 (32×32 colour)' },
      ],
    },
  },
  views: ['progress', 'masks'],
  validate: (p) =>
    p.model !== 'mlp' && Number(p.initScale) !== 1
      ? [`The init scale applies to the MLP only; set it to 1 for ${p.model === 'conv2' ? 'Conv-2' : 'ResNet-20'}.`]
      : [],
  presets: [
    {
      label: 'Unstable at init: a small init',
      note: 'LeNet-300-100 at 0.2 × its init: the k = 0 pair ends 1–4 points apart on the line between the copies, rewinding to 10% steadies it to under one point, and the ticket matches the dense net at both (about 3 min in software).',
      params: {
        dataset: 'fashion-mnist',
        trainSize: 5000,
        batch: 50,
        epochs: 10,
        rounds: 1,
        rate: 0.9,
        outputRate: 0.45,
        rewinds: [0, 10],
        initScale: 0.2,
      },
    },
    {
      label: 'Unstable at init: a deep MLP',
      note: 'Six hidden layers of 256 at SGD 0.1 kept to 5%: barriers of 13–14 points at k = 0 that rewinding halves, while the k = 0 ticket still matches the dense net (about 25 min in software, a minute on a GPU).',
      params: {
        dataset: 'fashion-mnist',
        trainSize: 5000,
        hidden: [256, 256, 256, 256, 256, 256],
        batch: 50,
        epochs: 30,
        rounds: 1,
        rate: 0.95,
        outputRate: 0.475,
        rewinds: [0, 1, 5],
      },
    },
    {
      label: "The paper's net: ResNet-20",
      gpu: true,
      note: 'Full width with BatchNorm on 10,000 CIFAR-10 images, SGD 0.1 without warm-up, pruned to 17%: where the paper finds k = 0 failing (needs a GPU: hours in software).',
      params: {
        model: 'resnet20',
        width: 1,
        dataset: 'cifar10',
        trainSize: 10000,
        batch: 128,
        epochs: 8,
        rounds: 1,
        rate: 0.832,
        outputRate: 0.416,
        rewinds: [0, 10],
      },
    },
  ],
  metrics: [
    'acc/k={k}%/s{seed}',
    'es/k={k}%/s{seed}',
    'remaining',
    'density/IMP/{layer}',
    'density/ERK/{layer}',
    'density/uniform/{layer}',
    'interp/k={k}%',
    'barrier',
    'ticket/acc-by-k',
  ],
  snapshots: ['mask/r{round}/{layer}'],
  load: () => import('./lottery-rewind.ts').then((m) => m.lotteryRewindRunner),
});
