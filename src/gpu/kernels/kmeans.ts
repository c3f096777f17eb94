/**
 * k-means (Lloyd's algorithm) on the GPU for rows of a small matrix: a fixed number of rounds of
 * assign-to-nearest-centroid (kmeans_assign.wgsl) and centroid-as-mean (kmeans_update.wgsl), no
 * readback between rounds. The caller picks the starting centroids (e.g. seeded rows of the
 * points), so the result is deterministic. The float64 reference is kmeans.ref.ts.
 */
import assignCode from '../../wgsl/kmeans_assign.wgsl?raw';
import updateCode from '../../wgsl/kmeans_update.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';

const assignProgram = defineProgram({
  name: 'kmeans-assign',
  code: assignCode,
  workgroupSize: 64,
  bindings: { points: 'read', centroids: 'read', labels: 'read_write' },
  uniforms: { n: 'u32', d: 'u32', c: 'u32' },
});

const updateProgram = defineProgram({
  name: 'kmeans-update',
  code: updateCode,
  workgroupSize: 64,
  bindings: { points: 'read', labels: 'read', old: 'read', centroids: 'read_write' },
  uniforms: { n: 'u32', d: 'u32', c: 'u32' },
});

function assertShapes(points: Tensor, centroids: Tensor, what: string): void {
  for (const t of [points, centroids]) {
    t.assertLive();
    if (t.dtype !== 'f32' || t.shape.length !== 2)
      throw new Error(`${what} takes f32 [rows, d], got ${t.dtype} [${t.shape}]`);
  }
  if (points.shape[1] !== centroids.shape[1])
    throw new Error(`${what}: points [${points.shape}] and centroids [${centroids.shape}] differ in d`);
}

/** Per point [n, d], the index of its nearest centroid [c, d] (u32 [n]; ties to the lower index). */
export function kmeansAssign(points: Tensor, centroids: Tensor): Tensor {
  assertShapes(points, centroids, 'kmeansAssign');
  const [n, d] = points.shape;
  const labels = points.ctx.empty([n], 'u32');
  assignProgram.run(points.ctx, {
    bindings: { points, centroids, labels },
    uniforms: { n, d, c: centroids.shape[0] },
    threads: n,
  });
  return labels;
}

/** The mean of each centroid's points [c, d]; a centroid with no points keeps its place in `old`. */
export function kmeansUpdate(points: Tensor, labels: Tensor, old: Tensor): Tensor {
  assertShapes(points, old, 'kmeansUpdate');
  if (labels.dtype !== 'u32' || labels.size !== points.shape[0])
    throw new Error(`kmeansUpdate: labels must be u32 [${points.shape[0]}], got ${labels.dtype} [${labels.shape}]`);
  const [n, d] = points.shape;
  const c = old.shape[0];
  const centroids = points.ctx.empty([c, d]);
  updateProgram.run(points.ctx, {
    bindings: { points, labels, old, centroids },
    uniforms: { n, d, c },
    threads: c * d,
  });
  return centroids;
}

/** `rounds` Lloyd rounds from `init` [c, d]; the labels of the last assignment (u32 [n]), in the caller's scope. */
export function kmeans(points: Tensor, init: Tensor, rounds: number): Tensor {
  if (!(Number.isInteger(rounds) && rounds >= 1))
    throw new Error(`kmeans: rounds must be a positive integer, got ${rounds}`);
  const ctx = points.ctx;
  let centroids = init;
  for (let r = 1; r < rounds; r++) {
    const next = ctx.scope(() => kmeansUpdate(points, kmeansAssign(points, centroids), centroids));
    if (centroids !== init) centroids.dispose();
    centroids = next;
  }
  const labels = kmeansAssign(points, centroids);
  if (centroids !== init) centroids.dispose();
  return labels;
}
