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

/** ResNet-20's nine basic blocks (src/gpu/models/resnet.ts): a 1×1 shortcut conv where the shape changes. */
export const RESNET20_BLOCKS = [16, 32, 64].flatMap((outC, stage) =>
  [0, 1, 2].map((b) => ({ inC: b === 0 && stage > 0 ? outC / 2 : outC, outC, stride: b === 0 && stage > 0 ? 2 : 1 })),
);

/**
 * FLOPs of a ResNet-20 training step (a 3×3 stem conv to 16 channels, RESNET20_BLOCKS, pooling and
 * the classifier): every conv and the classifier ×3, less the stem's input gradient. BatchNorm,
 * ReLU, additions and pooling are not counted.
 */
export function resnet20Flops(batch: number, classes = 10): number {
  const stem = convForward(batch, 32, 3, 16, 3);
  let fwd = stem + gemm(batch, 64, classes);
  let hw = 32;
  for (const { inC, outC, stride } of RESNET20_BLOCKS) {
    fwd += convForward(batch, hw, inC, outC, 3, stride) + convForward(batch, hw / stride, outC, outC, 3);
    if (stride !== 1) fwd += convForward(batch, hw, inC, outC, 1, stride);
    hw /= stride;
  }
  return 3 * fwd - stem;
}
