/** Reference for kernels/two-layer.ts (tests only). */
import type { OutputPassOptions } from './two-layer.ts';

export function outputPassRef(
  z: Float32Array,
  a: Float32Array,
  h0: Float32Array,
  d0: Float32Array,
  y: Float32Array,
  P: number,
  W: number,
  o: OutputPassOptions,
): { g: Float64Array; stats: Float64Array } {
  const N = a.length;
  const eps = o.eps ?? 0;
  const act = (v: number) => (o.activation === 'poly' ? v + 0.5 * eps * v * v : Math.max(v, 0));
  const dact = (v: number) => (o.activation === 'poly' ? 1 + eps * v : v > 0 ? 1 : 0);
  const loss = (f: number, t: number): [number, number] =>
    o.loss === 'mse' ? [(f - t) ** 2, 2 * (f - t)] : [Math.log1p(Math.exp(-t * f)), -t / (1 + Math.exp(t * f))];
  const g = new Float64Array(P * W);
  const stats = new Float64Array(P * 4);
  for (let m = 0; m < P; m++) {
    let h = 0;
    for (let i = 0; i < N; i++) h += a[i] * act(z[m * W + i]);
    const f = o.c * (h - h0[m]);
    const [l, dl] = loss(f, y[m]);
    for (let i = 0; i < N; i++) g[m * W + i] = (dl / P) * o.c * a[i] * dact(z[m * W + i]);
    let fl = 0;
    let ll = 0;
    if (W > N) {
      for (let i = 0; i < N; i++) fl += a[i] * d0[m * N + i] * z[m * W + N + i];
      fl *= o.c;
      const [l2, dl2] = loss(fl, y[m]);
      ll = l2;
      for (let i = 0; i < N; i++) g[m * W + N + i] = (dl2 / P) * o.c * a[i] * d0[m * N + i];
    }
    stats.set([l, ll, f, fl], 4 * m);
  }
  return { g, stats };
}
