/**
 * Dense linear algebra speed in Node (Dawn; SwiftShader on the lab's CPU machines):
 * `npm run bench:linalg -- [--n=4096] [--lambdas=41] [--m=10] [--peer-lambdas=2] [--reps=1]
 * [--peers=tabula,ref,jax-wasm,jax-webgpu] [--accuracy-n=8192]`.
 *
 * Work: an n×n Cholesky of A = K + 10⁻³·I and a ridge sweep α_λ = (K + λI)⁻¹·Y over a log grid
 * of λ from 10⁻⁶ to 10² (K's mean eigenvalue is 1), with K the Laplace kernel
 * exp(−‖xᵢ − xⱼ‖/0.5) of n points uniform in [0, 1]⁴ and Y n×m signs. Peers: Tabula's
 * GPU Cholesky (src/gpu/kernels/cholesky.ts), the float64 TypeScript reference
 * (cholesky.ref.ts), and jax-js's numpy.linalg.cholesky + lax.linalg.triangularSolve on its
 * WASM and WebGPU devices (TF.js has no Cholesky: tf.linalg offers only bandPart, gramSchmidt
 * and qr). Peers slower than Tabula by far run the sweep on `--peer-lambdas` λs of the grid
 * (the largest), reported as such, never extrapolated.
 *
 * Honest-benchmark rules (DEVELOPERS.md): only forced work is timed (until the result is on the
 * CPU or, for Tabula, until the info flags are read back after the work), every timed output is
 * checked (‖(LLᵀ − A)v‖/‖Av‖ over random probes v; ‖(K + λI)α − Y‖/‖Y‖ for each λ), repeats are
 * logged, and no rate may exceed the machine's ~157 GFLOP/s float32 peak. `--accuracy-n` adds
 * one float32-vs-float64 comparison of the factor at that size.
 */
import { init, lax, numpy as np, defaultDevice } from '@jax-js/jax';
import { execSync } from 'node:child_process';
import { GpuContext } from '../src/gpu/context.ts';
import { adapterLabel } from '../src/gpu/device.ts';
import { cholesky, ridgeSolveStacked } from '../src/gpu/kernels/cholesky.ts';
import { choleskyRef, choleskySolveRef } from '../src/gpu/kernels/cholesky.ref.ts';
import { nodeGpu } from '../src/gpu/node-gpu.ts';
import { randomArray } from '../src/gpu/xorshift.ts';
import { logGrid } from '../src/lab/kernels/ridge-risk.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const N = Number(arg('n', '4096'));
const LAMBDAS = logGrid(1e-6, 1e2, Number(arg('lambdas', '41')));
const M = Number(arg('m', '10'));
const PEER_LAMBDAS = Number(arg('peer-lambdas', '2'));
const REPS = Number(arg('reps', '1'));
const PEERS = arg('peers', 'tabula,ref,jax-wasm,jax-webgpu').split(',');
const ACCURACY_N = Number(arg('accuracy-n', '0'));
const SHIFT = 1e-3;
const PEAK_GFLOPS = 157;

/** Laplace-kernel Gram matrix of n points in [0, 1]⁴ (float64; trace n, so mean eigenvalue 1). */
function laplaceKernel(n: number): Float64Array {
  const d = 4;
  const x = randomArray(n * d, 7, 0, 1);
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += (x[i * d + q] - x[j * d + q]) ** 2;
      k[i * n + j] = k[j * n + i] = Math.exp(-Math.sqrt(s) / 0.5);
    }
  return k;
}

const shifted = (k: ArrayLike<number>, n: number, lambda: number): Float64Array =>
  Float64Array.from(k, (v, e) => (e % (n + 1) === 0 ? v + lambda : v));

/** y = A·x for row-major A (n×n) and x (n×m). */
function matmulRows(a: ArrayLike<number>, x: ArrayLike<number>, n: number, m: number): Float64Array {
  const y = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k];
      if (v !== 0) for (let c = 0; c < m; c++) y[i * m + c] += v * x[k * m + c];
    }
  return y;
}

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

/** max over 4 random probes v of ‖L·(Lᵀ·v) − A·v‖ / ‖A·v‖. */
function factorResidual(l: ArrayLike<number>, a: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let p = 0; p < 4; p++) {
    const v = randomArray(n, 100 + p, -1, 1);
    const ltv = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = k; i < n; i++) ltv[k] += l[i * n + k] * v[i];
    const llt = matmulRows(l, ltv, n, 1);
    const av = matmulRows(a, v, n, 1);
    worst = Math.max(worst, norm(llt.map((x, i) => x - av[i])) / norm(av));
  }
  return worst;
}

/** ‖(K + λI)·α − Y‖ / ‖Y‖. */
function solveResidual(k: ArrayLike<number>, lambda: number, alpha: ArrayLike<number>, y: ArrayLike<number>): number {
  const r = matmulRows(k, alpha, N, M);
  for (let e = 0; e < r.length; e++) r[e] += lambda * alpha[e] - y[e];
  return norm(r) / norm(y);
}

interface Row {
  peer: string;
  task: string;
  lambdas: string;
  seconds: number[];
  flops: number;
  check: string;
}

const rows: Row[] = [];
const cholFlops = (n: number): number => n ** 3 / 3;
const solveFlops = (n: number): number => 4 * n * n * M;

function report(row: Row): void {
  const best = Math.min(...row.seconds);
  const gflops = row.flops / best / 1e9;
  if (gflops > PEAK_GFLOPS)
    throw new Error(`${row.peer} ${row.task}: ${gflops} GFLOP/s exceeds the ${PEAK_GFLOPS} peak`);
  rows.push(row);
  console.log(
    `${row.peer} ${row.task} λ=${row.lambdas}: ${row.seconds.map((s) => s.toFixed(2)).join(', ')} s, ` +
      `${gflops.toFixed(2)} GFLOP/s; ${row.check}`,
  );
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await work();
  return [(performance.now() - t0) / 1000, out];
}

const k64 = laplaceKernel(N);
const k32 = Float32Array.from(k64);
const a32 = Float32Array.from(shifted(k32, N, SHIFT));
const y = Float32Array.from(randomArray(N * M, 9, -1, 1), (v) => Math.sign(v) || 1);
const peerPicks = LAMBDAS.slice(-PEER_LAMBDAS);

async function tabula(ctx: GpuContext): Promise<void> {
  // Warm-up at a small size compiles every pipeline (n % 4 picks the same update variant).
  const warm = 4 * 17;
  await ctx
    .scope(() =>
      ridgeSolveStacked(
        ctx.tensor(a32.subarray(0, warm * warm), [warm, warm]),
        ctx.tensor(y.subarray(0, warm * M), [warm, M]),
        [1],
      ),
    )
    .info.read();
  const a = ctx.tensor(a32, [N, N]);
  const k = ctx.tensor(k32, [N, N]);
  const yt = ctx.tensor(y, [N, M]);
  const seconds: number[] = [];
  let l: Float32Array = new Float32Array();
  for (let r = 0; r < REPS; r++) {
    const [s, out] = await timed(async () => {
      const { l: lt, info } = ctx.scope(() => cholesky(a));
      const flag = (await info.read())[0];
      info.dispose();
      return { lt, flag };
    });
    seconds.push(s);
    if (out.flag !== 0) throw new Error(`tabula: A reported not positive definite at ${out.flag - 1}`);
    l = (await out.lt.read()) as Float32Array;
    out.lt.dispose();
  }
  report({
    peer: 'tabula (f32)',
    task: `cholesky ${N}`,
    lambdas: '-',
    seconds,
    flops: cholFlops(N),
    check: `probe residual ${factorResidual(l, a32, N).toExponential(1)}`,
  });

  const sweep: number[] = [];
  let alpha: Float32Array = new Float32Array();
  let flags: Uint32Array = new Uint32Array();
  for (let r = 0; r < REPS; r++) {
    const [s, out] = await timed(async () => {
      const res = ctx.scope(() => ridgeSolveStacked(k, yt, LAMBDAS));
      const f = await res.info.read();
      res.info.dispose();
      return { alpha: res.alpha, flags: f };
    });
    sweep.push(s);
    alpha = (await out.alpha.read()) as Float32Array;
    flags = out.flags as Uint32Array;
    out.alpha.dispose();
  }
  const residuals = LAMBDAS.map((lam, i) =>
    flags[i] === 0 ? solveResidual(k32, lam, alpha.subarray(i * N * M, (i + 1) * N * M), y) : NaN,
  );
  const solved = residuals.filter((r) => !Number.isNaN(r));
  const flagged = LAMBDAS.filter((_, i) => flags[i] !== 0);
  report({
    peer: 'tabula (f32)',
    task: `ridge sweep ${N}`,
    lambdas: `${LAMBDAS.length}`,
    seconds: sweep,
    flops: LAMBDAS.length * (cholFlops(N) + solveFlops(N)),
    check:
      `max solve residual ${Math.max(...solved).toExponential(1)} over ${solved.length} λ` +
      (flagged.length
        ? `; ${flagged.length} flagged not PD in f32 (λ ≤ ${Math.max(...flagged).toExponential(0)})`
        : ''),
  });
  a.dispose();
  k.dispose();
  yt.dispose();
}

function reference(): void {
  const start = performance.now();
  const l = choleskyRef(a32, N);
  const s = (performance.now() - start) / 1000;
  if (!l) throw new Error('reference: A not positive definite');
  report({
    peer: 'reference (f64 TS)',
    task: `cholesky ${N}`,
    lambdas: '-',
    seconds: [s],
    flops: cholFlops(N),
    check: `probe residual ${factorResidual(l, a32, N).toExponential(1)}`,
  });
  const t0 = performance.now();
  const residuals = peerPicks.map((lam) => {
    const lf = choleskyRef(shifted(k32, N, lam), N)!;
    return solveResidual(k32, lam, choleskySolveRef(lf, N, y, M), y);
  });
  report({
    peer: 'reference (f64 TS)',
    task: `ridge sweep ${N}`,
    lambdas: `${peerPicks.length} of ${LAMBDAS.length}`,
    seconds: [(performance.now() - t0) / 1000],
    flops: peerPicks.length * (cholFlops(N) + solveFlops(N)),
    check: `max solve residual ${Math.max(...residuals).toExponential(1)}`,
  });
}

async function jax(device: 'wasm' | 'webgpu'): Promise<void> {
  defaultDevice(device);
  const peer = `jax-js ${device} (f32)`;
  const A = np.array(a32).reshape([N, N]);
  const [s, l] = await timed(async () => (await np.linalg.cholesky(A.ref).data()) as Float32Array);
  report({
    peer,
    task: `cholesky ${N}`,
    lambdas: '-',
    seconds: [s],
    flops: cholFlops(N),
    check: `probe residual ${factorResidual(l, a32, N).toExponential(1)}`,
  });
  A.dispose();
  const K = np.array(k32).reshape([N, N]);
  const Y = np.array(y).reshape([N, M]);
  const eye = np.eye(N);
  const alphas: Float32Array[] = [];
  const [sweep] = await timed(async () => {
    for (const lam of peerPicks) {
      const L = np.linalg.cholesky(K.ref.add(eye.ref.mul(lam)));
      const z = lax.linalg.triangularSolve(L.ref, Y.ref, { leftSide: true, lower: true });
      const alpha = lax.linalg.triangularSolve(L, z, { leftSide: true, lower: true, transposeA: true });
      alphas.push((await alpha.data()) as Float32Array);
    }
  });
  K.dispose();
  Y.dispose();
  eye.dispose();
  const residuals = peerPicks.map((lam, i) => solveResidual(k32, lam, alphas[i], y));
  report({
    peer,
    task: `ridge sweep ${N}`,
    lambdas: `${peerPicks.length} of ${LAMBDAS.length}`,
    seconds: [sweep],
    flops: peerPicks.length * (cholFlops(N) + solveFlops(N)),
    check: `max solve residual ${Math.max(...residuals).toExponential(1)}`,
  });
}

/** Float32 GPU factor against the float64 reference at size n (one run each). */
async function accuracy(ctx: GpuContext, n: number): Promise<void> {
  const a = Float32Array.from(shifted(laplaceKernel(n), n, SHIFT));
  const t0 = performance.now();
  const { l, info } = ctx.scope(() => cholesky(ctx.tensor(a, [n, n])));
  const flag = (await info.read())[0];
  const got = await l.read();
  const gpuSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ref = choleskyRef(a, n)!;
  const refSeconds = (performance.now() - t1) / 1000;
  let num = 0;
  let den = 0;
  for (let e = 0; e < ref.length; e++) {
    num = Math.max(num, Math.abs(got[e] - ref[e]));
    den = Math.max(den, Math.abs(ref[e]));
  }
  console.log(
    `accuracy n=${n}: info ${flag}, max|L32 − L64|/max|L64| = ${(num / den).toExponential(2)}, ` +
      `f32 probe residual ${factorResidual(got, a, n).toExponential(1)}, f64 ${factorResidual(ref, a, n).toExponential(1)}; ` +
      `GPU ${gpuSeconds.toFixed(1)} s, reference ${refSeconds.toFixed(1)} s (one run each)`,
  );
  l.dispose();
  info.dispose();
}

async function main(): Promise<void> {
  const gpu = await nodeGpu();
  const ctx = await GpuContext.create(gpu);
  console.log(`adapter: ${adapterLabel(ctx.report)}; load ${execSync('uptime').toString().trim()}`);
  console.log(`n=${N}, m=${M}, ${LAMBDAS.length} λ in [1e-6, 1e2], reps=${REPS}; peers ${PEERS.join(', ')}`);
  if (PEERS.includes('tabula')) await tabula(ctx);
  if (PEERS.includes('ref')) reference();
  const jaxDevices = PEERS.filter((p) => p.startsWith('jax-')).map((p) => p.slice(4) as 'wasm' | 'webgpu');
  if (jaxDevices.length > 0) {
    // jax-js looks for WebGPU on navigator, which Node lacks: give it the same Dawn adapter.
    (globalThis as unknown as { navigator: object }).navigator = { gpu, userAgent: 'node' };
    const available = await init();
    for (const d of jaxDevices) {
      if (available.includes(d)) await jax(d);
      else console.log(`jax-js ${d}: not available (${available.join(', ')})`);
    }
  }
  if (ACCURACY_N > 0) await accuracy(ctx, ACCURACY_N);
  console.log(`\nload at the end: ${execSync('uptime').toString().trim()}\n`);
  console.log('| peer | task | λ | runs (s) | GFLOP/s (best) | check |\n|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.peer} | ${r.task} | ${r.lambdas} | ${r.seconds.map((s) => s.toFixed(1)).join(', ')} | ` +
        `${(r.flops / Math.min(...r.seconds) / 1e9).toFixed(2)} | ${r.check} |`,
    );
  ctx.destroy();
  process.exit(0);
}

await main();
