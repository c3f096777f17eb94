import { declareExperiment } from '../../declare.ts';
import { dataset, trainSize, evalSize, hidden, steps, batch, lr } from './params.ts';

export const landscapeSlice = declareExperiment({
  id: 'landscape-slice',
  family: 'landscape',
  title: 'Loss landscape slices',
  explanation:
    'Train a small network, then look at its loss surface: a 1-D line from the initialization to the trained ' +
    'weights, and a 2-D plane through the trained point, spanned either by two random directions with filter ' +
    'normalization (each unit’s incoming weights rescaled to the trained norm, so the scale matches the network) ' +
    'or by the top two PCA directions of the training trajectory, which is drawn over the contours. The trained ' +
    'point sits in a basin; the PCA plane shows how SGD descended into it.',
  watch:
    'In about 20 s: the white trajectory runs from initialization (≈3 nats) down into a dark basin at the trained weights (≈0.04 nats, over 50× lower), on a log colour scale.',
  paper: {
    title: 'Visualizing the Loss Landscape of Neural Nets',
    authors: 'H. Li, Z. Xu, G. Taylor, C. Studer, T. Goldstein',
    year: 2018,
    arxiv: '1712.09913',
  },
  params: {
    dataset,
    trainSize,
    hidden: hidden([32]),
    steps: steps(300),
    batch,
    lr,
    directions: {
      kind: 'choice',
      label: 'Plane',
      help:
        'Two filter-normalized random directions through the trained point, the trajectory’s top-2 PCA directions, or the plane through three checkpoints ' +
        '(initialization, middle, trained; Gram–Schmidt basis with the trained point at the origin, distances in weight-space units).',
      default: 'pca',
      choices: [
        { value: 'pca', label: 'Trajectory PCA' },
        { value: 'random', label: 'Random, filter-normalized' },
        { value: 'checkpoints', label: 'Through 3 checkpoints' },
      ],
    },
    resolution: {
      kind: 'int',
      label: 'Resolution',
      help: 'Grid points per side of the plane (41 for a paper-like plot on a GPU).',
      default: 21,
      min: 3,
      max: 101,
    },
    span: {
      kind: 'number',
      label: 'Span',
      help: 'Random plane: coordinates run over [−span, span]. PCA and checkpoint planes: margin around the trajectory, as a fraction of its extent.',
      default: 1,
      min: 0.05,
      max: 10,
    },
    evalSize,
    checkpoints: {
      kind: 'int',
      label: 'Checkpoints',
      help: 'Trajectory points kept for PCA (evenly spaced in steps).',
      default: 20,
      min: 3,
      max: 200,
    },
  },
  views: ['progress', 'landscape-surface', 'landscape-line', 'metrics'],
  presets: [
    {
      label: 'Paper-like: 41×41 plane, wider net, longer run',
      note: 'A 784-100-10 MLP on 10,000 images for 2,000 steps, its PCA plane on a 41×41 grid of 2,000 examples: a smooth basin with the whole descent on it (a few minutes in software, seconds on a GPU).',
      params: { trainSize: 10000, hidden: [100], steps: 2000, resolution: 41, evalSize: 2000, checkpoints: 40 },
      gpu: true,
    },
  ],
  metrics: ['train/loss', 'train/accuracy'],
  snapshots: ['line/init-trained', 'plane/loss', 'plane/accuracy', 'plane/axes', 'plane/trajectory', 'plane/points'],
  load: () => import('./slice.ts').then((m) => m.landscapeSliceRunner),
});
