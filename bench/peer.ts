import type { AttentionShape, Case } from './common.ts';

/**
 * One implementation under test; every method builds a case on the same shapes and data as the
 * others (see Case for what run and check must do).
 */
export interface Peer {
  name: string;
  /** C = A·B of n×n matrices, `a` and `b` non-negative (common.ts productSum checks each C). */
  matmul(n: number, a: Float32Array<ArrayBuffer>, b: Float32Array<ArrayBuffer>): Promise<Case>;
  /** `steps` SGD steps of the MLP per run, at `batch`; the loss read back after every step or once after the last. */
  mlp(batch: number, steps: number, readEveryStep: boolean): Promise<Case>;
  /** The Conv-4 layer's forward, input gradient and weight gradient (value and gradients). */
  conv?(batch: number): Promise<Case>;
  /** Multi-head self-attention block (4 projections + attention): value and gradients. */
  attention?(shape: AttentionShape): Promise<Case>;
  /** One ResNet-20 CIFAR-10 training step (SGD, BatchNorm in training mode) per repeat. */
  resnet?(batch: number): Promise<Case>;
  close(): Promise<void>;
}

/** Multiply-adds ×2 of a GEMM. */
const gemm = (m: number, k: number, n: number): number => 2 * m * k * n;

/**
 * FLOPs of an MLP training step: per layer the forward GEMM, dW and dX, except the first layer's
 * dX (no peer computes the input's gradient). Biases, activations and the loss are not counted.
 */
export function mlpFlops(sizes: readonly number[], batch: number): number {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += gemm(batch, sizes[i], sizes[i + 1]) * (i === 0 ? 2 : 3);
  return f;
}

/** FLOPs of one conv's forward (stride s, "same" padding): the GEMM B·OH·OW × C·k² × O. */
const convForward = (batch: number, hw: number, c: number, o: number, k: number, stride = 1): number =>
  gemm(batch * (hw / stride) ** 2, c * k * k, o);

/** FLOPs of the conv work item: forward, dX and dW, three GEMMs of the same size. */
export const convFlops = (batch: number, hw: number, c: number, k: number): number =>
  3 * convForward(batch, hw, c, c, k);

/** FLOPs of the attention work item: 4 projections and 2 attention GEMMs, forward ×3 for backward. */
export const attentionFlops = ({ batch: b, seq: t, width: d }: AttentionShape): number =>
  3 * (4 * gemm(b * t, d, d) + 2 * gemm(b * t, t, d));

/**
 * FLOPs of a ResNet-20 training step (16/32/64 channels, 1×1 conv shortcuts where the shape
 * changes, as src/gpu/models/resnet.ts): every conv and the classifier ×3, less the stem's input
 * gradient. BatchNorm, ReLU, additions and pooling are not counted.
 */
export function resnet20Flops(batch: number, classes = 10): number {
  let fwd = convForward(batch, 32, 3, 16, 3);
  let c = 16;
  let hw = 32;
  for (const w of [16, 32, 64]) {
    for (let b = 0; b < 3; b++) {
      const stride = w !== c ? 2 : 1;
      fwd += convForward(batch, hw, c, w, 3, stride) + convForward(batch, hw / stride, w, w, 3);
      if (w !== c) fwd += convForward(batch, hw, c, w, 1, stride);
      hw /= stride;
      c = w;
    }
  }
  fwd += gemm(batch, 64, classes);
  return 3 * fwd - convForward(batch, 32, 3, 16, 3);
}
