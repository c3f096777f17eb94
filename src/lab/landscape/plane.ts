/**
 * Plane geometry on flat parameter vectors (CPU): differences, trajectory PCA, least-squares
 * coordinates in a plane, and the plane through three checkpoints.
 */
import { symmetricEigen } from '../numerics/eigen.ts';

/** a − b elementwise. */
export function diff(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x - b[i]);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Top-2 PCA directions of a trajectory relative to its last point (Li et al. 2018 §7): unit
 * vectors u, v in parameter space and the share of variance each explains.
 */
export function trajectoryPca(thetas: Float32Array[]): {
  u: Float32Array;
  v: Float32Array;
  explained: [number, number];
} {
  const last = thetas[thetas.length - 1];
  const rows = thetas.slice(0, -1).map((t) => diff(t, last));
  if (rows.length < 2) throw new Error('trajectory PCA needs at least three checkpoints');
  const mean = new Float32Array(last.length);
  for (const r of rows) for (let i = 0; i < r.length; i++) mean[i] += r[i] / rows.length;
  const centred = rows.map((r) => diff(r, mean));
  const gram = centred.map((a) => centred.map((b) => dot(a, b)));
  const { values, vectors } = symmetricEigen(gram);
  const total = values.reduce((s, x) => s + Math.max(0, x), 0) || 1;
  const direction = (e: number[]): Float32Array => {
    const out = new Float32Array(last.length);
    centred.forEach((r, k) => {
      for (let i = 0; i < r.length; i++) out[i] += e[k] * r[i];
    });
    const n = Math.sqrt(dot(out, out)) || 1;
    return out.map((x) => x / n);
  };
  return {
    u: direction(vectors[0]),
    v: direction(vectors[1]),
    explained: [Math.max(0, values[0]) / total, Math.max(0, values[1]) / total],
  };
}

/** Least-squares coordinates (α, β) of δ in span(u, v). */
export function planeCoords(delta: Float32Array, u: Float32Array, v: Float32Array): [number, number] {
  const uu = dot(u, u);
  const uv = dot(u, v);
  const vv = dot(v, v);
  const du = dot(delta, u);
  const dv = dot(delta, v);
  const det = uu * vv - uv * uv;
  return det > 0 ? [(du * vv - dv * uv) / det, (dv * uu - du * uv) / det] : [du / (uu || 1), 0];
}

/**
 * Orthonormal basis of the plane through three points with `origin` at (0, 0) (Garipov et al.
 * 2018, Li et al. 2018): u along a − origin, v the Gram–Schmidt remainder of b − origin.
 */
export function threePointPlane(
  origin: Float32Array,
  a: Float32Array,
  b: Float32Array,
): { u: Float32Array; v: Float32Array } {
  const da = diff(a, origin);
  const db = diff(b, origin);
  const na = Math.sqrt(dot(da, da));
  if (!(na > 0)) throw new Error('plane through checkpoints: two of them coincide');
  const u = da.map((x) => x / na);
  const c = dot(db, u);
  const r = db.map((x, i) => x - c * u[i]);
  const nr = Math.sqrt(dot(r, r));
  if (!(nr > 1e-6 * na)) throw new Error('plane through checkpoints: the three are collinear');
  return { u, v: r.map((x) => x / nr) };
}
