/** Loop references for masks.ts. */

export function blockMaskRef(
  keep: ArrayLike<number>,
  rows: number,
  cols: number,
  br: number,
  bc: number,
): Float32Array {
  const out = new Float32Array(rows * cols);
  const ucols = Math.ceil(cols / bc);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      out[r * cols + c] = keep[Math.floor(r / br) * ucols + Math.floor(c / bc)] !== 0 ? 1 : 0;
  }
  return out;
}

export function applyMaskRef(w: Float32Array, mask: Float32Array): Float32Array {
  return w.map((v, i) => (mask[i] !== 0 ? v : 0));
}
