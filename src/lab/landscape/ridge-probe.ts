/**
 * Linear probes of a network's representation: the penultimate features of a split, kept on the
 * GPU, and a closed-form ridge-regression classifier on them, fitted and applied on the GPU with
 * only the test predictions read back (ridge-probe.ref.ts is its float64 CPU reference).
 */
import type { Tensor } from '../../gpu/tensor.ts';
import { noGrad } from '../../gpu/autograd.ts';
import type { Sequential } from '../../gpu/nn.ts';
import { addScalar, binary, scale, unary } from '../../gpu/kernels/elementwise.ts';
import { argmax, mean, sum } from '../../gpu/kernels/reduce.ts';
import { matmul } from '../../gpu/kernels/matmul.ts';
import { cholesky, choleskySolve } from '../../gpu/kernels/cholesky.ts';
import type { GpuSplit } from '../loader.ts';

/** Activations of every layer but the last (the representation a probe reads), [B, h]. */
export function features(model: Sequential, x: Tensor): Tensor {
  return model.layers.slice(0, -1).reduce((h, layer) => layer.forward(h), x);
}

/** Features of all of `split` (in order) as one kept [count, h] tensor; the caller disposes it. */
export function featureTensor(model: Sequential, split: GpuSplit, batch = 500): Tensor {
  const ctx = split.ctx;
  if (split.count === 0) throw new Error('featureTensor: the split is empty');
  const order = split.order(null).keep();
  let out: Tensor | null = null;
  try {
    for (let offset = 0; offset < split.count; offset += batch) {
      const size = Math.min(batch, split.count - offset);
      const f = ctx.scope(() => noGrad(ctx, () => features(model, split.batch(order, offset, size).x)));
      out ??= ctx.empty([split.count, f.shape[1]]).keep();
      ctx.copy(f, out, f.bytes, 0, offset * f.shape[1] * 4);
      f.dispose();
      // One submit per batch keeps each command buffer as short as one forward pass.
      ctx.flush();
    }
  } catch (e) {
    out?.dispose();
    throw e;
  } finally {
    order.dispose();
  }
  return out!;
}

/**
 * Variance floor of a feature column: a constant column (a dead ReLU unit) is centred to exact
 * zeros, so any positive SD standardizes it to 0, as the reference's SD of 1 does.
 */
const VARIANCE_FLOOR = 1e-30;

/**
 * Linear probe by closed-form ridge regression on one-hot labels (features standardized on the
 * training part, plus an unregularized bias): test accuracy of the argmax, and each test row's
 * predicted class. λ is relative to the augmented Gram matrix's mean diagonal, so it means the
 * same for any feature scale.
 *
 * The standardized training features Z are centred, so Zᵀ1 = 0 and the bias decouples from the
 * augmented normal equations: the bias is the class frequencies and W = (ZᵀZ + s·I)⁻¹·ZᵀY, with
 * s = λ·(tr ZᵀZ + n)/(dim + 1). Everything stays on the GPU (one Gram matmul, one float32
 * Cholesky of dim×dim); only the predictions and the factorization's info flag are read back.
 */
export async function ridgeProbe(
  train: { x: Tensor; labels: ArrayLike<number> },
  test: { x: Tensor; labels: ArrayLike<number> },
  classes: number,
  lambda = 1e-2,
): Promise<{ accuracy: number; predictions: Uint32Array }> {
  const ctx = train.x.ctx;
  const [n, dim] = train.x.shape;
  if (train.labels.length !== n || test.labels.length !== test.x.shape[0] || test.x.shape[1] !== dim)
    throw new Error(
      `ridgeProbe: features [${train.x.shape}] / [${test.x.shape}] do not match ${train.labels.length} / ${test.labels.length} labels`,
    );
  const oneHot = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) oneHot[i * classes + train.labels[i]] = 1;
  const eye = new Float32Array(dim * dim);
  for (let j = 0; j < dim; j++) eye[j * dim + j] = 1;
  const { predicted, info } = ctx.scope(() => {
    const mu = mean(train.x, 0);
    const centred = binary('sub', train.x, mu);
    const sd = unary('sqrt', addScalar(mean(unary('square', centred), 0), VARIANCE_FLOOR));
    const z = binary('div', centred, sd);
    const y = ctx.tensor(oneHot, [n, classes]);
    const gram = matmul(z, z, { transA: true });
    const shift = scale(addScalar(sum(unary('square', z)), n), lambda / (dim + 1));
    const { l, info } = cholesky(binary('add', gram, binary('mul', ctx.tensor(eye, [dim, dim]), shift)));
    const w = choleskySolve(l, matmul(z, y, { transA: true }));
    const zTest = binary('div', binary('sub', test.x, mu), sd);
    const scores = matmul(zTest, w, { bias: mean(y, 0) });
    return { predicted: argmax(scores, 1).keep(), info: info.keep() };
  });
  try {
    const [bad] = await info.read();
    if (bad !== 0)
      throw new Error(`ridgeProbe: the ridge-shifted Gram matrix is not positive definite (pivot ${bad - 1})`);
    const predictions = (await predicted.read()) as Uint32Array;
    let correct = 0;
    for (let i = 0; i < predictions.length; i++) if (predictions[i] === test.labels[i]) correct++;
    return { accuracy: correct / predictions.length, predictions };
  } finally {
    predicted.dispose();
    info.dispose();
  }
}
