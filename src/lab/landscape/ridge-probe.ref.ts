/**
 * Float64 reference of the GPU ridge probe (ridge-probe.ts), for its tests only: the same
 * standardization, relative ridge and unshifted bias, computed row by row on the CPU.
 */
import { choleskySolve } from '../numerics/cholesky.ts';

/**
 * Linear probe by closed-form ridge regression on one-hot labels (features standardized on the
 * training part, plus a bias): test accuracy of the argmax. λ is relative to the Gram matrix's
 * mean diagonal, so it means the same for any feature scale. Also returns each test row's
 * predicted class.
 */
export function ridgeProbeRef(
  train: { data: Float32Array; labels: ArrayLike<number> },
  test: { data: Float32Array; labels: ArrayLike<number> },
  dim: number,
  classes: number,
  lambda = 1e-2,
): { accuracy: number; predictions: Uint32Array } {
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
  const predictions = new Uint32Array(tn);
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
    predictions[i] = best;
    if (best === test.labels[i]) correct++;
  }
  return { accuracy: correct / tn, predictions };
}
