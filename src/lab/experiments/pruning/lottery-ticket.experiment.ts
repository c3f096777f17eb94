import { declareExperiment } from '../../declare.ts';
import { common, impParams, initScale, optimizerParams, greyOnly } from './params.ts';

export const lotteryTicket = declareExperiment({
  id: 'lottery-ticket',
  family: 'pruning',
  title: 'Lottery tickets by iterative magnitude pruning',
  explanation:
    'Train the dense net, remove the smallest-magnitude weights, reset the survivors to their original initial values and train again; repeat. ' +
    'The surviving "winning ticket" keeps the dense accuracy with a small fraction of the weights, while the same mask with a fresh random initialization, ' +
    'or a random mask with the same per-layer densities, does worse. The first-layer mask concentrates on the digit area: border pixels are almost never inked, ' +
    'so their weights move less in training than those on the digit, and magnitude pruning removes the border first. ' +
    'The defaults are sized for about a minute in software: one epoch a round at Adam 3e-3 from half the Kaiming init, so that the trained weights outgrow ' +
    "their initial values as they do after the paper's 50,000 steps; the preset is the paper's setting.",
  watch:
    'Over rounds 1–4 (60% of the survivors pruned each round, 2.7% of the weights left) the survival map darkens at the border first: ' +
    "the digit centre keeps over twice the border's share, and from round 2 on the ticket keeps its accuracy while the random-reinit and random-mask controls fall behind.",
  paper: {
    title: 'The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks',
    authors: 'J. Frankle, M. Carbin',
    year: 2019,
    arxiv: '1803.03635',
  },
  params: {
    ...common,
    ...optimizerParams('adam', 3e-3),
    ...impParams,
    rate: { ...impParams.rate, default: 0.6 },
    initScale: initScale(
      "Multiplies the MLP's Kaiming initialization. Below 1, a short run moves the trained weights further than their initial size, so magnitude pruning tells trained weights from untouched ones sooner.",
      0.5,
    ),
    controls: {
      kind: 'bool',
      label: 'Controls every round',
      help: 'Train the random-reinit and random-mask controls after every round (otherwise only after the last).',
      default: true,
    },
    seeds: {
      kind: 'int',
      label: 'Seeds',
      help: 'Independent repetitions (run seed, seed+1, …): the curves show their mean and range.',
      default: 1,
      min: 1,
      max: 5,
    },
  },
  views: ['progress', 'masks'],
  validate: greyOnly,
  presets: [
    {
      label: 'The paper check: LeNet-300-100 to 11%, 3 seeds',
      note:
        "The setting of npm run verify -- pruning lottery-ticket-10pct: 3,000 images, 20 epochs a round, 5 layer-wise rounds of 36% (each two of the paper's 20% rounds) to 10.8% of the weights, " +
        'controls after the last: the ticket holds the dense accuracy while both controls fall behind (one run here, seeds 1–3: ticket 91.5%, random reinit 90.1%, random mask 89.7%; 15 min in software).',
      gpu: true,
      params: {
        trainSize: 3000,
        testSize: 2000,
        batch: 60,
        epochs: 20,
        lr: 1.2e-3,
        initScale: 1,
        rounds: 5,
        rate: 0.36,
        outputRate: 0.18,
        scope: 'layer',
        controls: false,
        seeds: 3,
      },
    },
  ],
  metrics: [
    'acc/ticket/s{seed}',
    'es/ticket/s{seed}',
    'acc/reinit/s{seed}',
    'es/reinit/s{seed}',
    'acc/random/s{seed}',
    'es/random/s{seed}',
    'remaining',
    'density/IMP/{layer}',
    'density/ERK/{layer}',
    'density/uniform/{layer}',
  ],
  snapshots: ['mask/r{round}/{layer}'],
  load: () => import('./lottery-ticket.ts').then((m) => m.lotteryTicketRunner),
});
