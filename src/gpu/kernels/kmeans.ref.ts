/** k-means on the CPU, for tests: the two kernels' steps and Lloyd's rounds, in float64. */

/** Nearest centroid per point, ties to the lower index (kmeans_assign.wgsl). */
export function kmeansAssignRef(
  points: ArrayLike<number>,
  centroids: ArrayLike<number>,
  n: number,
  d: number,
  c: number,
): Uint32Array {
  const labels = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < c; j++) {
      let distance = 0;
      for (let k = 0; k < d; k++) distance += (points[i * d + k] - centroids[j * d + k]) ** 2;
      if (distance < best) [best, labels[i]] = [distance, j];
    }
  }
  return labels;
}

/** Each centroid as the mean of its points; an empty one keeps `old` (kmeans_update.wgsl). */
export function kmeansUpdateRef(
  points: ArrayLike<number>,
  labels: ArrayLike<number>,
  old: ArrayLike<number>,
  n: number,
  d: number,
  c: number,
): Float64Array {
  const total = new Float64Array(c * d);
  const count = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    count[labels[i]] += 1;
    for (let k = 0; k < d; k++) total[labels[i] * d + k] += points[i * d + k];
  }
  return total.map((v, t) => (count[Math.floor(t / d)] > 0 ? v / count[Math.floor(t / d)] : old[t]));
}

/** `rounds` Lloyd rounds from `init`, the last assignment's labels (kmeans in kmeans.ts). */
export function kmeansRef(
  points: ArrayLike<number>,
  init: ArrayLike<number>,
  n: number,
  d: number,
  c: number,
  rounds: number,
): Uint32Array {
  let centroids: ArrayLike<number> = init;
  for (let r = 1; r < rounds; r++)
    centroids = kmeansUpdateRef(points, kmeansAssignRef(points, centroids, n, d, c), centroids, n, d, c);
  return kmeansAssignRef(points, centroids, n, d, c);
}
