/** The signed L∞ attack step on the CPU in float32 arithmetic, for tests. */
import type { SignStepOptions } from './sign-step.ts';

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

export function signStepRef(x: Float32Array, d: Float32Array, x0: Float32Array, o: SignStepOptions): Float32Array {
  const f = Math.fround;
  const [alpha, eps, lo, hi] = [f(o.alpha), f(o.eps), f(o.lo ?? 0), f(o.hi ?? 1)];
  return x.map((v, i) => {
    const stepped = f(v + f(alpha * Math.sign(d[i])));
    return clamp(clamp(stepped, f(x0[i] - eps), f(x0[i] + eps)), lo, hi);
  });
}
