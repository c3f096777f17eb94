import { describe, expect, it } from 'vitest';
import { maxRelErr, randomArray, testContext } from '../testing.ts';
import { kmeans, kmeansAssign, kmeansUpdate } from './kmeans.ts';
import { kmeansAssignRef, kmeansRef, kmeansUpdateRef } from './kmeans.ref.ts';

// [points, dimensions, centroids]: none a multiple of the 64-thread workgroup.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 3, 2],
  [65, 5, 9],
  [257, 8, 8],
  [1000, 16, 13],
];

function squaredDistance(points: Float32Array, centroids: Float32Array, i: number, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += (points[i * d + k] - centroids[j * d + k]) ** 2;
  return s;
}

describe('kmeans-assign kernel', () => {
  it(`gives each point its nearest centroid on ${SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [s, [n, d, c]] of SHAPES.entries()) {
      const points = randomArray(n * d, 900 + s);
      const centroids = randomArray(c * d, 950 + s);
      const labels = ctx.scope(() => kmeansAssign(ctx.tensor(points, [n, d]), ctx.tensor(centroids, [c, d])));
      const got = (await labels.read()) as Uint32Array;
      labels.dispose();
      const ref = kmeansAssignRef(points, centroids, n, d, c);
      for (let i = 0; i < n; i++) {
        expect(got[i], `n=${n} i=${i}`).toBeLessThan(c);
        // float32 sums may order a near-tie differently: then the two distances agree to rounding.
        if (got[i] !== ref[i]) {
          const [a, b] = [
            squaredDistance(points, centroids, i, got[i], d),
            squaredDistance(points, centroids, i, ref[i], d),
          ];
          expect(Math.abs(a - b), `n=${n} i=${i}`).toBeLessThan(1e-5 * Math.max(1, b));
        }
      }
    }
  });

  it('breaks exact ties toward the lower centroid', async () => {
    const ctx = await testContext();
    // Centroids 1 and 2 are the same point, nearest to every point: all go to 1.
    const centroids = Float32Array.from([9, 9, 0.5, 0.5, 0.5, 0.5]);
    const points = Float32Array.from([0, 0, 1, 1, 0.5, 0.4]);
    const labels = ctx.scope(() => kmeansAssign(ctx.tensor(points, [3, 2]), ctx.tensor(centroids, [3, 2])));
    expect([...((await labels.read()) as Uint32Array)]).toEqual([1, 1, 1]);
    labels.dispose();
  });
});

describe('kmeans-update kernel', () => {
  it(`averages each centroid's points and keeps an empty centroid on ${SHAPES.length} shapes`, async () => {
    const ctx = await testContext();
    for (const [s, [n, d, c]] of SHAPES.entries()) {
      const points = randomArray(n * d, 700 + s);
      const old = randomArray(c * d, 750 + s);
      // Labels skip the last centroid (when there are two or more): it must keep its old place.
      const used = Math.max(1, c - 1);
      const labels = Uint32Array.from({ length: n }, (_, i) => (i * 7 + s) % used);
      const out = ctx.scope(() =>
        kmeansUpdate(ctx.tensor(points, [n, d]), ctx.tensor(labels, [n], 'u32'), ctx.tensor(old, [c, d])),
      );
      const got = await out.read();
      out.dispose();
      const ref = kmeansUpdateRef(points, labels, old, n, d, c);
      expect(maxRelErr(got, ref, 1e-5, 1e-5), `n=${n} d=${d} c=${c}`).toBeLessThanOrEqual(1);
      if (c > 1) expect([...got.slice((c - 1) * d)]).toEqual([...old.slice((c - 1) * d)]);
    }
  });
});

describe('kmeans (Lloyd rounds on the GPU)', () => {
  it('finds well-separated blobs and follows the float64 rounds', async () => {
    const ctx = await testContext();
    const [n, d, c, rounds] = [301, 6, 5, 10];
    const centres = randomArray(c * d, 11, -10, 10);
    const noise = randomArray(n * d, 12, -0.3, 0.3);
    const truth = Uint32Array.from({ length: n }, (_, i) => (i * 3) % c);
    const points = noise.map((v, t) => v + centres[truth[Math.floor(t / d)] * d + (t % d)]);
    // Start from one point of each blob, picked out of order.
    const init = new Float32Array(c * d);
    for (let j = 0; j < c; j++) init.set(points.slice(((c - 1 - j) * 3 + c) * d, ((c - 1 - j) * 3 + c + 1) * d), j * d);
    const labels = ctx.scope(() => kmeans(ctx.tensor(points, [n, d]), ctx.tensor(init, [c, d]), rounds));
    const got = (await labels.read()) as Uint32Array;
    labels.dispose();
    expect([...got]).toEqual([...kmeansRef(points, init, n, d, c, rounds)]);
    // The same partition as the blobs, up to the clusters' names.
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k += 17) expect(got[i] === got[k]).toBe(truth[i] === truth[k]);
  });
});
