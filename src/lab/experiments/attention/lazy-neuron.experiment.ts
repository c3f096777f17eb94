import { declareExperiment } from '../../declare.ts';

export const lazyNeuron = declareExperiment({
  id: 'lazy-neuron',
  family: 'attention',
  title: 'The lazy neuron phenomenon',
  explanation:
    'Trained transformers and MLPs use only a small share of their ReLU units on any one input. Here an MLP trains on ' +
    'MNIST and the share of hidden units that fire on a fixed batch of training inputs is traced per layer — with the ' +
    'true labels, with the labels shuffled, and with pure-noise images. If the share falls in all three, sparsity comes ' +
    'from training itself rather than from structure in the data, as the paper reports.',
  paper: {
    title: 'The lazy neuron phenomenon: On emergence of activation sparsity in transformers',
    authors: 'Z. Li et al.',
    year: 2023,
    arxiv: '2210.06313',
  },
  params: {
    condition: {
      kind: 'choice',
      label: 'Condition',
      help: 'Train once per condition, one after the other, or one condition only.',
      default: 'all',
      choices: [
        { value: 'all', label: 'All three' },
        { value: 'true-labels', label: 'True labels' },
        { value: 'random-labels', label: 'Random labels' },
        { value: 'random-inputs', label: 'Random inputs' },
      ],
    },
    hidden: {
      kind: 'ints',
      label: 'Hidden widths',
      help: 'ReLU layers of the MLP.',
      default: [256, 256],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 6,
    },
    trainSize: {
      kind: 'int',
      label: 'Training examples',
      help: 'A seeded MNIST subset (noise images replace them under random inputs).',
      default: 2000,
      min: 64,
      max: 60000,
    },
    lr: {
      kind: 'number',
      label: 'Learning rate',
      help: 'SGD with momentum 0.9, constant.',
      default: 0.05,
      min: 1e-4,
      max: 1,
      log: true,
    },
    batch: { kind: 'int', label: 'Batch size', help: 'Examples per step.', default: 64, min: 1, max: 1024 },
    epochs: {
      kind: 'int',
      label: 'Epochs',
      help: 'Passes over the training subset; random labels need many to be memorised.',
      default: 5,
      min: 1,
      max: 200,
    },
    probe: {
      kind: 'int',
      label: 'Probe batch',
      help: 'Training inputs the active share is measured on.',
      default: 512,
      min: 16,
      max: 4096,
    },
  },
  watch:
    'In about a minute and a half (three trainings of 160 steps) the share of active ReLU units falls from its value at initialisation in every layer, lowest for random inputs.',
  presets: [
    {
      label: 'All of MNIST, 20 epochs',
      note: 'Long enough for random labels to be memorised, so the three conditions can be compared at equal fit; minutes on a real GPU, hours in software.',
      params: { trainSize: 60000, epochs: 20 },
      gpu: true,
    },
  ],
  views: ['activation-sparsity', 'progress'],
  metrics: ['active/{condition}/fc{layer}', 'train/{condition}/accuracy'],
  snapshots: [],
  load: () => import('./lazy-neuron.ts').then((m) => m.lazyNeuronRunner),
});
