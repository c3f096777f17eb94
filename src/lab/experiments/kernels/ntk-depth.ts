// The NTK (or NNGP) of a deep fully connected network, one layer at a time on the GPU (ntkLayer) over
// the n + t training and test inputs together, so every depth along the way is available. At each
// recorded depth: kernel regression onto one-hot labels (ridgeSolve), and agreement of its arg-max
// with 1-nearest neighbour (arg-max cosine, on the GPU) and with majority vote.
import { ridgeSolve } from '../../../gpu/kernels/cholesky.ts';
import { scale } from '../../../gpu/kernels/elementwise.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { ntkLayer } from '../../../gpu/kernels/ntk.ts';
import { argmax, max } from '../../../gpu/kernels/reduce.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { DEPTH_ACTIVATIONS, dualOf, REGIMES } from '../../kernels/dual-regime.ts';
import { ntkDepth } from './ntk-depth.experiment.ts';

/** Largest side of the kernel heatmap a snapshot carries (training digits, sorted by class). */
const HEATMAP_SIDE = 100;

/** Rows of `x` ([rows, d]) scaled to unit length: the paper's inputs live on the sphere. */
function unitRows(x: Float32Array, rows: number, d: number): Float32Array {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += x[r * d + k] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < d; k++) x[r * d + k] *= inv;
  }
  return x;
}

/** Uncentred one-hot targets: the constant part of a flat kernel then votes for the largest class. */
function oneHot(labels: ArrayLike<number>, classes: number): Float32Array {
  const y = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) y[i * classes + labels[i]] = 1;
  return y;
}

/** Whether each class is a most frequent training label: majority vote is any of them on a tie. */
function majorityOf(labels: ArrayLike<number>, classes: number): boolean[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const top = Math.max(...counts);
  return counts.map((c) => c === top);
}

const agreement = (a: ArrayLike<number>, b: (i: number) => number): number => {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b(i)) same++;
  return same / a.length;
};

/** Rows [r0, r0 + rows) and columns [0, cols) of the m×m matrix k, by buffer copies. */
function block(gpu: GpuContext, k: Tensor, r0: number, rows: number, cols: number): Tensor {
  const m = k.shape[1];
  const out = gpu.empty([rows, cols]);
  for (let i = 0; i < rows; i++) gpu.copy(k, out, cols * 4, (r0 + i) * m * 4, i * cols * 4);
  return out;
}

export const ntkDepthRunner: ExperimentRun = defineRun(ntkDepth, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const d = data.manifest.shape.reduce((a, b) => a * b, 1);
  // A random draw (not balanced), sorted by class so the kernel heatmap shows class blocks.
  const drawn = seededSubset(data.train, p.trainSize, spec.seed);
  const trainIdx = Uint32Array.from(drawn).sort((a, b) => data.train.labels[a] - data.train.labels[b] || a - b);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const yTrain = labelsOf(data.train, trainIdx);
  const yTest = labelsOf(data.test, testIdx);
  const n = p.trainSize;
  const t = p.testSize;
  const m = n + t;
  const x = new Float32Array(m * d);
  x.set(toFloat(data, data.train, trainIdx, { normalize: 'unit' }));
  x.set(toFloat(data, data.test, testIdx, { normalize: 'unit' }), n * d);
  unitRows(x, m, d);
  const duals = (p.activations === 'all' ? DEPTH_ACTIVATIONS : [p.activations]).map((a) => dualOf(a, p.sinScale));
  const depths = [...new Set(p.depths)].sort((a, b) => a - b);
  const lMax = depths[depths.length - 1];
  const majority = majorityOf(yTrain, classes);
  // Evenly spaced training digits (already in class order) for the heatmap.
  const side = Math.min(n, HEATMAP_SIDE);
  const shown = Array.from({ length: side }, (_, i) => Math.floor((i * n) / side));
  const shownLabels = shown.map((i) => data.manifest.classes[yTrain[i]]);

  const layers = duals.reduce((a, dl) => a + Math.min(lMax, dl.maxDepth), 0);
  ctx.work.plan(layers, 'layer');
  ctx.work.span(layers);

  const fixed = gpu.scope(() => {
    const xs = gpu.tensor(x, [m, d]);
    return { cos: matmul(xs, xs, { transB: true }), y: gpu.tensor(oneHot(yTrain, classes), [n, classes]) };
  });
  // 1-NN: the training digit of largest cosine (= smallest distance on the sphere) for each test digit.
  const nnIndex = gpu.scope(() => argmax(block(gpu, fixed.cos, n, t, n), 1));
  const nearest = await nnIndex.read();
  nnIndex.dispose();
  const nnLabel = Array.from(nearest, (i) => yTrain[i]);
  yield { type: 'metric', name: 'baseline/1nn-accuracy', step: 0, value: agreement(yTest, (i) => nnLabel[i]) };
  yield {
    type: 'metric',
    name: 'baseline/majority-accuracy',
    step: 0,
    value: yTest.filter((c) => majority[c]).length / t / majority.filter(Boolean).length,
  };
  for (const dual of duals) {
    const act = dual.activation;
    yield { type: 'metric', name: `regime/${act}`, step: 0, value: REGIMES.indexOf(dual.regime) };
    yield { type: 'metric', name: `dual/${act}/xi0`, step: 0, value: dual.xi0 };
    yield { type: 'metric', name: `dual/${act}/dxi0`, step: 0, value: dual.dxi0 };
    yield { type: 'metric', name: `dual/${act}/dxi1`, step: 0, value: dual.dxi1 };
    if (dual.maxDepth < lMax) {
      yield { type: 'metric', name: `dual/${act}/maxDepth`, step: 0, value: dual.maxDepth };
      yield { type: 'log', message: `${act} stops at depth ${dual.maxDepth}: deeper kernels leave float32's range` };
    }
  }

  // Each activation's (Σ, Θ) at the current depth; inputs scaled to its fixed-point variance q.
  const state = duals.map((dual) => {
    const k0 = gpu.scope(() => scale(fixed.cos, dual.q));
    return { dual, sigma: k0, theta: k0, previous: null as ArrayLike<number> | null };
  });
  const last: Record<string, number | string> = {};
  const t0 = ctx.elapsed();
  try {
    for (let depth = 1; depth <= lMax; depth++) {
      for (const s of state) {
        if (depth > s.dual.maxDepth) continue;
        const next = gpu.scope(() =>
          ntkLayer(s.sigma, s.theta, { activation: s.dual.activation, sw2: s.dual.sw2, sb2: 0 }),
        );
        if (s.theta !== s.sigma) s.theta.dispose();
        s.sigma.dispose();
        s.sigma = next.sigma;
        s.theta = next.theta;
        await ctx.work.step();
      }
      if (!depths.includes(depth)) continue;
      for (const s of state) {
        if (depth > s.dual.maxDepth) continue;
        const act = s.dual.activation;
        const k = p.kernel === 'ntk' ? s.theta : s.sigma;
        // The heatmap's rows (whole training rows; its columns are picked below) and the test block's largest entry.
        const { rows, teMax } = gpu.scope(() => {
          const r = gpu.empty([side, n]);
          for (const [i, row] of shown.entries()) gpu.copy(k, r, n * 4, row * m * 4, i * n * 4);
          return { rows: r, teMax: max(block(gpu, k, n, t, n)) };
        });
        const rowData = await rows.read();
        const teScale = (await teMax.read())[0];
        rows.dispose();
        teMax.dispose();
        // Every input has the same norm, so the diagonal is one value: the mean of the shown ones.
        const diag = shown.map((row, i) => rowData[i * n + row]);
        const meanDiag = diag.reduce((a, b) => a + b, 0) / side;
        // The train block over its diagonal and the test block over its own largest entry: deep
        // kernels span more than float32's range between the two, and the arg-max is blind to the
        // test block's scale.
        const { alpha, info, pred } = gpu.scope(() => {
          const ktr = scale(block(gpu, k, 0, n, n), 1 / meanDiag);
          const kte = scale(block(gpu, k, n, t, n), 1 / teScale);
          const solved = ridgeSolve(ktr, fixed.y, [p.lambda]);
          return { alpha: solved.alphas[0], info: solved.info, pred: argmax(matmul(kte, solved.alphas[0]), 1) };
        });
        const failed = (await info.read())[0] !== 0;
        const predicted = await pred.read();
        for (const tensor of [alpha, info, pred]) tensor.dispose();
        const heat = new Float32Array(side * side);
        let off = 0;
        for (let i = 0; i < side; i++)
          for (let j = 0; j < side; j++) {
            const v = rowData[i * n + shown[j]] / Math.sqrt(diag[i] * diag[j]);
            heat[i * side + j] = v;
            if (i !== j) off += v;
          }
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'heatmap',
            name: `kernel/${act}`,
            step: depth,
            shape: [side, side],
            data: heat,
            labels: shownLabels,
          },
        };
        yield { type: 'metric', name: `offdiag/${act}`, step: depth, value: off / Math.max(1, side * (side - 1)) };
        // K + λI not numerically positive definite in float32: no prediction to score at this depth.
        if (failed) continue;
        const scores = [
          ['accuracy', agreement(predicted, (i) => yTest[i])],
          ['agree-1nn', agreement(predicted, (i) => nnLabel[i])],
          ['agree-majority', predicted.filter((c) => majority[c]).length / t],
        ] as const;
        for (const [name, value] of scores) {
          yield { type: 'metric', name: `${name}/${act}`, step: depth, value };
          last[`${name}/${act}`] = value;
        }
        if (s.previous)
          yield {
            type: 'metric',
            name: `stable/${act}`,
            step: depth,
            value: agreement(predicted, (i) => s.previous![i]),
          };
        s.previous = predicted;
      }
    }
    yield {
      type: 'done',
      summary: {
        ...last,
        ...Object.fromEntries(duals.map((dl) => [`regime/${dl.activation}`, dl.regime])),
        depth: lMax,
        majorityClasses: majority.flatMap((top, c) => (top ? [data.manifest.classes[c]] : [])).join(','),
        seconds: ctx.elapsed() - t0,
      },
    };
  } finally {
    for (const s of state) {
      if (s.theta !== s.sigma) s.theta.dispose();
      s.sigma.dispose();
    }
    fixed.cos.dispose();
    fixed.y.dispose();
  }
});
