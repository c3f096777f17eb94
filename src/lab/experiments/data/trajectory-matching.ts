// Trajectory matching with plain and smoothed (AST) experts. Both kinds of expert share inits and
// data order; both distillations start from the same random real images (the control set) and see
// the same (expert, start epoch) draws, so the kinds differ only in the experts' smoothing. Each
// iteration's matching loss is copied into a GPU buffer: the runner reads it, the images and log η
// only at the snapshot points, between iterations.
import { backward, noGrad } from '../../../gpu/autograd.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import { sum } from '../../../gpu/kernels/reduce.ts';
import { crossEntropy } from '../../../gpu/ops/loss.ts';
import { Adam } from '../../../gpu/optim.ts';
import { bitsArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { accuracyAfterTraining, type TestSet } from '../../trajectory/evaluate-set.ts';
import { disposeTheta, trainExpert, type RealSet } from '../../trajectory/experts.ts';
import { logitsOf, matchingLoss, squaredDistance, type Theta } from '../../trajectory/student.ts';
import { trajectoryMatching } from './trajectory-matching.experiment.ts';

const CLASSES = 10;
const D = 784;
/** Snapshots of the synthetic images after the first iteration's draw… and at these fractions of the run. */
const SNAPSHOTS = 8;
const KINDS = ['plain', 'smoothed'] as const;
type Kind = (typeof KINDS)[number];
/** Init seeds, distinct per role and run seed; plain and smoothed expert e share theirs. */
const expertSeed = (seed: number, e: number): number => seed * 1000 + 1 + e;
const evalSeed = (seed: number, i: number): number => seed * 1000 + 700 + i;

function onehotOf(labels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(labels.length * CLASSES);
  for (let r = 0; r < labels.length; r++) out[r * CLASSES + labels[r]] = 1;
  return out;
}

/** `ipc` pool positions of each class, class-major: the first of each class in the (shuffled) pool. */
function firstPerClass(labels: Uint32Array, ipc: number): number[] {
  const picked: number[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const members = [...labels.keys()].filter((i) => labels[i] === c).slice(0, ipc);
    if (members.length < ipc)
      throw new Error(`the real pool has ${members.length} images of class ${c}, ${ipc} wanted`);
    picked.push(...members);
  }
  return picked;
}

/** Mean ‖θe+1 − θe‖ over experts for each epoch e, and the experts' mean test accuracy (%). */
async function trajectoryStats(
  gpu: GpuContext,
  runs: Theta[][],
  test: TestSet,
): Promise<{ distance: number[]; accuracy: number }> {
  const parts = gpu.scope(() =>
    noGrad(gpu, () => ({
      distance: runs.map((ck) => ck.slice(1).map((th, e) => squaredDistance(th, ck[e]))),
      correct: runs.map((ck) => sum(crossEntropy(logitsOf(ck[ck.length - 1], test.x), test.y).correct)),
    })),
  );
  const read = async (t: Tensor): Promise<number> => {
    const [v] = await t.read();
    t.dispose();
    return v;
  };
  const distances = await Promise.all(parts.distance.map((row) => Promise.all(row.map(read))));
  const correct = await Promise.all(parts.correct.map(read));
  const epochs = distances[0].length;
  return {
    distance: Array.from(
      { length: epochs },
      (_, e) => distances.reduce((s, row) => s + Math.sqrt(row[e]), 0) / runs.length,
    ),
    accuracy: (100 * correct.reduce((a, b) => a + b, 0)) / (runs.length * test.x.shape[0]),
  };
}

export const trajectoryMatchingRunner: ExperimentRun = defineRun(trajectoryMatching, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset('mnist');
  const sizes = [D, ...p.hidden, CLASSES];
  const pool = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const poolLabels = labelsOf(data.train, pool);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const perEpoch = Math.floor(pool.length / p.expertBatch);
  if (perEpoch < 1)
    throw new Error(`the expert batch (${p.expertBatch}) is larger than the real pool (${pool.length}).`);
  const m = CLASSES * p.ipc;
  const synLabels = Array.from({ length: m }, (_, i) => Math.floor(i / p.ipc));
  // The student's N steps stand for the expert's steps over M epochs: η starts at the rate that covers them.
  const eta0 = (p.expertLr * perEpoch * p.matchEpochs) / p.studentSteps;
  const draws = bitsArray(2 * p.iterations, { seed: spec.seed, stream: streams.data(33) });
  const drawOf = (it: number): { expert: number; start: number } => ({
    expert: draws[2 * it] % p.experts,
    start: draws[2 * it + 1] % (p.maxStart + 1),
  });
  const snapshotAt = new Set(
    Array.from({ length: SNAPSHOTS }, (_, j) => Math.round(((j + 1) * p.iterations) / SNAPSHOTS)),
  );
  const evalSeeds = Array.from({ length: p.evalInits }, (_, i) => evalSeed(spec.seed, i));
  ctx.work.plan(
    KINDS.length * (p.experts * p.expertEpochs * perEpoch + p.iterations) + 3 * p.evalInits * p.evalSteps,
    'step',
  );

  const fixed = gpu.scope(() => ({
    x: gpu.tensor(toFloat(data, data.train, pool, { normalize: 'unit' }), [pool.length, D]),
    onehot: gpu.tensor(onehotOf(poolLabels), [pool.length, CLASSES]),
    testX: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [p.testSize, D]),
    testY: gpu.tensor(labelsOf(data.test, testIdx), [p.testSize], 'u32'),
    init: gpu.tensor(
      toFloat(
        data,
        data.train,
        firstPerClass(poolLabels, p.ipc).map((i) => pool[i]),
        { normalize: 'unit' },
      ),
      [m, D],
    ),
    synOnehot: gpu.tensor(onehotOf(synLabels), [m, CLASSES]),
  }));
  for (const t of Object.values(fixed)) t.keep();
  const real: RealSet = { x: fixed.x, onehot: fixed.onehot };
  const test: TestSet = { x: fixed.testX, y: fixed.testY };
  const experts = new Map<Kind, Theta[][]>();
  const distilled = new Map<Kind, Tensor>();
  const classNames = data.manifest.classes;
  const imageSnapshot = (kind: Kind, step: number, pixels: Float32Array) => ({
    type: 'snapshot' as const,
    snapshot: {
      kind: 'image-grid' as const,
      name: `synthetic ${kind}` as const,
      step,
      shape: [m, 28, 28, 1],
      data: pixels,
      labels: classNames,
      truth: Uint32Array.from(synLabels),
    },
  });
  try {
    for (const kind of KINDS) {
      const runs: Theta[][] = [];
      experts.set(kind, runs);
      for (let e = 0; e < p.experts; e++) {
        ctx.work.span(p.expertEpochs * perEpoch, {
          label: `${kind} expert ${e + 1} of ${p.experts}`,
          examplesPerUnit: p.expertBatch,
        });
        const smooth = kind === 'smoothed';
        runs.push(
          await trainExpert(
            gpu,
            real,
            {
              sizes,
              epochs: p.expertEpochs,
              batch: p.expertBatch,
              lr: p.expertLr,
              maxNorm: smooth ? p.clipNorm : 0,
              penalty: smooth ? p.penalty : 0,
              seed: expertSeed(spec.seed, e),
            },
            ctx.work.step,
          ),
        );
      }
      const stats = await trajectoryStats(gpu, runs, test);
      for (const [e, v] of stats.distance.entries())
        yield { type: 'metric', name: `expert/epoch-distance ${kind}`, step: e + 1, value: v };
      yield { type: 'metric', name: `expert/accuracy ${kind}`, step: p.expertEpochs, value: stats.accuracy };
    }

    for (const kind of KINDS) {
      ctx.work.span(p.iterations, { label: `distill with ${kind} experts`, unit: 'iteration' });
      const runs = experts.get(kind)!;
      const images = gpu.empty([m, D]).keep();
      gpu.copy(fixed.init, images, fixed.init.bytes);
      images.requiresGrad = true;
      distilled.set(kind, images);
      const logLr = gpu.tensor([Math.log(eta0)]).keep();
      logLr.requiresGrad = true;
      const losses = gpu.empty([p.iterations]).keep();
      const imageOpt = new Adam([{ name: 'images', tensor: images }], { lr: p.imageLr });
      const lrOpt = new Adam([{ name: 'log-lr', tensor: logLr }], { lr: p.lrLr });
      yield imageSnapshot(kind, 0, (await fixed.init.read()) as Float32Array);
      yield { type: 'metric', name: `student/lr ${kind}`, step: 0, value: eta0 };
      let readUpTo = 0;
      try {
        for (let it = 0; it < p.iterations; it++) {
          const { expert, start } = drawOf(it);
          gpu.scope(() => {
            const ck = runs[expert];
            const loss = matchingLoss({
              start: ck[start],
              target: ck[start + p.matchEpochs],
              images,
              onehot: fixed.synOnehot,
              logLr,
              steps: p.studentSteps,
            });
            backward(loss);
            gpu.copy(loss, losses, 4, 0, 4 * it);
            imageOpt.step();
            lrOpt.step();
            images.grad = null;
            logLr.grad = null;
          });
          gpu.flush();
          await ctx.work.step();
          if (!snapshotAt.has(it + 1)) continue;
          const all = (await losses.read()) as Float32Array;
          for (let k = readUpTo; k <= it; k++) {
            if (!Number.isFinite(all[k]))
              throw new Error(`the matching loss diverged at iteration ${k + 1}: lower the image learning rate.`);
            yield { type: 'metric', name: `match/loss ${kind}`, step: k + 1, value: all[k] };
          }
          readUpTo = it + 1;
          yield imageSnapshot(kind, it + 1, (await images.read()) as Float32Array);
          yield { type: 'metric', name: `student/lr ${kind}`, step: it + 1, value: Math.exp((await logLr.read())[0]) };
          if (it + 1 === p.iterations) {
            const tail = all.slice(Math.floor((3 * p.iterations) / 4));
            yield {
              type: 'metric',
              name: `match/final ${kind}`,
              step: p.iterations,
              value: tail.reduce((a, b) => a + b, 0) / tail.length,
            };
          }
        }
      } finally {
        images.requiresGrad = false;
        for (const t of [logLr, losses]) t.dispose();
        imageOpt.dispose();
        lrOpt.dispose();
      }
    }

    const sets: [string, Tensor][] = [
      ['random', fixed.init],
      ...KINDS.map((k): [string, Tensor] => [k, distilled.get(k)!]),
    ];
    for (const [name, x] of sets) {
      ctx.work.span(p.evalInits * p.evalSteps, { label: `evaluate the ${name} set`, examplesPerUnit: m });
      const accuracy = await accuracyAfterTraining(
        gpu,
        { x, onehot: fixed.synOnehot },
        test,
        { sizes, steps: p.evalSteps, lr: p.evalLr, seeds: evalSeeds },
        ctx.work.step,
      );
      yield { type: 'metric', name: `eval/accuracy ${name}`, step: p.iterations, value: accuracy };
    }
    ctx.work.close();
    yield { type: 'done', summary: { ipc: p.ipc, experts: p.experts, studentSteps: p.studentSteps, eta0 } };
  } finally {
    for (const runs of experts.values()) runs.forEach((ck) => ck.forEach(disposeTheta));
    for (const t of distilled.values()) t.dispose();
    for (const t of Object.values(fixed)) t.dispose();
  }
});
