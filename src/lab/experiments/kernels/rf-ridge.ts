// Random-feature ridge regression for a list of feature counts F and a log grid of λ: features
// φ(x) = ReLU(W·x + b)/√F on the GPU (nested: model F uses the first F rows of one W), the n×n
// Gram matrix, one Cholesky solve of K + λ·tr(K)/n·I per λ (kernels/cholesky.ts), and the test
// risk of every (F, λ).
import { ridgeSolve } from '../../../gpu/kernels/cholesky.ts';
import { scale } from '../../../gpu/kernels/elementwise.ts';
import { matmul } from '../../../gpu/kernels/matmul.ts';
import { randomNormal } from '../../../gpu/kernels/random.ts';
import { norm2 } from '../../../gpu/kernels/reduce.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { labelsOf, seededSubset, toFloat } from '../../datasets.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import { centredOneHot, logGrid, regressionScores } from '../../kernels/ridge-risk.ts';
import { rfRidge } from './rf-ridge.experiment.ts';

/** The bias's spread: pixels in [0, 1] give W·x a spread of about ‖x‖/√d ≈ 0.3 on MNIST. */
const BIAS_STD = 0.3;

export const rfRidgeRunner: ExperimentRun = defineRun(rfRidge, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const data = await ctx.dataset(p.dataset);
  const classes = data.manifest.classes.length;
  const d = data.manifest.shape.reduce((a, b) => a * b, 1);
  const trainIdx = seededSubset(data.train, p.trainSize, spec.seed, { balanced: true });
  const testIdx = seededSubset(data.test, p.testSize, spec.seed + 1, { balanced: true });
  const trainLabels = labelsOf(data.train, trainIdx);
  const testLabels = labelsOf(data.test, testIdx);
  const features = [...new Set(p.features)].sort((a, b) => a - b);
  const relLambdas = logGrid(p.lambdaMin, p.lambdaMax, p.lambdas);
  const n = p.trainSize;
  const t = p.testSize;
  const total = features.length * relLambdas.length;
  const risk = new Float32Array(total).fill(NaN);
  ctx.work.plan(total, 'ridge solve');
  ctx.work.span(total);

  const fixed = gpu.scope(() => {
    const fMax = features[features.length - 1];
    return {
      x: gpu.tensor(toFloat(data, data.train, trainIdx, { normalize: 'unit' }), [n, d]),
      xt: gpu.tensor(toFloat(data, data.test, testIdx, { normalize: 'unit' }), [t, d]),
      y: gpu.tensor(centredOneHot(trainLabels, classes), [n, classes]),
      // Rows of W are features: the first F rows are model F's, so the models are nested.
      w: randomNormal(gpu, [fMax, d], { seed: spec.seed, stream: 1, std: 1 / Math.sqrt(d) }),
      b: randomNormal(gpu, [fMax], { seed: spec.seed, stream: 2, std: BIAS_STD }),
    };
  });
  try {
    for (const [fi, f] of features.entries()) {
      const { k, kt, trace } = gpu.scope(() => {
        const wf = gpu.empty([f, d]);
        const bf = gpu.empty([f]);
        gpu.copy(fixed.w, wf, f * d * 4);
        gpu.copy(fixed.b, bf, f * 4);
        const phi = scale(matmul(fixed.x, wf, { transB: true, bias: bf, activation: 'relu' }), 1 / Math.sqrt(f));
        const phit = scale(matmul(fixed.xt, wf, { transB: true, bias: bf, activation: 'relu' }), 1 / Math.sqrt(f));
        return { k: matmul(phi, phi, { transB: true }), kt: matmul(phit, phi, { transB: true }), trace: norm2(phi) };
      });
      // tr(K) = ‖Φ‖²: λ is relative to the mean eigenvalue, so one grid suits every F.
      const meanEig = (await trace.read())[0] ** 2 / n;
      trace.dispose();
      const lambdas = relLambdas.map((r) => r * meanEig);
      const { alphas, info } = gpu.scope(() => ridgeSolve(k, fixed.y, lambdas));
      const flags = await info.read();
      info.dispose();
      let best = { risk: Infinity, error: NaN, lambda: NaN };
      for (const [li, alpha] of alphas.entries()) {
        const pred = gpu.scope(() => matmul(kt, alpha));
        const out = await pred.read();
        pred.dispose();
        alpha.dispose();
        await ctx.work.step();
        // A λ that left K + λI numerically indefinite has no solution to score.
        if (flags[li] !== 0) continue;
        const s = regressionScores(out, testLabels, classes);
        risk[fi * relLambdas.length + li] = s.risk;
        yield { type: 'metric', name: `risk/F${f}`, step: relLambdas[li], value: s.risk };
        yield { type: 'metric', name: `error/F${f}`, step: relLambdas[li], value: s.error };
        if (li === 0) yield { type: 'metric', name: 'ridgeless/risk', step: f, value: s.risk };
        if (s.risk < best.risk) best = { risk: s.risk, error: s.error, lambda: relLambdas[li] };
      }
      k.dispose();
      kt.dispose();
      yield { type: 'metric', name: 'best/risk', step: f, value: best.risk };
      yield { type: 'metric', name: 'best/error', step: f, value: best.error };
      yield { type: 'metric', name: 'best/lambda', step: f, value: best.lambda };
      yield {
        type: 'snapshot',
        snapshot: {
          kind: 'heatmap',
          name: 'rf/risk',
          step: fi,
          shape: [features.length, relLambdas.length],
          data: risk.slice(),
          labels: features.map((v) => `F = ${v}`),
        },
      };
    }
    yield {
      type: 'done',
      summary: { features: features.join(','), n, lambdas: relLambdas.length },
    };
  } finally {
    for (const v of Object.values(fixed)) (v as Tensor).dispose();
  }
});
