/**
 * What the runners of lottery-ticket, lottery-rewind and random-pruning build from their
 * parameters: the train and test splits, and the training and IMP recipes.
 */
import type { ParamsOf, RunContext } from '../../experiment.ts';
import { seededSubset } from '../../datasets.ts';
import { GpuSplit } from '../../loader.ts';
import { streams } from '../../../gpu/streams.ts';
import type { ModelPreset } from '../../train.ts';
import type { Dims, ImpSpec, SparseTrainSpec } from './core.ts';
import type { common, impParams, optimizerParams } from './params.ts';

/** The family's common and optimizer parameters, and the model choice only lottery-rewind offers. */
type TrainParams = ParamsOf<typeof common & ReturnType<typeof optimizerParams>> & {
  model?: ModelPreset;
  width?: number;
  initScale?: number;
};

/** A seeded train subset of `trainSize`, the first `testSize` test images, and the net's input size. */
export async function splits(ctx: RunContext, spec: { seed: number; params: TrainParams }) {
  const data = await ctx.dataset(spec.params.dataset);
  const n = Math.min(spec.params.trainSize, data.train.count);
  const train = new GpuSplit(ctx.gpu, data, data.train, seededSubset(data.train, n, spec.seed + streams.data(0)));
  const test = new GpuSplit(
    ctx.gpu,
    data,
    data.test,
    Uint32Array.from({ length: Math.min(spec.params.testSize, data.test.count) }, (_, i) => i),
  );
  const shape = data.manifest.shape;
  const dims: Dims = { inputs: shape.reduce((a, b) => a * b, 1), classes: data.manifest.classes.length, shape };
  return { train, test, dims };
}

export function trainSpec(p: TrainParams, trainCount: number): SparseTrainSpec {
  return {
    model: p.model ?? 'mlp',
    hidden: [...p.hidden],
    width: p.width,
    initScale: p.initScale,
    optimizer: p.optimizer,
    lr: p.lr,
    momentum: 0.9,
    schedule: p.optimizer === 'sgd' ? 'cosine' : 'constant',
    batch: p.batch,
    steps: Math.ceil(trainCount / p.batch) * p.epochs,
    evals: 4,
  };
}

export function impSpec(
  p: TrainParams & ParamsOf<typeof impParams>,
  trainCount: number,
  controls: ImpSpec['controls'],
  rewind: number,
): ImpSpec {
  return {
    ...trainSpec(p, trainCount),
    rounds: p.rounds,
    rate: p.rate,
    outputRate: p.outputRate,
    scope: p.scope,
    rewind,
    controls,
  };
}
