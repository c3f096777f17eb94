import { declareExperiment } from '../../declare.ts';
import type { ParamValues } from '../../experiment.ts';

export const grokkingModular = declareExperiment({
  id: 'grokking-modular',
  family: 'lazy-rich',
  title: 'Grokking modular addition',
  explanation:
    'A two-layer MLP reads one-hot (a, b) and predicts (a + b) mod p, trained by full-batch AdamW on a random fraction of ' +
    'the p² pairs. With weight decay it first memorizes the training pairs (train accuracy 100%, test near chance) and ' +
    'only much later, as weight decay prunes the memorizing solution toward the Fourier one, test accuracy jumps — ' +
    'grokking. The vertical marks are the steps where train reached 99% and test 95%. With little or no weight decay the ' +
    'jump comes later or not at all; set “weight decays” above 1 to sweep it.',
  watch:
    'Train accuracy reaches 100% by step ~20 while test stays near chance; test then climbs and passes 90% around step 340, about 17× later (a few seconds on a software GPU).',
  paper: {
    title: 'Grokking: generalization beyond overfitting on small algorithmic datasets',
    authors: 'A. Power, Y. Burda, H. Edwards, I. Babuschkin, V. Misra',
    year: 2022,
    arxiv: '2201.02177',
  },
  params: {
    modulus: {
      kind: 'int',
      label: 'Modulus p',
      help: 'Labels are (a + b) mod p; there are p² pairs (Gromov 2023 uses 97).',
      default: 23,
      min: 3,
      max: 211,
    },
    trainFraction: {
      kind: 'number',
      label: 'Train fraction',
      help: 'Share of the p² pairs trained on; the rest is the test set.',
      default: 0.6,
      min: 0.05,
      max: 0.95,
    },
    width: { kind: 'int', label: 'Width', help: 'Hidden units.', default: 64, min: 4, max: 4096 },
    activation: {
      kind: 'choice',
      label: 'Activation',
      help: 'Quadratic as in Gromov (2023, arXiv 2301.02679), or ReLU.',
      default: 'quadratic',
      choices: [
        { value: 'quadratic', label: 'quadratic z²' },
        { value: 'relu', label: 'ReLU' },
      ],
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'AdamW, β = (0.9, 0.98), full batch.',
      default: 0.03,
      min: 1e-5,
      max: 0.1,
      log: true,
    },
    weightDecay: {
      kind: 'number',
      label: 'Weight decay',
      help: 'AdamW’s decoupled decay (the largest value of a sweep).',
      default: 1,
      min: 0,
      max: 10,
    },
    sweep: {
      kind: 'int',
      label: 'Weight decays',
      help: '1 trains one; k > 1 trains k values log-spaced from “smallest decay” up, and plots when each generalized.',
      default: 1,
      min: 1,
      max: 8,
    },
    weightDecayMin: {
      kind: 'number',
      label: 'Smallest decay (sweep)',
      help: 'Lower end of the weight-decay sweep.',
      default: 0.03,
      min: 1e-4,
      max: 10,
      log: true,
    },
    initScale: {
      kind: 'number',
      label: 'Init scale',
      help: 'Multiplies the Kaiming init; larger starts lazier and groks later.',
      default: 1,
      min: 0.05,
      max: 20,
      log: true,
    },
    steps: {
      kind: 'int',
      label: 'Steps',
      help: 'Full-batch steps per weight decay.',
      unit: 'steps',
      default: 600,
      min: 10,
      max: 1000000,
    },
  },
  presets: [
    {
      label: 'Paper size: p = 97 from half of the pairs',
      note: 'Gromov’s modulus (p = 97, 4,705 training pairs, width 128) over 3,000 steps: the same memorize-then-generalize order on a 16× larger table; for a real GPU (not yet timed on one; hours in software).',
      params: { modulus: 97, trainFraction: 0.5, width: 128, steps: 3000 },
      gpu: true,
    },
    {
      label: 'Sweep weight decay from 0.03 to 1',
      note: 'Four runs of the defaults: within 600 steps only decay 1 reaches test 95%; 0.1 and 0.3 end near 60–70% test and 0.03 near 23% (about a minute in software).',
      params: { sweep: 4, weightDecayMin: 0.03 },
    },
  ],
  views: ['grok-modular', 'grok-modular-sweep', 'progress'],
  validate(p: ParamValues): string[] {
    return Number(p.sweep) > 1 && !(Number(p.weightDecayMin) < Number(p.weightDecay))
      ? ['The smallest weight decay of a sweep must be below the weight decay.']
      : [];
  },
  metrics: [
    'train/loss{wd}',
    'test/loss{wd}',
    'train/accuracy{wd}',
    'test/accuracy{wd}',
    'sweep/generalized-step',
    'sweep/memorized-step',
  ],
  snapshots: [],
  load: () => import('./modular.ts').then((m) => m.grokkingModularRunner),
});
