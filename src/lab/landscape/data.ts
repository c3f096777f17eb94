/** The GPU splits of a landscape run: a seeded training subset, its evaluation prefix, and test. */
import type { GpuContext } from '../../gpu/context.ts';
import { seededSubset, type Dataset } from '../datasets.ts';
import { GpuSplit } from '../loader.ts';

export interface LandscapeData {
  train: GpuSplit;
  /** The first `evalSize` examples of the training subset: the set every landscape point is scored on. */
  evalSet: GpuSplit;
  test: GpuSplit;
  inputs: number;
  classes: number;
  dispose(): void;
}

export function landscapeData(
  ctx: GpuContext,
  data: Dataset,
  sizes: { train: number; eval: number; test: number },
  seed: number,
): LandscapeData {
  const [h, w, c] = data.manifest.shape;
  const pick = seededSubset(data.train, Math.min(sizes.train, data.train.count), seed);
  const train = new GpuSplit(ctx, data, data.train, pick);
  const evalSet = new GpuSplit(ctx, data, data.train, pick.subarray(0, Math.min(sizes.eval, pick.length)));
  const test = new GpuSplit(
    ctx,
    data,
    data.test,
    Uint32Array.from({ length: Math.min(sizes.test, data.test.count) }, (_, i) => i),
  );
  return {
    train,
    evalSet,
    test,
    inputs: h * w * c,
    classes: data.manifest.classes.length,
    dispose: () => [train, evalSet, test].forEach((s) => s.dispose()),
  };
}
