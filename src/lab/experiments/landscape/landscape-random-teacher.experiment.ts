import { declareExperiment } from '../../declare.ts';
import { dataset, hidden } from './params.ts';

export const landscapeRandomTeacher = declareExperiment({
  id: 'landscape-random-teacher',
  family: 'landscape',
  title: 'Random teachers are good teachers',
  explanation:
    'Freeze a randomly initialized network (the teacher) and train a student of the same architecture, from its ' +
    'own random initialization, to reproduce the teacher’s outputs on unlabelled images (mean squared error). No ' +
    'label is used, yet the paper finds the student’s features better than the teacher’s: a linear probe (here ' +
    'closed-form ridge regression on one-hot labels) reaches a higher test accuracy on them. The paper shows it for ' +
    'convnets on CIFAR-10: add conv channels (e.g. 8, 16) and pick CIFAR-10 to test it there (several times slower).',
  watch:
    'In about 20 s the student learns to copy the random teacher (the distillation loss falls), but at this small budget its probe accuracy does not beat the teacher’s (seed 1: 54.6% vs 57.1%); the paper’s gain needs convnets on CIFAR-10 trained far longer (the GPU setting).',
  paper: {
    title: 'Random Teachers are Good Teachers',
    authors: 'F. Sarnthein, G. Bachmann, S. Anagnostidis, T. Hofmann',
    year: 2023,
    arxiv: '2302.12091',
  },
  params: {
    dataset: {
      ...dataset,
      help: 'Which image set to distill on and probe: 28×28 greyscale or 32×32 colour.',
      choices: [...dataset.choices, { value: 'cifar10', label: 'CIFAR-10 (colour objects)' }],
    },
    trainSize: {
      kind: 'int',
      label: 'Unlabelled examples',
      help: 'A seeded random subset of the training split, used without labels.',
      default: 2000,
      min: 64,
      max: 60000,
    },
    probeSize: {
      kind: 'int',
      label: 'Probe examples',
      help: 'The first N of them, with labels, fit the linear probes.',
      default: 1000,
      min: 32,
      max: 60000,
    },
    testSize: {
      kind: 'int',
      label: 'Test examples',
      help: 'The first N test images score the probes.',
      default: 1000,
      min: 32,
      max: 10000,
    },
    channels: {
      kind: 'ints',
      label: 'Conv channels',
      help: 'Channels of 3×3 ReLU convs (no batch norm), each followed by 2×2 max-pooling, before the fully connected layers; empty for an MLP. The paper uses convnets; on a CPU adapter each conv makes a run several times slower.',
      default: [],
      min: 1,
      max: 256,
      minLength: 0,
      maxLength: 3,
    },
    hidden: hidden([64, 64]),
    out: {
      kind: 'int',
      label: 'Output width',
      help: 'Width of the teacher’s output embedding that the student regresses onto.',
      default: 32,
      min: 1,
      max: 1024,
    },
    steps: {
      kind: 'int',
      label: 'Distillation steps',
      help: 'Adam steps of the student.',
      default: 300,
      min: 1,
      max: 100000,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Unlabelled examples per step.', default: 64, min: 1, max: 1024 },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'Adam learning rate of the student.',
      default: 0.001,
      min: 1e-5,
      max: 1,
      log: true,
    },
    every: {
      kind: 'int',
      label: 'Probe every',
      help: 'Steps between student probes.',
      unit: 'steps',
      default: 50,
      min: 1,
      max: 100000,
    },
    loss: {
      kind: 'choice',
      label: 'Distillation loss',
      help: 'Mean squared error on the outputs, or the paper’s DINO-style cross-entropy between temperature softmaxes (teacher τ = 0.04, student τ = 0.1).',
      default: 'mse',
      choices: [
        { value: 'mse', label: 'MSE' },
        { value: 'kl', label: 'Softmax cross-entropy (DINO)' },
      ],
    },
    nearTeacher: {
      kind: 'number',
      label: 'Near-teacher start',
      help: 'Start the student at θT + s·θ′ (θ′ a fresh initialization) with this s; 0 starts it independently. The paper finds a start close to the teacher amplifies the gain.',
      default: 0,
      min: 0,
      max: 10,
    },
  },
  views: ['progress', 'landscape-teacher'],
  presets: [
    {
      label: 'The paper’s setting, shortened: convnets on CIFAR-10 from near the teacher',
      note: 'Conv channels 8, 16 on 10,000 CIFAR-10 images, 3,000 steps with the DINO loss, student started at θT + 0.1·θ′: where the paper finds the student’s features beat the teacher’s (too slow in software).',
      params: { dataset: 'cifar10', trainSize: 10000, channels: [8, 16], steps: 3000, loss: 'kl', nearTeacher: 0.1 },
      gpu: true,
    },
  ],
  validate(p) {
    const side = p.dataset === 'cifar10' ? 32 : 28;
    const pools = ((p.channels as number[] | undefined) ?? []).length;
    return [
      ...(Number(p.probeSize) > Number(p.trainSize)
        ? ['The probe examples are part of the unlabelled set: at most that many.']
        : []),
      ...(side % 2 ** pools !== 0
        ? [`${side}×${side} images cannot be max-pooled ${pools} times: use fewer conv layers.`]
        : []),
    ];
  },
  metrics: ['distill/loss', 'probe/student', 'probe/teacher'],
  snapshots: [],
  load: () => import('./random-teacher.ts').then((m) => m.landscapeRandomTeacherRunner),
});
