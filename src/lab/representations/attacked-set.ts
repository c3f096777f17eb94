/**
 * The images the adversarial power law trains on and attacks, with their labels (CPU, no GPU code).
 * With shuffled labels a net can only memorise, and it is at chance on test images: nothing there
 * is "correctly classified" in a sense an attack could undo. So it is attacked on the training
 * images it was fitted to, and an image counts as correct when the net gives it its shuffled label.
 */
import type { Split } from '../datasets.ts';
import { labelsOf, seededSubset } from '../datasets.ts';
import { permutation } from '../loader.ts';
import { streams } from '../../gpu/streams.ts';

export interface AttackedSet {
  trainIdx: Uint32Array;
  /** The labels trained on, one per trainIdx: true, or the true ones in a seeded random order. */
  trainLabels: Uint8Array;
  /** Where the attacked images come from, their indices there and the labels they are scored against. */
  attacked: { split: Split; idx: Uint32Array; labels: Uint32Array };
}

export function attackedSet(
  data: { train: Split; test: Split },
  p: { trainSize: number; testSize: number; labels: string },
  seed: number,
): AttackedSet {
  const trainIdx = seededSubset(data.train, p.trainSize, seed, { balanced: true });
  const trueLabels = labelsOf(data.train, trainIdx);
  if (p.labels !== 'shuffled') {
    const idx = seededSubset(data.test, p.testSize, seed + 1, { balanced: true });
    return {
      trainIdx,
      trainLabels: Uint8Array.from(trueLabels),
      attacked: { split: data.test, idx, labels: labelsOf(data.test, idx) },
    };
  }
  if (p.testSize > p.trainSize) throw new Error('attackedSet: more attacked images than training images');
  const trainLabels = Uint8Array.from(permutation(p.trainSize, seed, streams.data(2)), (j) => trueLabels[j]);
  // The balanced subset comes in seeded order, so its first rows are a random draw of it.
  return {
    trainIdx,
    trainLabels,
    attacked: {
      split: data.train,
      idx: trainIdx.subarray(0, p.testSize),
      labels: Uint32Array.from(trainLabels.subarray(0, p.testSize)),
    },
  };
}
