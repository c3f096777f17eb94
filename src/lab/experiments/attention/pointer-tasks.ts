/**
 * Data and references for the pointer-network tasks (Vinyals et al. 2015), plain TypeScript:
 * sorting n reals in [0, 1] and the convex hull of n points uniform in the unit square.
 *
 * Slots: the network sees n + 1 slots, slot 0 a learned "end" token and slot i + 1 input i; an
 * output step points at a slot. Sorting points n times (never at slot 0); the hull lists its
 * vertices counter-clockwise and then points at slot 0, repeated to the fixed n + 1 steps (a
 * hull has at most n vertices). The hull starts at its leftmost vertex (lowest x, then lowest
 * y), where the paper starts at the vertex of lowest input index: our encoder has no positions
 * (so that it can be run on longer inputs than it trained on) and cannot see indices, so the
 * start must be a property of the points themselves.
 */
import { bitsArray } from '../../../gpu/rng.ts';

export type PointerTask = 'sort' | 'hull';

export const dimsOf = (task: PointerTask): number => (task === 'sort' ? 1 : 2);
export const stepsOf = (task: PointerTask, n: number): number => (task === 'sort' ? n : n + 1);

export interface PointerBatch {
  task: PointerTask;
  count: number;
  n: number;
  /** [count, n, dims] coordinates. */
  points: Float32Array;
  /** [count, steps] slot indices (0 = end, i + 1 = input i). */
  targets: Uint32Array;
}

/** Slot order that sorts `xs` ascending (ties by index, so it is deterministic). */
export function sortOrder(xs: ArrayLike<number>): number[] {
  return Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
}

const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/**
 * Indices of the convex hull of `pts` (Andrew's monotone chain), counter-clockwise from the
 * leftmost (then lowest) point; collinear boundary points are not vertices.
 */
export function convexHull(pts: ReadonlyArray<[number, number]>): number[] {
  const order = Array.from({ length: pts.length }, (_, i) => i).sort(
    (a, b) => pts[a][0] - pts[b][0] || pts[a][1] - pts[b][1] || a - b,
  );
  if (order.length < 3) return order;
  const chain = (idx: number[]): number[] => {
    const out: number[] = [];
    for (const i of idx) {
      while (out.length >= 2 && cross(pts[out[out.length - 2]], pts[out[out.length - 1]], pts[i]) <= 0) out.pop();
      out.push(i);
    }
    return out;
  };
  const lower = chain(order);
  const upper = chain([...order].reverse());
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Point i of example e of a batch as [x, y]. */
export function pointsOf(b: Pick<PointerBatch, 'points' | 'n'>, e: number): [number, number][] {
  return Array.from({ length: b.n }, (_, i) => [b.points[(e * b.n + i) * 2], b.points[(e * b.n + i) * 2 + 1]]);
}

/** `count` examples of length n from Philox (seed, stream), with their target slot sequences. */
export function pointerBatch(task: PointerTask, count: number, n: number, seed: number, stream: number): PointerBatch {
  const dims = dimsOf(task);
  const steps = stepsOf(task, n);
  const points = Float32Array.from(bitsArray(count * n * dims, { seed, stream }), (u) => u / 2 ** 32);
  const targets = new Uint32Array(count * steps);
  for (let e = 0; e < count; e++) {
    const order =
      task === 'sort' ? sortOrder(points.subarray(e * n, (e + 1) * n)) : convexHull(pointsOf({ points, n }, e));
    order.forEach((i, t) => (targets[e * steps + t] = i + 1));
  }
  return { task, count, n, points, targets };
}

/** [count, n + 1, dims + 1] slot features: slot 0 is the flag [0…0, 1], slot i + 1 is [point i, 0]. */
export function slotFeatures(b: PointerBatch): Float32Array {
  const dims = dimsOf(b.task);
  const F = dims + 1;
  const S = b.n + 1;
  const out = new Float32Array(b.count * S * F);
  for (let e = 0; e < b.count; e++) {
    out[e * S * F + dims] = 1;
    for (let i = 0; i < b.n; i++)
      for (let d = 0; d < dims; d++) out[(e * S + i + 1) * F + d] = b.points[(e * b.n + i) * dims + d];
  }
  return out;
}

/**
 * Decoder inputs [count, len, F] for the first `len` steps of pointed slots [count, steps]
 * (teacher forcing: the targets): step 0 reads the end slot's features (the "go" token), step t
 * the features of the slot pointed at step t − 1.
 */
export function decoderFeatures(
  slots: Float32Array,
  pointed: Uint32Array,
  count: number,
  S: number,
  F: number,
  steps: number,
  len = steps,
): Float32Array {
  const out = new Float32Array(count * len * F);
  for (let e = 0; e < count; e++) {
    for (let t = 0; t < len; t++) {
      const src = t === 0 ? 0 : pointed[e * steps + t - 1];
      out.set(slots.subarray((e * S + src) * F, (e * S + src + 1) * F), (e * len + t) * F);
    }
  }
  return out;
}

/** Large enough that exp underflows to 0 next to any logit the net produces. */
export const MASKED = -1e9;

/**
 * Additive pointer mask [count, len, S] for the first `len` of `steps` steps: MASKED on slots
 * pointed at an earlier step (no input is emitted twice) and, when sorting, on the end slot; 0
 * elsewhere. Training and greedy decoding use the same mask.
 */
export function pointerMask(
  task: PointerTask,
  pointed: Uint32Array,
  count: number,
  S: number,
  steps: number,
  len = steps,
): Float32Array {
  const out = new Float32Array(count * len * S);
  for (let e = 0; e < count; e++) {
    const used = new Uint8Array(S);
    if (task === 'sort') used[0] = 1;
    for (let t = 0; t < len; t++) {
      for (let j = 0; j < S; j++) if (used[j]) out[(e * len + t) * S + j] = MASKED;
      const p = pointed[e * steps + t];
      if (p !== 0) used[p] = 1;
    }
  }
  return out;
}

/** The input indices a pointed slot sequence names, up to the first end slot. */
export function untilEnd(slots: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (const s of Array.from(slots)) {
    if (s === 0) break;
    out.push(s - 1);
  }
  return out;
}

/** Signed shoelace area of a polygon through `idx` (positive when counter-clockwise). */
export function polygonArea(pts: ReadonlyArray<[number, number]>, idx: readonly number[]): number {
  let a = 0;
  for (let i = 0; i < idx.length; i++) {
    const p = pts[idx[i]];
    const q = pts[idx[(i + 1) % idx.length]];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** A polygon of ≥ 3 distinct vertices whose non-adjacent edges do not cross. */
export function isSimplePolygon(pts: ReadonlyArray<[number, number]>, idx: readonly number[]): boolean {
  const k = idx.length;
  if (k < 3 || new Set(idx).size !== k) return false;
  for (let i = 0; i < k; i++) {
    for (let j = i + 2; j < k; j++) {
      if (i === 0 && j === k - 1) continue;
      if (segmentsCross(pts[idx[i]], pts[idx[(i + 1) % k]], pts[idx[j]], pts[idx[(j + 1) % k]])) return false;
    }
  }
  return true;
}

export interface HullScore {
  /** The predicted vertex sequence equals the true one. */
  exact: boolean;
  /**
   * Area of the predicted polygon over the hull's area, 0 when the prediction is not a simple
   * polygon (the paper counts such outputs as failures). A simple polygon on input points lies
   * inside the hull, so coverage ≤ 1.
   */
  coverage: number;
}

export function scoreHull(pts: ReadonlyArray<[number, number]>, predicted: readonly number[]): HullScore {
  const truth = convexHull(pts);
  const exact = predicted.length === truth.length && predicted.every((v, i) => v === truth[i]);
  const area = polygonArea(pts, truth);
  const coverage = isSimplePolygon(pts, predicted) ? Math.abs(polygonArea(pts, predicted)) / area : 0;
  return { exact, coverage };
}

/**
 * A hull guess that needs no learning: every point, counter-clockwise by angle around the
 * centroid, from the leftmost. A simple (star-shaped) polygon, exact only when every point is a
 * hull vertex; the baseline a trained pointer network must beat.
 */
export function starPolygon(pts: ReadonlyArray<[number, number]>): number[] {
  const cx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const cy = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const angle = (i: number) => Math.atan2(pts[i][1] - cy, pts[i][0] - cx);
  const order = Array.from({ length: pts.length }, (_, i) => i).sort((a, b) => angle(a) - angle(b) || a - b);
  const start = convexHull(pts)[0];
  const k = order.indexOf(start);
  return [...order.slice(k), ...order.slice(0, k)];
}
