/**
 * Linear probes of a network's representation: the penultimate features of a split, read back,
 * and a closed-form ridge-regression classifier on them.
 */
import type { Tensor } from '../../gpu/tensor.ts';
import { noGrad } from '../../gpu/autograd.ts';
import type { Sequential } from '../../gpu/nn.ts';
import type { GpuSplit } from '../loader.ts';
import { choleskySolve } from '../numerics/cholesky.ts';

/** Activations of every layer but the last (the representation a probe reads), [B, h]. */
export function features(model: Sequential, x: Tensor): Tensor {
  return model.layers.slice(0, -1).reduce((h, layer) => layer.forward(h), x);
}

/** Features of all of `split` (in order), read back as [count, h]. */
export async function readFeatures(
  model: Sequential,
  split: GpuSplit,
  batch = 500,
): Promise<{ data: Float32Array; dim: number }> {
  const ctx = split.ctx;
  const order = split.order(null).keep();
  const parts: Float32Array[] = [];
  let dim = 0;
  try {
    for (let offset = 0; offset < split.count; offset += batch) {
      const f = ctx.scope(() =>
        noGrad(ctx, () => features(model, split.batch(order, offset, Math.min(batch, split.count - offset)).x)),
      );
      dim = f.shape[1];
      parts.push((await f.read()) as Float32Array);
      f.dispose();
    }
  } finally {
    order.dispose();
  }
  const data = new Float32Array(split.count * dim);
  let at = 0;
  for (const p of parts) {
    data.set(p.subarray(0, p.length), at);
    at += p.length;
  }
  return { data, dim };
}

/**
 * Linear probe by closed-form ridge regression on one-hot labels (features standardized on the
 * training part, plus a bias): test accuracy of the argmax. λ is relative to the Gram matrix's
 * mean diagonal, so it means the same for any feature scale.
 */
export function ridgeProbe(
  train: { data: Float32Array; labels: ArrayLike<number> },
  test: { data: Float32Array; labels: ArrayLike<number> },
  dim: number,
  classes: number,
  lambda = 1e-2,
): number {
  const n = train.labels.length;
  const mu = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mu[j] += train.data[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sd[j] += (train.data[i * dim + j] - mu[j]) ** 2 / n;
  for (let j = 0; j < dim; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const m = dim + 1;
  const row = (d: Float32Array, i: number, out: Float64Array): Float64Array => {
    for (let j = 0; j < dim; j++) out[j] = (d[i * dim + j] - mu[j]) / sd[j];
    out[dim] = 1;
    return out;
  };
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m * classes);
  const r = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    row(train.data, i, r);
    for (let a = 0; a < m; a++) {
      if (r[a] === 0) continue;
      for (let b = 0; b < m; b++) gram[a * m + b] += r[a] * r[b];
      rhs[a * classes + train.labels[i]] += r[a];
    }
  }
  let trace = 0;
  for (let a = 0; a < m; a++) trace += gram[a * m + a] / m;
  for (let a = 0; a < dim; a++) gram[a * m + a] += lambda * trace;
  const w = choleskySolve(gram, rhs, m, { cols: classes });
  let correct = 0;
  const tn = test.labels.length;
  for (let i = 0; i < tn; i++) {
    row(test.data, i, r);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let a = 0; a < m; a++) s += r[a] * w[a * classes + c];
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    if (best === test.labels[i]) correct++;
  }
  return correct / tn;
}
