/** kNN-Jaccard on the CPU, for tests: the kernel's overlap of id lists, and the neighbour lists from codes. */

/** Per row: |A ∩ B| / |A ∪ B| of the two lists of k distinct ids (as knn_jaccard.wgsl). */
export function knnJaccardRowsRef(a: Uint32Array, b: Uint32Array, rows: number, k: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, r) => {
    const nb = new Set(b.subarray(r * k, (r + 1) * k));
    const common = [...a.subarray(r * k, (r + 1) * k)].filter((id) => nb.has(id)).length;
    return common / (2 * k - common);
  });
}

/**
 * [rows, k]: for each row i of query [rows, cols], the k rows of keys [n, cols] most cosine-similar
 * to it, best first, ties to the lower index.
 */
export function cosineNeighboursRef(query: Float32Array, keys: Float32Array, cols: number, k: number): Uint32Array {
  const row = (x: Float32Array, i: number) => x.subarray(i * cols, (i + 1) * cols);
  const [rows, n] = [query.length / cols, keys.length / cols];
  const keyNorm = Array.from({ length: n }, (_, j) => Math.hypot(...row(keys, j)));
  const ids = new Uint32Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const q = row(query, i);
    const cos = Array.from({ length: n }, (_, j) => row(keys, j).reduce((s, v, c) => s + v * q[c], 0) / keyNorm[j]);
    const order = [...cos.keys()].sort((p, s) => cos[s] - cos[p] || p - s);
    ids.set(order.slice(0, k), i * k);
  }
  return ids;
}
