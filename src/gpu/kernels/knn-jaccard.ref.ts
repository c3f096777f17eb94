/** kNN-Jaccard on the CPU, for tests: the kernel's overlap of id lists, and the whole measure from codes. */

/** The first k ids of row r's list [m = k + 1] that are not r. */
function neighbours(ids: Uint32Array, r: number, m: number): number[] {
  return [...ids.subarray(r * m, (r + 1) * m)].filter((id) => id !== r).slice(0, m - 1);
}

/** Per row: |A ∩ B| / |A ∪ B| of the two lists, self dropped (as knn_jaccard.wgsl). */
export function knnJaccardRowsRef(a: Uint32Array, b: Uint32Array, rows: number, m: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, r) => {
    const nb = new Set(neighbours(b, r, m));
    const common = neighbours(a, r, m).filter((id) => nb.has(id)).length;
    return common / (2 * (m - 1) - common);
  });
}

/** Each row's k + 1 most cosine-similar rows of x [rows, cols] (itself included), ties to the lower index. */
export function cosineNeighboursRef(x: Float32Array, rows: number, cols: number, k: number): Uint32Array {
  const row = (i: number) => x.subarray(i * cols, (i + 1) * cols);
  const norm = Array.from({ length: rows }, (_, i) => Math.hypot(...row(i)));
  const ids = new Uint32Array(rows * (k + 1));
  for (let i = 0; i < rows; i++) {
    const cos = Array.from(
      { length: rows },
      (_, j) => row(i).reduce((s, v, c) => s + v * x[j * cols + c], 0) / (norm[i] * norm[j]),
    );
    const order = [...cos.keys()].sort((p, q) => cos[q] - cos[p] || p - q);
    ids.set(order.slice(0, k + 1), i * (k + 1));
  }
  return ids;
}
