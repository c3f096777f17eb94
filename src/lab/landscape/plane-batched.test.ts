import { beforeAll, describe, expect, it } from 'vitest';
import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';
import { Linear, Sequential, disposeModel, mlp, type Module } from '../../gpu/nn.ts';
import { maxRelErr, randomArray, testContext } from '../../gpu/testing.ts';
import type { Dataset, Split } from '../datasets.ts';
import { evaluatePoints } from './evaluate-points.ts';
import { paramsOf, readFlat } from './params-io.ts';
import { evaluatePlaneMlp, planeChunking, planeMlpLayers, type Plane } from './plane-batched.ts';
import { GpuSplit } from '../loader.ts';

const CLASSES = 5;
const EXAMPLES = 150;

function split(count: number, seed: number): Split {
  const images = Uint8Array.from(randomArray(count * 16, seed, 0, 255), Math.floor);
  const labels = Uint8Array.from(randomArray(count, seed + 1, 0, CLASSES), Math.floor);
  return { images, labels, count };
}

const file = { file: '', bytes: 0, sha256: '' };
const dataset: Dataset = {
  manifest: {
    name: 'toy',
    title: 'toy',
    source: '',
    citation: '',
    version: 1,
    shape: [4, 4, 1],
    layout: 'HWC',
    classes: Array.from({ length: CLASSES }, (_, i) => `${i}`),
    mean: [0.5],
    std: [0.3],
    splits: { train: { count: EXAMPLES, images: file, labels: file }, test: { count: 1, images: file, labels: file } },
  },
  train: split(EXAMPLES, 11),
  test: split(1, 13),
};

let ctx: GpuContext;
let data: GpuSplit;

beforeAll(async () => {
  ctx = await testContext();
  data = new GpuSplit(ctx, dataset, dataset.train);
});

/** A random plane (biases included, unlike filter-normalized directions) shaped like the model. */
function randomPlane(model: Module, seed: number): Plane {
  const make = (k: number, scale: number): Tensor[] =>
    paramsOf(model).map((p, i) => ctx.tensor(randomArray(p.size, seed + 10 * i + k, -scale, scale), p.shape).keep());
  return { base: make(0, 0.6), u: make(1, 0.4), v: make(2, 0.4) };
}

const disposePlane = (p: Plane): void => [p.base, p.u, p.v].flat().forEach((t) => t.dispose());

const grid = (n: number, m: number): Array<[number, number]> =>
  Array.from({ length: n * m }, (_, i) => [-1 + (2 * (i % n)) / (n - 1), -1 + (2 * Math.floor(i / n)) / (m - 1)]);

const models: Array<[string, () => Module]> = [
  ['16-8-5 ReLU', () => mlp(ctx, [16, 8, 5], { seed: 3 })],
  [
    '16-7-6-5 tanh/GELU, middle layer without bias',
    () =>
      new Sequential([
        new Linear(ctx, 'fc1', 16, 7, { activation: 'tanh', seed: 4, streamBase: 0 }),
        new Linear(ctx, 'fc2', 7, 6, { activation: 'gelu', bias: false, seed: 4, streamBase: 2 }),
        new Linear(ctx, 'fc3', 6, 5, { seed: 4, streamBase: 4 }),
      ]),
  ],
];

describe('batched plane evaluation of MLPs', () => {
  it.each(models)('%s: agrees with the point-by-point path (loss 1e-4 relative; accuracy exact)', async (_, build) => {
    const model = build();
    const plane = randomPlane(model, 100);
    const coords = grid(7, 5);
    const theta = await readFlat(paramsOf(model));
    const done: number[] = [];
    // Four row blocks (40, 40, 40, 30) and chunks of 8 points, the last one partial.
    const fast = await evaluatePlaneMlp(planeMlpLayers(model)!, data, plane, coords, {
      chunking: { rows: 40, points: 8 },
      onChunk: (d) => done.push(d),
    });
    expect(done).toEqual([8, 16, 24, 32, 35]);
    // The batched path leaves the model's parameters alone.
    expect(await readFlat(paramsOf(model))).toEqual(theta);
    const auto = await evaluatePoints(model, data, plane, coords);
    const slow = await evaluatePoints(model, data, plane, coords, { batched: false, batch: 64 });
    expect(maxRelErr(fast.loss, slow.loss, 1e-6, 1e-4)).toBeLessThanOrEqual(1);
    expect(Array.from(fast.accuracy)).toEqual(Array.from(slow.accuracy));
    expect(maxRelErr(auto.loss, slow.loss, 1e-6, 1e-4)).toBeLessThanOrEqual(1);
    expect(Array.from(auto.accuracy)).toEqual(Array.from(slow.accuracy));
    // The plane is not flat: a loss that ignored α or β would still match at (0, 0) only.
    expect(Math.max(...slow.loss) - Math.min(...slow.loss)).toBeGreaterThan(0.05);
    disposePlane(plane);
    disposeModel(model);
  });

  it('takes only stacks of two or more unmasked Linear layers, and sizes chunks to the memory budget', () => {
    const model = mlp(ctx, [784, 200, 200, 10], { seed: 1 });
    expect(planeMlpLayers(model)).toHaveLength(3);
    expect(planeChunking(planeMlpLayers(model)!, 10_000)).toEqual({ rows: 5000, points: 16 });
    const small = mlp(ctx, [784, 32, 10], { seed: 1 });
    expect(planeChunking(planeMlpLayers(small)!, 10_000)).toEqual({ rows: 5000, points: 256 });
    disposeModel(small);
    const layer = (model as Sequential).layers[1] as Linear;
    layer.mask = ctx.tensor(new Float32Array(layer.weight.size).fill(1), layer.weight.shape).keep();
    expect(planeMlpLayers(model)).toBeNull();
    expect(planeMlpLayers({ forward: (x) => x, parameters: () => [] })).toBeNull();
    const single = mlp(ctx, [784, 10], { seed: 1 });
    expect(planeMlpLayers(single)).toBeNull();
    disposeModel(single);
    disposeModel(model);
  });
});
