/** Tolerances and data for kernel tests and benchmarks (no GPU, no Node APIs: the browser benchmark loads it too). */
import { randomArray } from './xorshift.ts';

/** Largest |a-b| / (atol + rtol·|b|); ≤ 1 means within tolerance. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i]));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

/**
 * G·Gᵀ/d + shift·I for a random n×d G with entries uniform in [−1, 1] (xorshift stream `seed`):
 * symmetric positive semi-definite of rank min(n, d), definite with shift > 0 or d ≥ n.
 */
export function randomGram(n: number, d: number, seed: number, shift = 0): Float32Array {
  const g = randomArray(n * d, seed, -1, 1);
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += g[i * d + k] * g[j * d + k];
      a[i * n + j] = a[j * n + i] = s / d + (i === j ? shift : 0);
    }
  return a;
}
