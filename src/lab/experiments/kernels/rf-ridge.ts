// Random-feature ridge regression over feature counts F, nested training sets n and a log grid of
// λ: features φ(x) = ReLU(W·x + b)/√F on the GPU (nested: model F uses the first F rows of one
// W; training set n is the first n examples of the largest), one Cholesky solve per λ of the
// smaller of the two equivalent systems (primal F×F when F < n, dual n×n otherwise; every λ
// factored together by ridgeSolveStacked), and the
// train and test risk of every (F, n, λ), read back once per (F, n).
import { ridgeSolveStacked } from '../../../gpu/kernels/cholesky.ts';
import { scale } from '../../../gpu/kernels/elementwise.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { norm2 } from '../../../gpu/kernels/reduce.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { centredOneHot, logGrid, regressionScores } from '../../kernels/ridge-risk.ts';
import { rfRidge } from './rf-ridge.experiment.ts';

/** The bias's spread: pixels in [0, 1] give W·x a spread of about ‖x‖/√d ≈ 0.3 on MNIST. */
const BIAS_STD = 0.3;

/**
 * The indices reordered round-robin over classes (each class in its shuffled order), so that every
 * prefix, i.e. every nested training set, is as class-balanced as its size allows.
 */
export function nestedBalanced(idx: Uint32Array, labels: ArrayLike<number>, classes: number): Uint32Array {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  idx.forEach((v, i) => byClass[labels[i]].push(v));
  const out: number[] = [];
  for (let r = 0; out.length < idx.length; r++) for (const c of byClass) if (r < c.length) out.push(c[r]);
  return Uint32Array.from(out);
}

/** The first `rows` rows of a row-major 2-D tensor, as a new tensor (rows are contiguous). */
function topRows(gpu: GpuContext, x: Tensor, rows: number): Tensor {
  const out = gpu.empty([rows, x.shape[1]]);
  gpu.copy(x, out, rows * x.shape[1] * 4);
  return out;
}

/** Tensors of the same trailing shape stacked along a new first axis (contiguous copies). */
function stack(gpu: GpuContext, parts: readonly Tensor[]): Tensor {
  const out = gpu.empty([parts.length, ...parts[0].shape]);
  parts.forEach((p, i) => gpu.copy(p, out, p.bytes, 0, i * p.bytes));
  return out;
}

/** Two row blocks of the same width, one under the other. */
function rowsOf(gpu: GpuContext, a: Tensor, b: Tensor): Tensor {
  const out = gpu.empty([a.shape[0] + b.shape[0], a.shape[1]]);
  gpu.copy(a, out, a.bytes);
  gpu.copy(b, out, b.bytes, 0, a.bytes);
  return out;
}

export const rfRidgeRunner: ExperimentRun = defineRun(rfRidge, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const d = data.manifest.shape.reduce((a, b) => a * b, 1);
  const features = [...new Set(p.features)].sort((a, b) => a - b);
  const sizes = [...new Set(p.trainSizes)].sort((a, b) => a - b);
  const nMax = sizes[sizes.length - 1];
  const picked = seededSubset(data.train, nMax, spec.seed, { balanced: true });
  const trainIdx = nestedBalanced(picked, labelsOf(data.train, picked), classes);
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const trainLabels = labelsOf(data.train, trainIdx);
  const testLabels = labelsOf(data.test, testIdx);
  const relLambdas = logGrid(p.lambdaMin, p.lambdaMax, p.lambdas);
  const L = relLambdas.length;
  const t = p.testSize;
  // Test risk of every (F, λ), one grid per n; NaN until solved or where K + λI was not PD in float32.
  const risk = sizes.map(() => new Float32Array(features.length * L).fill(NaN));
  ctx.work.plan(features.length * sizes.length * L, 'ridge solve');
  ctx.work.span(features.length * sizes.length * L);

  const fixed = gpu.scope(() => {
    const fMax = features[features.length - 1];
    return {
      x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [nMax, d]),
      xt: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [t, d]),
      y: gpu.tensor(centredOneHot(trainLabels, classes), [nMax, classes]),
      // Rows of W are features: the first F rows are model F's, so the models are nested.
      w: randomNormal(gpu, [fMax, d], { seed: spec.seed, stream: 1, std: 1 / Math.sqrt(d) }),
      b: randomNormal(gpu, [fMax], { seed: spec.seed, stream: 2, std: BIAS_STD }),
    };
  });
  try {
    for (const [fi, f] of features.entries()) {
      const feat = gpu.scope(() => {
        const wf = topRows(gpu, fixed.w, f);
        const bf = gpu.empty([f]);
        gpu.copy(fixed.b, bf, f * 4);
        const phi = (x: Tensor) =>
          scale(matmul(x, wf, { transB: true, bias: bf, activation: 'relu' }), 1 / Math.sqrt(f));
        const all = phi(fixed.x);
        // tr(K_n) = ‖Φ_n‖² for every nested n, read in one go: λ is relative to K's mean eigenvalue.
        const norms = stack(
          gpu,
          sizes.map((n) => norm2(topRows(gpu, all, n))),
        );
        return { all, test: phi(fixed.xt), norms };
      });
      const norms = await feat.norms.read();
      feat.norms.dispose();
      for (const [ni, n] of sizes.entries()) {
        const lambdas = relLambdas.map((r) => (r * norms[ni] ** 2) / n);
        const { out, info } = gpu.scope(() => {
          const phiN = topRows(gpu, feat.all, n);
          const yN = topRows(gpu, fixed.y, n);
          // The same ridge solution w = (ΦᵀΦ + λI)⁻¹ΦᵀY = Φᵀ(ΦΦᵀ + λI)⁻¹Y from the smaller system.
          const s =
            f < n
              ? ridgeSolveStacked(matmul(phiN, phiN, { transA: true }), matmul(phiN, yN, { transA: true }), lambdas)
              : ridgeSolveStacked(matmul(phiN, phiN, { transB: true }), yN, lambdas);
          // [λ, F, C]: the primal solves are the weights; the dual ones are mapped back by Φᵀ.
          const w = f < n ? s.alpha : matmul(phiN, s.alpha, { transA: true });
          // Test rows then train rows, every λ at once: [λ, t + n, C].
          return { out: matmul(rowsOf(gpu, feat.test, phiN), w), info: s.info };
        });
        const pred = await out.read();
        const flags = await info.read();
        out.dispose();
        info.dispose();
        const per = (t + n) * classes;
        const labelsN = trainLabels.subarray(0, n);
        const scores = relLambdas.map((_, li) =>
          flags[li] !== 0
            ? null
            : {
                test: regressionScores(pred.subarray(li * per, li * per + t * classes), testLabels, classes),
                train: regressionScores(pred.subarray(li * per + t * classes, (li + 1) * per), labelsN, classes),
              },
        );
        let best = -1;
        scores.forEach((s, li) => {
          if (!s) return;
          risk[ni][fi * L + li] = s.test.risk;
          if (best < 0 || s.test.risk < scores[best]!.test.risk) best = li;
        });
        await ctx.work.step(L);
        const tag = ` n=${n}`;
        if (best >= 0) {
          const s = scores[best]!;
          yield { type: 'metric', name: `tuned/risk${tag}`, step: f, value: s.test.risk };
          yield { type: 'metric', name: `tuned/error${tag}`, step: f, value: s.test.error };
          yield { type: 'metric', name: `tuned/train-risk${tag}`, step: f, value: s.train.risk };
          yield { type: 'metric', name: `tuned/train-error${tag}`, step: f, value: s.train.error };
          yield { type: 'metric', name: `tuned/lambda${tag}`, step: f, value: relLambdas[best] };
        }
        // The smallest λ of the grid that float32 could factor stands for ridgeless regression (the
        // double-descent control): at F = n, K + λI at the grid's smallest λ may have no Cholesky factor.
        const least = scores.find((s) => s !== null);
        if (least) yield { type: 'metric', name: `ridgeless/risk${tag}`, step: f, value: least.test.risk };
        yield {
          type: 'snapshot',
          snapshot: {
            kind: 'heatmap',
            name: `rf/risk${tag}`,
            step: fi,
            shape: [features.length, L],
            data: risk[ni].slice(),
            labels: features.map((v) => `F = ${v}`),
          },
        };
      }
      feat.all.dispose();
      feat.test.dispose();
    }
    yield {
      type: 'done',
      summary: { features: features.join(','), trainSizes: sizes.join(','), lambdas: L },
    };
  } finally {
    for (const v of Object.values(fixed)) (v as Tensor).dispose();
  }
});
