/** Plain-TypeScript references for ensemble.ts (weights drawn element by element from rng.ts). */
import { normal4, philoxBlock } from '../rng.ts';
import type { EnsembleActivation, EnsembleLayerOptions } from './ensemble.ts';

const act = (a: EnsembleActivation, v: number): number =>
  a === 'relu' ? Math.max(v, 0) : a === 'tanh' ? Math.tanh(Math.max(-10, Math.min(10, v))) : v;
const dact = (a: EnsembleActivation, v: number): number =>
  a === 'relu' ? (v > 0 ? 1 : 0) : a === 'tanh' ? 1 - act(a, v) ** 2 : 1;

/** Element i of the standard-normal stream `stream`. */
function normalAt(seed: number, stream: number, i: number): number {
  return normal4(philoxBlock({ seed, stream }, Math.floor(i / 4)))[i % 4];
}

/** x: [R, nIn] when `shared`, else [E, R, nIn]; scales [E, 2]. Returns [E, R, nOut]. */
export function ensembleLayerRef(
  x: Float32Array,
  shared: boolean,
  scales: Float32Array,
  R: number,
  nIn: number,
  o: EnsembleLayerOptions,
): Float32Array {
  const E = scales.length / 2;
  const nIn4 = Math.ceil(nIn / 4) * 4;
  const out = new Float32Array(E * R * o.nOut);
  for (let e = 0; e < E; e++) {
    const d = e % o.draws;
    const xb = shared ? 0 : e * R * nIn;
    for (let j = 0; j < o.nOut; j++) {
      const bias = normalAt(o.seed, o.biasStream, d * o.nOut + j);
      for (let r = 0; r < R; r++) {
        let acc = 0;
        for (let k = 0; k < nIn; k++) {
          const w = normalAt(o.seed, o.weightStream, (d * o.nOut + j) * nIn4 + k);
          const a =
            r < o.primal
              ? act(o.activation, x[xb + r * nIn + k])
              : dact(o.activation, x[xb + (r - o.primal) * nIn + k]) * x[xb + r * nIn + k];
          acc += w * a;
        }
        out[(e * R + r) * o.nOut + j] = scales[2 * e] * acc + (r < o.primal ? scales[2 * e + 1] * bias : 0);
      }
    }
  }
  return out;
}

export function ensembleMomentsRef(z: Float32Array, E: number, R: number, n: number, primal: number): Float32Array {
  const out = new Float32Array(E * 4);
  for (let e = 0; e < E; e++) {
    const at = (r: number, j: number) => z[(e * R + r) * n + j];
    let s2 = 0;
    let s4 = 0;
    let s12 = 0;
    let st = 0;
    for (let j = 0; j < n; j++) {
      for (let r = 0; r < primal; r++) {
        s2 += at(r, j) ** 2;
        s4 += at(r, j) ** 4;
      }
      if (primal > 1) s12 += at(0, j) * at(1, j);
      for (let r = primal; r < R; r++) st += at(r, j) ** 2;
    }
    out.set([s2 / (n * primal), s4 / (n * primal), s12 / n, R > primal ? st / (n * (R - primal)) : 0], 4 * e);
  }
  return out;
}
