/** Plain-TypeScript references for the landscape kernels (tests and benchmarks only). */
import { normal4, philox4x32, split64 } from '../rng.ts';
import type { Projection } from './landscape.ts';

/** Entry P[i, j] of the implicit projection, before the 1/√D scale. */
export function projectionEntry(proj: Projection, i: number, j: number): number {
  const [s0, s1] = split64(proj.id.seed);
  const [t0, t1] = split64(proj.id.stream ?? 0, 'stream');
  if (proj.kind === 'sign') {
    const word = philox4x32([j >>> 7, i, t0, t1], [s0, s1])[(j >>> 5) % 4];
    return (word >>> (j % 32)) & 1 ? 1 : -1;
  }
  return normal4(philox4x32([j >>> 2, i, t0, t1], [s0, s1]))[j % 4];
}

export function expandRef(proj: Projection, theta0: Float32Array, z: Float32Array, row0 = 0): Float32Array {
  const s = 1 / Math.sqrt(proj.D);
  return theta0.map((t, i) => {
    let acc = 0;
    for (let j = 0; j < proj.d; j++) acc += projectionEntry(proj, row0 + i, j) * z[j];
    return t + s * acc;
  });
}

export function projectRef(proj: Projection, g: Float32Array): Float32Array {
  const s = 1 / Math.sqrt(proj.D);
  const out = new Float32Array(proj.d);
  for (let j = 0; j < proj.d; j++) {
    let acc = 0;
    for (let i = 0; i < proj.D; i++) acc += projectionEntry(proj, i, j) * g[i];
    out[j] = s * acc;
  }
  return out;
}

export function planeRef(base: Float32Array, u: Float32Array, v: Float32Array, a: number, b: number): Float32Array {
  return base.map((x, i) => x + a * u[i] + b * v[i]);
}

export function filterNormalizeRef(dir: Float32Array, weight: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(dir.length);
  for (let j = 0; j < cols; j++) {
    let nw = 0;
    let nd = 0;
    for (let i = 0; i < rows; i++) {
      nw += weight[i * cols + j] ** 2;
      nd += dir[i * cols + j] ** 2;
    }
    const scale = nd > 0 ? Math.sqrt(nw) / Math.sqrt(nd) : 0;
    for (let i = 0; i < rows; i++) out[i * cols + j] = dir[i * cols + j] * scale;
  }
  return out;
}
