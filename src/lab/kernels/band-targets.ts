/**
 * Inputs and targets of the bandlimited random-weight experiment: even grids on [−1, 1] (or its
 * square), sinusoidal targets of frequency ω, and the relative L2 error of a fit. O(n) bookkeeping.
 */
export type BandTarget = 'sine' | 'sines' | 'sine-2d';

/** Points row-major [count, dim] with their count. */
export interface Points {
  x: Float32Array;
  count: number;
  dim: 1 | 2;
}

export const dimOf = (target: BandTarget): 1 | 2 => (target === 'sine-2d' ? 2 : 1);

/** `m` evenly spaced values on [−1, 1], ends included; `offset` ∈ [0, 1) shifts them by a fraction of a step. */
function axis(m: number, offset = 0): number[] {
  if (offset === 0) return Array.from({ length: m }, (_, i) => (m === 1 ? 0 : -1 + (2 * i) / (m - 1)));
  return Array.from({ length: m }, (_, i) => -1 + (2 * (i + offset)) / m);
}

/**
 * About `count` points on an even grid of [−1, 1]^dim (a square grid in 2-D); `offset` moves the
 * grid off the training grid, so test points are never training points.
 */
export function grid(count: number, dim: 1 | 2, offset = 0): Points {
  if (dim === 1) return { x: Float32Array.from(axis(count, offset)), count, dim };
  const side = Math.max(2, Math.round(Math.sqrt(count)));
  const a = axis(side, offset);
  const x = new Float32Array(side * side * 2);
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) {
      x[2 * (i * side + j)] = a[i];
      x[2 * (i * side + j) + 1] = a[j];
    }
  return { x, count: side * side, dim };
}

/**
 * `count` points along x₁ ∈ [−1, 1] for the curve plot; in 2-D at x₂ = π/(2ω), where sin(ωx₂) = 1,
 * so the slice of sin(ωx₁)·sin(ωx₂) is sin(ωx₁).
 */
export function curve(count: number, dim: 1 | 2, omega: number): Points {
  const a = axis(count);
  if (dim === 1) return { x: Float32Array.from(a), count, dim };
  const x2 = Math.PI / (2 * omega);
  return { x: Float32Array.from(a.flatMap((v) => [v, x2])), count, dim };
}

/** The target's values at `p`. */
export function targetValues(target: BandTarget, omega: number, p: Points): Float32Array {
  const y = new Float32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const x = p.x[i * p.dim];
    if (target === 'sine') y[i] = Math.sin(omega * x);
    else if (target === 'sines')
      y[i] = (Math.sin((omega / 4) * x) + Math.sin((omega / 2) * x + 1) + Math.sin(omega * x + 2)) / 3;
    else y[i] = Math.sin(omega * x) * Math.sin(omega * p.x[i * p.dim + 1]);
  }
  return y;
}

/** ‖ŷ − y‖ / ‖y‖. */
export function relativeError(pred: ArrayLike<number>, y: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    num += (pred[i] - y[i]) ** 2;
    den += y[i] ** 2;
  }
  return Math.sqrt(num / den);
}
