// Bandlimited random-weight networks: hidden units σ(a·x + b) with a, b uniform on [−A, A] (the
// counter-based RNG, so width w's units are the first w of any wider net and every A scales the
// same draws), the feature map fused into one matmul (bias + activation epilogue), and the output
// layer by least squares in its primal form: (ΦᵀΦ + λI)·c = Φᵀy, one w×w Cholesky solve on the GPU.
import { ridgeSolve } from '../../../gpu/kernels/cholesky.ts';
import { matmul, type Activation } from '../../../gpu/kernels/matmul.ts';
import { randomUniform } from '../../../gpu/kernels/random.ts';
import { norm2 } from '../../../gpu/kernels/reduce.ts';
import type { GpuContext } from '../../../gpu/context.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import { defineRun } from '../../declare.ts';
import type { ExperimentRun } from '../../experiment.ts';
import {
  curve,
  dimOf,
  grid,
  relativeError,
  targetValues,
  type BandTarget,
  type Points,
} from '../../kernels/band-targets.ts';
import { bandlimited } from './bandlimited.experiment.ts';

/** Points of the fitted-curve plot, and of the test grid (off the training grid by half a step). */
const CURVE_POINTS = 400;
const TEST_POINTS = 1000;

interface Net {
  seed: number;
  bound: number;
  width: number;
  activation: Activation;
}

/** σ(X·Wᵀ + b) for the net's first `width` units: [points, width]. */
function features(gpu: GpuContext, x: Tensor, net: Net): Tensor {
  const d = x.shape[1];
  const lim = { lo: -net.bound, hi: net.bound };
  const w = randomUniform(gpu, [net.width, d], { seed: net.seed, stream: 1, ...lim });
  const b = randomUniform(gpu, [net.width], { seed: net.seed, stream: 2, ...lim });
  return matmul(x, w, { transB: true, bias: b, activation: net.activation });
}

/**
 * Fits the output layer on (x, y) and returns its predictions at each of `at`, or null where
 * ΦᵀΦ + λI was not numerically positive definite in float32.
 */
async function fit(
  gpu: GpuContext,
  net: Net,
  lambda: number,
  x: Tensor,
  y: Tensor,
  at: Tensor[],
): Promise<ArrayLike<number>[] | null> {
  const { g, r, trace } = gpu.scope(() => {
    const phi = features(gpu, x, net);
    return {
      g: matmul(phi, phi, { transA: true }),
      r: matmul(phi, y, { transA: true }),
      trace: norm2(phi),
    };
  });
  // tr(ΦᵀΦ) = ‖Φ‖²: λ is relative to the mean eigenvalue, so it means the same at every A and width.
  const meanEig = (await trace.read())[0] ** 2 / net.width;
  trace.dispose();
  const { alphas, info } = gpu.scope(() => ridgeSolve(g, r, [lambda * meanEig]));
  g.dispose();
  r.dispose();
  const c = alphas[0];
  const ok = (await info.read())[0] === 0;
  info.dispose();
  const preds = ok ? at.map((p) => gpu.scope(() => matmul(features(gpu, p, net), c))) : [];
  c.dispose();
  const out = [];
  for (const p of preds) {
    out.push(await p.read());
    p.dispose();
  }
  return ok ? out : null;
}

export const bandlimitedRunner: ExperimentRun = defineRun(bandlimited, async function* (ctx, spec) {
  const p = spec.params;
  const gpu = ctx.gpu;
  const target = p.target as BandTarget;
  const dim = dimOf(target);
  const bounds = [...new Set(p.bounds)].sort((a, b) => a - b);
  const widths = [...new Set(p.widths)].sort((a, b) => a - b);
  const omegas = [...new Set(p.omegas)].sort((a, b) => a - b);
  const net = (bound: number, width: number): Net => ({
    seed: spec.seed,
    bound,
    width,
    activation: p.activation as Activation,
  });
  // The heatmap's cell at (A, ω) for the sweep's ω and width is the sweep's own fit.
  const shared = omegas.includes(p.omega) && widths.includes(p.mapWidth);
  const total = bounds.length * (widths.length + omegas.length - (shared ? 1 : 0));
  ctx.work.plan(total, 'fit');
  ctx.work.span(total);

  const trainPts = grid(p.trainPoints, dim);
  const testPts = grid(TEST_POINTS, dim, 0.5);
  const curvePts = curve(CURVE_POINTS, dim, p.omega);
  const tensorOf = (pts: Points) => gpu.tensor(pts.x, [pts.count, dim]);
  const fixed = gpu.scope(() => ({ x: tensorOf(trainPts), xt: tensorOf(testPts), xc: tensorOf(curvePts) }));
  const yOf = (omega: number) => gpu.tensor(targetValues(target, omega, trainPts), [trainPts.count, 1]);

  const map = new Float32Array(bounds.length * omegas.length).fill(NaN);
  const curves = new Float32Array((1 + bounds.length) * CURVE_POINTS).fill(NaN);
  curves.set(targetValues(target, p.omega, curvePts));
  const mapSnapshot = (step: number) => ({
    type: 'snapshot' as const,
    snapshot: {
      kind: 'heatmap' as const,
      name: 'band/map' as const,
      step,
      shape: [bounds.length, omegas.length],
      data: map.slice(),
      labels: bounds.map((a) => `A = ${a}`),
    },
  });
  let done = 0;
  let failed = 0;
  try {
    // Width sweep at the target's ω: error vs width per A, and the widest fit's curve.
    const yTest = targetValues(target, p.omega, testPts);
    const y = yOf(p.omega);
    try {
      for (const [ai, bound] of bounds.entries()) {
        for (const width of widths) {
          const widest = width === widths[widths.length - 1];
          const out = await fit(
            gpu,
            net(bound, width),
            p.lambda,
            fixed.x,
            y,
            widest ? [fixed.xt, fixed.xc] : [fixed.xt],
          );
          await ctx.work.step();
          done++;
          if (!out) {
            failed++;
            continue;
          }
          const error = relativeError(out[0], yTest);
          yield { type: 'metric', name: `error/A${bound}`, step: width, value: error };
          if (shared && width === p.mapWidth) map[ai * omegas.length + omegas.indexOf(p.omega)] = error;
          if (widest) {
            curves.set(out[1], (1 + ai) * CURVE_POINTS);
            yield {
              type: 'snapshot',
              snapshot: {
                kind: 'heatmap',
                name: 'band/fit',
                step: done,
                shape: [1 + bounds.length, CURVE_POINTS],
                data: curves.slice(),
                labels: ['target', ...bounds.map((a) => `A = ${a}`)],
              },
            };
          }
        }
      }
    } finally {
      y.dispose();
    }
    if (shared) yield mapSnapshot(done);
    // The (A, ω) heatmap at one width.
    for (const [oi, omega] of omegas.entries()) {
      if (shared && omega === p.omega) continue;
      const yt = targetValues(target, omega, testPts);
      const y = yOf(omega);
      try {
        for (const [ai, bound] of bounds.entries()) {
          const out = await fit(gpu, net(bound, p.mapWidth), p.lambda, fixed.x, y, [fixed.xt]);
          await ctx.work.step();
          done++;
          if (out) map[ai * omegas.length + oi] = relativeError(out[0], yt);
          else failed++;
        }
      } finally {
        y.dispose();
      }
      yield mapSnapshot(done);
    }
    if (failed)
      yield { type: 'log', message: `${failed} of ${total} fits were not positive definite at this λ; raise λ.` };
    yield {
      type: 'done',
      summary: { fits: total, failed, trainPoints: trainPts.count, omega: p.omega, activation: p.activation },
    };
  } finally {
    for (const v of Object.values(fixed)) v.dispose();
  }
});
