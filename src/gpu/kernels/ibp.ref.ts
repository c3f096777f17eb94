/**
 * The IBP kernels on the CPU, for tests: boxes and ReLU bit for bit (float32 clamps and
 * comparisons), Linear and margin in float64 (the kernels' float32 sums agree to rounding).
 */
import { NO_NAP } from './ibp.ts';

/** Bounds as the kernels lay them out: lower [rows·width], then upper. */
export interface BoundsRef {
  lower: Float32Array;
  upper: Float32Array;
}

const f = Math.fround;
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

export function inputBoxesRef(
  x: Float32Array,
  d: number,
  eps: Float32Array,
  o: { copies: number; lo: number; hi: number },
): BoundsRef {
  const n = x.length / d;
  const rows = o.copies * n * eps.length;
  const lower = new Float32Array(rows * d);
  const upper = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const i = Math.floor(r / eps.length) % n;
    const e = eps[r % eps.length];
    for (let k = 0; k < d; k++) {
      lower[r * d + k] = clamp(f(x[i * d + k] - e), f(o.lo), f(o.hi));
      upper[r * d + k] = clamp(f(x[i * d + k] + e), f(o.lo), f(o.hi));
    }
  }
  return { lower, upper };
}

export function ibpLinearRef(b: BoundsRef, w: Float32Array, bias: Float32Array, inF: number): BoundsRef {
  const outF = bias.length;
  const rows = b.lower.length / inF;
  const lower = new Float32Array(rows * outF);
  const upper = new Float32Array(rows * outF);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < outF; j++) {
      let mid = bias[j];
      let rad = 0;
      for (let k = 0; k < inF; k++) {
        const [l, u] = [b.lower[r * inF + k], b.upper[r * inF + k]];
        mid += 0.5 * (l + u) * w[k * outF + j];
        rad += 0.5 * (u - l) * Math.abs(w[k * outF + j]);
      }
      lower[r * outF + j] = mid - rad;
      upper[r * outF + j] = mid + rad;
    }
  return { lower, upper };
}

export function ibpReluRef(
  b: BoundsRef,
  width: number,
  spec: Uint32Array,
  naps: { fixed: Uint32Array; value: Uint32Array; words: number },
  offset: number,
  empty: Uint32Array,
): BoundsRef {
  const lower = new Float32Array(b.lower.length);
  const upper = new Float32Array(b.upper.length);
  spec.forEach((s, r) => {
    for (let j = 0; j < width; j++) {
      const [l, u] = [b.lower[r * width + j], b.upper[r * width + j]];
      let [lo, hi] = [Math.max(l, 0), Math.max(u, 0)];
      if (s !== NO_NAP) {
        const word = s * naps.words + offset + (j >>> 5);
        const bit = 1 << (j & 31);
        if (naps.fixed[word] & bit) {
          if (naps.value[word] & bit) {
            if (u < 0) empty[r] = 1;
          } else {
            if (l > 0) empty[r] = 1;
            lo = hi = 0;
          }
        }
      }
      lower[r * width + j] = lo;
      upper[r * width + j] = hi;
    }
  });
  return { lower, upper };
}

export function ibpMarginRef(
  b: BoundsRef,
  w: Float32Array,
  bias: Float32Array,
  inF: number,
  target: Uint32Array,
): Float32Array {
  const outF = bias.length;
  return Float32Array.from(target, (t, r) => {
    let least = Infinity;
    for (let j = 0; j < outF; j++) {
      if (j === t) continue;
      let mid = bias[t] - bias[j];
      let rad = 0;
      for (let k = 0; k < inF; k++) {
        const [l, u] = [b.lower[r * inF + k], b.upper[r * inF + k]];
        const dw = w[k * outF + t] - w[k * outF + j];
        mid += 0.5 * (l + u) * dw;
        rad += 0.5 * (u - l) * Math.abs(dw);
      }
      least = Math.min(least, mid - rad);
    }
    return least;
  });
}
