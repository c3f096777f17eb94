/** The codebook kernels on the CPU in float32 arithmetic, for tests. */
import { NO_CODE } from './codebook.ts';

export function normalizeRowsRef(x: Float32Array, rows: number, cols: number): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let j = 0; j < cols; j++) ss = f(ss + f(x[r * cols + j] * x[r * cols + j]));
    const inv = ss > 0 ? f(1 / Math.sqrt(ss)) : 0;
    for (let j = 0; j < cols; j++) out[r * cols + j] = f(x[r * cols + j] * inv);
  }
  return out;
}

/** Ids best first, ties to the lower index; weights 1/k on the chosen codes (1 on a forced one). */
export function topKRef(
  scores: Float32Array,
  rows: number,
  cols: number,
  k: number,
  forced: Uint32Array | null = null,
): { ids: Uint32Array; weights: Float32Array } {
  const ids = new Uint32Array(rows * k);
  const weights = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    if (forced && forced[r] !== NO_CODE) {
      ids.fill(forced[r], r * k, (r + 1) * k);
      weights[r * cols + forced[r]] = 1;
      continue;
    }
    const order = Array.from({ length: cols }, (_, c) => c).sort(
      (a, b) => scores[r * cols + b] - scores[r * cols + a] || a - b,
    );
    for (let j = 0; j < k; j++) {
      ids[r * k + j] = order[j];
      weights[r * cols + order[j]] = Math.fround(1 / k);
    }
  }
  return { ids, weights };
}

/** lowbias32, as codebook.wgsl's mix32. */
export function mix32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export function reviveCodesRef(
  book: Float32Array,
  usage: Float32Array,
  x: Float32Array,
  cols: number,
  salt: number,
): Float32Array {
  const out = book.slice();
  const inputs = x.length / cols;
  for (let c = 0; c < usage.length; c++) {
    if (usage[c] > 0) continue;
    const r = (mix32((c ^ mix32(salt)) >>> 0) % inputs) >>> 0;
    out.set(x.subarray(r * cols, (r + 1) * cols), c * cols);
  }
  return out;
}
