/**
 * Roberts, Yaida & Hanin, "The Principles of Deep Learning Theory": signal propagation at
 * initialization. Ensembles of random MLPs (W ~ N(0, C_W/n), b ~ N(0, C_b)) are run all at once by
 * the ensemble kernel; per layer we measure the preactivation second moment K^(ℓ) against its
 * infinite-width recursion K' = C_b + C_W·E[φ(z)²], the growth of the input–output Jacobian applied
 * to a direction orthogonal to the input (the book's χ_⊥ per layer), and, at criticality, the excess
 * kurtosis of one output across inits, the leading finite-width correction, which grows with depth/width.
 */
import type { GpuContext } from '../../../gpu/context.ts';
import { ensembleLayer, ensembleMoments } from '../../../gpu/kernels/ensemble.ts';
import { normalArray } from '../../../gpu/rng.ts';
import { streams } from '../../../gpu/streams.ts';
import type { Tensor } from '../../../gpu/tensor.ts';
import type { EventOf, ExperimentRun, RunContext, SpecOf } from '../../experiment.ts';
import { defineRun } from '../../declare.ts';
import { criticality } from './criticality.experiment.ts';
import { linspace } from '../../numerics/grid.ts';
import { fitLine } from '../../numerics/stats.ts';

export type Act = 'relu' | 'tanh';

export interface Point {
  cb: number;
  cw: number;
}

export const CRITICAL: Record<Act, Point> = { relu: { cb: 0, cw: 2 }, tanh: { cb: 0, cw: 1 } };

const phi = (a: Act, z: number) => (a === 'relu' ? Math.max(z, 0) : Math.tanh(z));
const dphi = (a: Act, z: number) => (a === 'relu' ? (z > 0 ? 1 : 0) : 1 - Math.tanh(z) ** 2);

/** E[f(z)] for z ~ N(0, K), by Simpson's rule on ±10 standard deviations (0 is a node, for ReLU's kink). */
export function gaussExpect(f: (z: number) => number, K: number, intervals = 2000): number {
  const s = Math.sqrt(Math.max(K, 0));
  const h = 20 / intervals;
  let acc = 0;
  for (let i = 0; i <= intervals; i++) {
    const u = -10 + i * h;
    const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    acc += w * f(s * u) * Math.exp((-u * u) / 2);
  }
  return (acc * h) / 3 / Math.sqrt(2 * Math.PI);
}

/** K^(ℓ+1) = C_b + C_W·E[φ(z)²], z ~ N(0, K^(ℓ)). */
export function nextK(a: Act, p: Point, K: number): number {
  return p.cb + p.cw * (a === 'relu' ? K / 2 : gaussExpect((z) => phi(a, z) ** 2, K));
}

/** χ_⊥(K) = C_W·E[φ'(z)²]: the mean-square growth of a perturbation orthogonal to the input. */
export function chiPerp(a: Act, p: Point, K: number): number {
  return p.cw * (a === 'relu' ? 0.5 : gaussExpect((z) => dphi(a, z) ** 2, K));
}

/**
 * Infinite-width predictions for layers 1..L with inputs of |x|²/n₀ = 1 and tangents likewise:
 * K^(1) = C_b + C_W, T^(1) = C_W, then K by the recursion and T^(ℓ+1) = χ_⊥(K^(ℓ))·T^(ℓ).
 */
export function predict(a: Act, p: Point, L: number): { K: number[]; T: number[] } {
  const K = [p.cb + p.cw];
  const T = [p.cw];
  for (let l = 1; l < L; l++) {
    T.push(chiPerp(a, p, K[l - 1]) * T[l - 1]);
    K.push(nextK(a, p, K[l - 1]));
  }
  return { K, T };
}

/**
 * Exact excess kurtosis of a ReLU net's layer-ℓ preactivation (C_b = 0, width n, any C_W): the
 * conditional variance G of a unit has E[G_ℓ²] = (1 + 5/n)·E[G_{ℓ−1}²] with G₁ fixed, and
 * kurtosis = 3·Var(G)/E[G]²; to first order 15(ℓ−1)/n, linear in depth/width.
 */
export function reluKurtosis(n: number, l: number): number {
  return 3 * ((1 + 5 / n) ** (l - 1) - 1);
}

/** The stable fixed point K* of the recursion for C_b > 0 (bisection: nextK(K) − K falls from C_b at 0 to below 0 at C_b + C_W). */
function fixedPoint(a: Act, p: Point): number {
  let [l, h] = [0, p.cb + p.cw];
  for (let i = 0; i < 40; i++) {
    const m = (l + h) / 2;
    if (nextK(a, p, m) > m) l = m;
    else h = m;
  }
  return (l + h) / 2;
}

/** The edge of chaos at bias variance C_b: the C_W in [lo, hi] where χ_⊥ at the fixed point K* is 1 (null if none). */
export function edgeOfChaos(a: Act, cb: number, lo: number, hi: number): number | null {
  // ReLU: χ_⊥ = C_W/2 whatever K is. tanh at C_b = 0: K* = 0 for C_W ≤ 1 where χ_⊥ = C_W.
  const exact = a === 'relu' ? 2 : cb === 0 ? 1 : null;
  if (exact !== null) return lo <= exact && exact <= hi ? exact : null;
  const excess = (cw: number) => chiPerp(a, { cb, cw }, fixedPoint(a, { cb, cw })) - 1;
  let [l, h] = [lo, hi];
  if (excess(l) > 0 || excess(h) < 0) return null;
  for (let i = 0; i < 30; i++) {
    const m = (l + h) / 2;
    if (excess(m) < 0) l = m;
    else h = m;
  }
  return (l + h) / 2;
}

/**
 * `inputs` rows of dimension n with |x|²/n = 1 and, when `tangents`, one direction per input
 * orthogonal to it with the same norm: [2·inputs, n] or [inputs, n].
 */
export function ensembleInputs(n: number, inputs: number, tangents: boolean, seed: number): Float32Array {
  const R = tangents ? 2 * inputs : inputs;
  const g = normalArray(R * n, { seed, stream: streams.data(0) });
  const out = new Float32Array(R * n);
  const row = (r: number) => Float64Array.from(g.subarray(r * n, (r + 1) * n));
  const put = (r: number, v: Float64Array) => {
    const s = Math.sqrt(n / v.reduce((acc, x) => acc + x * x, 0));
    v.forEach((x, i) => (out[r * n + i] = x * s));
  };
  for (let b = 0; b < inputs; b++) {
    const x = row(b);
    put(b, x);
    if (!tangents) continue;
    const u = row(inputs + b);
    const xx = x.reduce((acc, v) => acc + v * v, 0);
    const ux = u.reduce((acc, v, i) => acc + v * x[i], 0);
    put(
      inputs + b,
      u.map((v, i) => v - (ux / xx) * x[i]),
    );
  }
  return out;
}

export interface EnsembleSpec {
  activation: Act;
  depth: number;
  width: number;
  /** Independent inits per point; every point uses the same draws. */
  ensemble: number;
  /** Inputs per network (the second feeds the two-input kernel K₁₂). */
  inputs: number;
  tangents: boolean;
  seed: number;
}

/** Per point and layer (index ℓ−1), ensemble means of the per-network moments. */
export interface EnsembleStats {
  /** Preactivation second moment. */
  K: number[][];
  /** Pooled fourth moment of the preactivations. */
  M4: number[][];
  /** Mean z₀·z₁ over units (two inputs). */
  K12: number[][];
  /** Mean square of the tangent (the Jacobian applied to the input's orthogonal direction). */
  T: number[][];
}

/** Excess kurtosis of one preactivation across inits, pooled over units: M4/K² − 3. */
export const kurtosis = (s: EnsembleStats, p: number): number[] => s.K[p].map((k, l) => s.M4[p][l] / (k * k) - 3);

/**
 * Runs every point's ensemble through `depth` layers, one dispatch per layer for all of them,
 * awaiting `checkpoint` after each layer.
 */
export async function* ensembleStats(
  gpu: GpuContext,
  s: EnsembleSpec,
  points: readonly Point[],
  checkpoint: () => Promise<void>,
): AsyncGenerator<EventOf<typeof criticality>, EnsembleStats> {
  const E = points.length * s.ensemble;
  const R = s.tangents ? 2 * s.inputs : s.inputs;
  const scaleHost = new Float32Array(2 * E);
  points.forEach((p, i) => {
    for (let e = 0; e < s.ensemble; e++)
      scaleHost.set([Math.sqrt(p.cw / s.width), Math.sqrt(p.cb)], 2 * (i * s.ensemble + e));
  });
  const scales = gpu.tensor(scaleHost, [E, 2]);
  const stats = gpu.empty([s.depth, E, 4]);
  let z: Tensor = gpu.tensor(ensembleInputs(s.width, s.inputs, s.tangents, s.seed), [R, s.width]);
  for (let l = 0; l < s.depth; l++) {
    const next = ensembleLayer(z, scales, {
      activation: l === 0 ? 'identity' : s.activation,
      primal: s.inputs,
      nOut: s.width,
      draws: s.ensemble,
      seed: s.seed,
      weightStream: streams.init(2 * l),
      biasStream: streams.init(2 * l + 1),
    });
    const m = ensembleMoments(next, s.inputs);
    gpu.copy(m, stats, E * 16, 0, l * E * 16);
    gpu.flush();
    m.dispose();
    z.dispose();
    z = next;
    await checkpoint();
  }
  const host = await stats.read();
  [z, scales, stats].forEach((t) => t.dispose());
  const out: EnsembleStats = { K: [], M4: [], K12: [], T: [] };
  const keys = ['K', 'M4', 'K12', 'T'] as const;
  points.forEach((_, p) => {
    keys.forEach((k) => out[k].push([]));
    for (let l = 0; l < s.depth; l++) {
      const acc = [0, 0, 0, 0];
      for (let e = 0; e < s.ensemble; e++)
        for (let c = 0; c < 4; c++) acc[c] += host[(l * E + p * s.ensemble + e) * 4 + c];
      keys.forEach((k, c) => out[k][p].push(acc[c] / s.ensemble));
    }
  });
  return out;
}

/** Widths of the kurtosis sweep: width/4, width/2, width (at least 2, distinct). */
export function kurtosisWidths(width: number): number[] {
  return [...new Set([Math.max(2, Math.round(width / 4)), Math.max(2, Math.round(width / 2)), width])];
}

/**
 * Preactivation layers of the kurtosis sweep at width n: up to L/n = ¼ with L the hidden layers
 * before the output (ℓ − 1), where the 1/n expansion still holds; for ReLU the exact kurtosis
 * 3((1 + 5/n)^L − 1) → 3(e^(5L/n) − 1) bends away from linear beyond, and its estimate gets heavy-tailed.
 */
export function kurtosisDepth(n: number, depth: number): number {
  return Math.min(depth, 1 + Math.max(1, Math.floor(n / 4)));
}

/** The three curve points: critical C_W × 0.8, × 1, × 1.25 at C_b = 0. */
export function curvePoints(a: Act): { tag: string; p: Point }[] {
  const c = CRITICAL[a];
  return [
    { tag: '0.8× critical', p: { cb: 0, cw: 0.8 * c.cw } },
    { tag: 'critical', p: c },
    { tag: '1.25× critical', p: { cb: 0, cw: 1.25 * c.cw } },
  ];
}

async function* run(ctx: RunContext, spec: SpecOf<typeof criticality>): AsyncGenerator<EventOf<typeof criticality>> {
  const q = spec.params;
  const a = String(q.activation) as Act;
  const [depth, width, ensemble, gridSize, kInits] = [q.depth, q.width, q.ensemble, q.gridSize, q.kurtosisInits].map(
    Number,
  );
  const [cbMax, cwMin, cwMax] = [q.cbMax, q.cwMin, q.cwMax].map(Number);
  const cbs = linspace(0, cbMax, gridSize);
  const cws = linspace(cwMin, cwMax, gridSize);
  const grid: Point[] = cws.flatMap((cw) => cbs.map((cb) => ({ cb, cw })));
  const curves = curvePoints(a);
  const widths = kurtosisWidths(width);
  // The work: layers through which the ensembles pass, all points of a pass at once.
  ctx.work.plan(depth + widths.reduce((t, n) => t + kurtosisDepth(n, depth), 0), 'layer');
  const base: EnsembleSpec = { activation: a, depth, width, ensemble, inputs: 2, tangents: true, seed: spec.seed };
  ctx.work.span(depth, { label: 'the phase maps' });
  const st = yield* ensembleStats(ctx.gpu, base, [...grid, ...curves.map((c) => c.p)], ctx.work.step);

  const ratio = (arr: number[][], p: number) => Math.log10(arr[p][depth - 1] / arr[p][0]);
  const labels = [String(0), String(cbMax), String(cwMin), String(cwMax), a];
  const map = (arr: number[][]) => Float32Array.from(grid, (_, p) => ratio(arr, p));
  yield {
    type: 'snapshot',
    snapshot: {
      kind: 'heatmap',
      name: 'criticality/K-ratio',
      step: depth,
      shape: [gridSize, gridSize],
      data: map(st.K),
      labels,
    },
  };
  yield {
    type: 'snapshot',
    snapshot: {
      kind: 'heatmap',
      name: 'criticality/jacobian-ratio',
      step: depth,
      shape: [gridSize, gridSize],
      data: map(st.T),
      labels,
    },
  };
  for (const cb of cbs) {
    const cw = edgeOfChaos(a, cb, cwMin, cwMax);
    if (cw !== null) yield { type: 'metric', name: 'edge/chi=1', step: cb, value: cw };
  }
  for (const [i, c] of curves.entries()) {
    const p = grid.length + i;
    const pred = predict(a, c.p, depth);
    for (let l = 0; l < depth; l++) {
      const step = l + 1;
      yield { type: 'metric', name: `K/${c.tag}`, step, value: st.K[p][l] };
      yield { type: 'metric', name: `K-pred/${c.tag}`, step, value: pred.K[l] };
      yield { type: 'metric', name: `jacobian/${c.tag}`, step, value: st.T[p][l] / st.T[p][0] };
      yield { type: 'metric', name: `jacobian-pred/${c.tag}`, step, value: pred.T[l] / pred.T[0] };
      // ‖∂f/∂z^(ℓ)‖² ∝ Π_{ℓ' > ℓ} χ_⊥^(ℓ'), read off the forward Jacobian growth (mean field).
      yield { type: 'metric', name: `grad/${c.tag}`, step, value: st.T[p][depth - 1] / st.T[p][l] };
      yield { type: 'metric', name: `corr/${c.tag}`, step, value: st.K12[p][l] / st.K[p][l] };
    }
  }

  const xs: number[] = [];
  const ys: number[] = [];
  for (const n of widths) {
    const L = kurtosisDepth(n, depth);
    ctx.work.span(L, { label: `the kurtosis at width ${n}` });
    const ks = yield* ensembleStats(
      ctx.gpu,
      { ...base, depth: L, width: n, ensemble: kInits, inputs: 1, tangents: false },
      [CRITICAL[a]],
      ctx.work.step,
    );
    const kurt = kurtosis(ks, 0);
    for (let l = 1; l <= L; l++) {
      // L = ℓ − 1 hidden layers lie between the Gaussian first layer and this output.
      const x = (l - 1) / n;
      yield { type: 'metric', name: `kurtosis/n=${n}`, step: x, value: kurt[l - 1] };
      if (a === 'relu') yield { type: 'metric', name: `kurtosis-pred/n=${n}`, step: x, value: reluKurtosis(n, l) };
      xs.push(x);
      ys.push(kurt[l - 1]);
    }
  }
  const fit = fitLine(xs, ys);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  yield { type: 'metric', name: 'kurtosis-fit', step: x0, value: fit.a + fit.b * x0 };
  yield { type: 'metric', name: 'kurtosis-fit', step: x1, value: fit.a + fit.b * x1 };
  const crit = grid.length + 1;
  yield {
    type: 'done',
    summary: {
      log10KRatioCritical: Number(ratio(st.K, crit).toFixed(3)),
      log10KRatioBelow: Number(ratio(st.K, grid.length).toFixed(3)),
      log10KRatioAbove: Number(ratio(st.K, grid.length + 2).toFixed(3)),
      log10JacobianCritical: Number(ratio(st.T, crit).toFixed(3)),
      kurtosisSlope: Number(fit.b.toFixed(3)),
      kurtosisR2: Number(fit.r2.toFixed(3)),
    },
  };
}

export const criticalityRunner: ExperimentRun = defineRun(criticality, run);
