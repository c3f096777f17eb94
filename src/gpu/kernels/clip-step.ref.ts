/** The clipped SGD step on the CPU in float32 arithmetic, for tests. */
import type { ClipStepOptions } from './clip-step.ts';

export function clipStepRef(w: Float32Array, g: Float32Array, ss: number, o: ClipStepOptions): Float32Array {
  const f = Math.fround;
  const norm = f(Math.sqrt(f(ss)));
  const maxNorm = f(o.maxNorm);
  const factor = maxNorm > 0 && norm > maxNorm ? f(maxNorm / norm) : 1;
  const lr = f(o.lr);
  return w.map((v, i) => f(v - f(f(lr * factor) * g[i])));
}
