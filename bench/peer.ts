import type { Case } from './common.ts';

/** One implementation under test; every method builds a case on the same shapes as the others. */
export interface Peer {
  name: string;
  matmul(
    n: number,
    a: Float32Array<ArrayBuffer>,
    b: Float32Array<ArrayBuffer>,
  ): Promise<{ case: Case; result(): Promise<Float32Array> }>;
  /** `steps` SGD steps of the MLP per run; the loss read back after every step or only after the last. */
  mlp(steps: number, readEveryStep: boolean): Promise<Case & { counters?(): Record<string, number> }>;
  /** Conv 3×3, 64→64, 32×32, padding 1: forward, input gradient and weight gradient. */
  conv?(batch: number): Promise<Case>;
  /** Multi-head self-attention block (4 projections + attention), forward and backward. */
  attention?(): Promise<Case>;
  close(): Promise<void>;
}

/** FLOPs of the conv work item (forward, dX, dW: three GEMMs of the same size). */
export const convFlops = (batch: number, hw: number, c: number, k: number): number =>
  3 * 2 * batch * hw * hw * c * c * k * k;

/** FLOPs of the attention work item: 4 projections and 2 attention GEMMs, forward ×3 for backward. */
export const attentionFlops = (b: number, t: number, d: number): number =>
  3 * (4 * 2 * b * t * d * d + 2 * 2 * b * t * t * d);
