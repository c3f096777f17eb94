import { declareExperiment } from '../../declare.ts';
import { poolDataset } from './params.ts';

export const dataDiet = declareExperiment({
  id: 'data-diet',
  family: 'data',
  title: 'Deep learning on a data diet: prune the easy examples',
  explanation:
    'Each training example is scored early in training by EL2N, the length of its error vector ‖softmax(f(x)) − onehot(y)‖, ' +
    'averaged over K networks from different inits trained a few epochs (or by GraNd, the norm of its loss gradient, here of the last layer). ' +
    'Then the easiest fraction f of the training set is dropped and a fresh network is trained from scratch on the hardest 1 − f, ' +
    'beside one trained on a random subset of the same size (the control) and one on all of it. ' +
    'The claim: low-scoring examples are redundant, so keeping the hardest beats keeping a random part at the same size. ' +
    'With label noise on, some labels of the pool are flipped first: high scores then flag them (AUROC of EL2N and GraNd against random scores).',
  watch:
    'Test accuracy vs the fraction of the pool kept: pruning the easiest 10–30% by EL2N costs nothing (the EL2N point sits at or above random and near the full pool), while keeping only the hardest 30–50% of so small a pool falls below random (its hardest examples are the ambiguous ones); the histogram piles up near 0 with a long hard tail, and the gallery puts typical items on the easy side and odd ones on the hard side (click one for its EL2N over the scoring epochs); with 10% label noise the flipped labels (discs over the histogram) crowd the hard tail, EL2N finds them with an AUROC far above random scores (0.5), and the gallery flags them with given and true labels.',
  paper: {
    title: 'Deep Learning on a Data Diet: Finding Important Examples Early in Training',
    authors: 'M. Paul, S. Ganguli, G. K. Dziugaite',
    year: 2021,
    arxiv: '2107.07075',
  },
  params: {
    dataset: poolDataset('fashion-mnist'),
    trainSize: {
      kind: 'int',
      label: 'Training pool',
      help: 'Examples scored and pruned (class-balanced).',
      default: 2000,
      min: 100,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'Class-balanced subset of the test split.',
      default: 1000,
      min: 100,
      max: 10000,
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'ReLU MLP; GraNd is taken over the last layer, whose input is the last hidden layer.',
      default: [128],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 4,
    },
    score: {
      kind: 'choice',
      label: 'Score',
      help: 'EL2N: ‖p − y‖. GraNd (last layer): ‖∂ℓ/∂(W, b)‖ of the output layer, = ‖p − y‖·√(‖h‖² + 1).',
      default: 'el2n',
      choices: [
        { value: 'el2n', label: 'EL2N' },
        { value: 'grand', label: 'GraNd (last layer)' },
      ],
    },
    scoreInits: {
      kind: 'int',
      label: 'Scoring inits K',
      help: 'Networks from independent inits whose scores are averaged (the paper: 10).',
      default: 4,
      min: 1,
      max: 20,
    },
    scoreEpochs: {
      kind: 'int',
      label: 'Scoring epochs',
      help: 'Epochs each scoring network trains on the whole pool before it scores it (0: at init, the GraNd of the paper).',
      default: 2,
      min: 0,
      max: 50,
    },
    labelNoise: {
      kind: 'int',
      label: 'Label noise %',
      help: 'Labels of the pool flipped to another class (seeded, exactly this share) before scoring and retraining; the run then reports how well the score finds them (AUROC).',
      default: 0,
      min: 0,
      max: 90,
    },
    pruned: {
      kind: 'ints',
      label: 'Pruned % (f)',
      help: 'Fractions of the pool dropped, in percent: the easiest by score, or at random.',
      default: [10, 30, 50, 70],
      min: 1,
      max: 99,
      minLength: 1,
      maxLength: 9,
    },
    epochs: {
      kind: 'int',
      label: 'Retraining epochs (full pool)',
      help: 'Every retrained network takes the steps of this many epochs over the full pool (equal step budgets), so a smaller subset makes more passes.',
      default: 10,
      min: 1,
      max: 200,
    },
    repeats: {
      kind: 'int',
      label: 'Retrainings per point',
      help: 'Fresh init, data order and random subset per repeat: the bands are their min–max.',
      default: 1,
      min: 1,
      max: 10,
    },
    batch: { kind: 'int', label: 'Batch', help: 'Examples per SGD step.', default: 64, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'SGD with momentum 0.9 and a cosine schedule.',
      default: 0.05,
      min: 1e-4,
      max: 1,
      log: true,
    },
  },
  views: ['data-pruning', 'data-scores', 'data-gallery', 'progress'],
  validate: (p) =>
    Number(p.testSize) > 0 && (p.pruned as number[]).every((f) => f > 0 && f < 100)
      ? []
      : ['Pruned percentages must lie strictly between 0 and 100.'],
  presets: [
    {
      label: 'Noisy-example detection: 10% of the labels flipped',
      note: 'The paper flips 10% of the labels: the flipped examples score high by EL2N (and GraNd), so an AUROC well above 0.5 (random scores) and a red tail in the histograms; the gallery flags the highest-scored flipped examples with their given and true labels.',
      params: { labelNoise: 10 },
    },
    {
      label: 'Paper-like: CIFAR-10 pool of 20,000, K = 10, 20 epochs',
      note: 'The catalogue setting of #19 at browser scale: scores from 10 inits after 2 epochs, pruning 10–70% of a 20k CIFAR-10 pool (far too slow in software; minutes on a GPU).',
      params: {
        dataset: 'cifar10',
        trainSize: 20000,
        testSize: 5000,
        hidden: [512, 256],
        scoreInits: 10,
        pruned: [10, 20, 30, 40, 50, 60, 70],
        epochs: 20,
        repeats: 3,
      },
      gpu: true,
    },
  ],
  metrics: ['acc/{rule}/{rep}', 'noise/auroc/{rule}', 'noise/flipped'],
  snapshots: ['scores/histogram', 'scores/noisy', 'gallery/{end}'],
  load: () => import('./data-diet.ts').then((m) => m.dataDietRunner),
});
