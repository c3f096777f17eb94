/**
 * Max and average pooling over NHWC tensors (see pool.wgsl), and global average pooling as
 * average pooling with one window covering the whole image. x [B, H, W, C] → [B, OH, OW, C] with
 * OH = ⌊(H + 2·pad − kh) / stride⌋ + 1, likewise OW.
 */
import code from '../../wgsl/pool.wgsl?raw';
import { programModule } from '../program.ts';
import { sizeOf, type Tensor } from '../tensor.ts';
import { convOutputSize } from './conv2d.ts';

const program = programModule({
  name: 'pool',
  code,
  workgroupSize: 256,
  uniforms: {
    total: 'u32',
    H: 'u32',
    W: 'u32',
    C: 'u32',
    OH: 'u32',
    OW: 'u32',
    KH: 'u32',
    KW: 'u32',
    stride: 'u32',
    pad: 'u32',
  },
});
/** Max pooling's entries also bind the argmax (written forward, read backward). */
const maxForwardProgram = program('max_forward', { src: 'read', dst: 'read_write', arg: 'read_write' });
const maxBackwardProgram = program('max_backward', { src: 'read', dst: 'read_write', arg: 'read_write' });
const avgForwardProgram = program('avg_forward', { src: 'read', dst: 'read_write' });
const avgBackwardProgram = program('avg_backward', { src: 'read', dst: 'read_write' });

export interface PoolOptions {
  kernel: number | [number, number];
  /** Defaults to the kernel size (non-overlapping windows). */
  stride?: number;
  padding?: number;
}

interface PoolDims {
  B: number;
  H: number;
  W: number;
  C: number;
  OH: number;
  OW: number;
  KH: number;
  KW: number;
  stride: number;
  pad: number;
}

export function poolDims(xShape: readonly number[], o: PoolOptions): PoolDims {
  const [KH, KW] = typeof o.kernel === 'number' ? [o.kernel, o.kernel] : o.kernel;
  const { stride = Math.max(KH, KW), padding: pad = 0 } = o;
  const fail = (why: string): never => {
    throw new Error(`pool2d: x [${xShape}] (NHWC), kernel ${KH}×${KW}, stride ${stride}, padding ${pad}: ${why}`);
  };
  if (xShape.length !== 4) fail('input must be 4-D NHWC');
  if (![KH, KW, stride].every((v) => Number.isInteger(v) && v >= 1) || !Number.isInteger(pad)) fail('bad geometry');
  // Every window then holds at least one real element, so max pooling always has an argmax.
  if (pad < 0 || 2 * pad > Math.min(KH, KW)) fail('padding must be at most half the kernel');
  const [B, H, W, C] = xShape;
  const OH = convOutputSize(H, KH, stride, pad);
  const OW = convOutputSize(W, KW, stride, pad);
  if (OH < 1 || OW < 1) fail('kernel larger than the padded input');
  return { B, H, W, C, OH, OW, KH, KW, stride, pad };
}

/** Uniforms and grid of a pass writing `dst`, one thread per element. */
function over(d: PoolDims, dst: Tensor) {
  const { H, W, C, OH, OW, KH, KW, stride, pad } = d;
  return { uniforms: { total: dst.size, H, W, C, OH, OW, KH, KW, stride, pad }, threads: dst.size };
}

const outShape = (d: PoolDims): number[] => [d.B, d.OH, d.OW, d.C];

/** Window maxima and, per output, the flat index into x of its maximum (first on ties; u32). */
export function maxPool2d(x: Tensor, o: PoolOptions): { out: Tensor; argmax: Tensor } {
  const d = poolDims(x.shape, o);
  const out = x.ctx.empty(outShape(d));
  const argmax = x.ctx.empty(outShape(d), 'u32');
  maxForwardProgram.run(x.ctx, { bindings: { src: x, dst: out, arg: argmax }, ...over(d, out) });
  return { out, argmax };
}

/** dX [B, H, W, C] from dY and the forward's argmax: each gradient goes to its window's maximum. */
export function maxPool2dGrad(gy: Tensor, argmax: Tensor, xShape: readonly number[], o: PoolOptions): Tensor {
  const d = poolDims(xShape, o);
  if (gy.shape.join() !== outShape(d).join() || argmax.shape.join() !== gy.shape.join()) {
    throw new Error(`maxPool2dGrad: gradient [${gy.shape}] and argmax [${argmax.shape}] must be [${outShape(d)}]`);
  }
  const dx = gy.ctx.empty(xShape);
  maxBackwardProgram.run(gy.ctx, { bindings: { src: gy, dst: dx, arg: argmax }, ...over(d, dx) });
  return dx;
}

/** Window means (divided by the full window, padding included). */
export function avgPool2d(x: Tensor, o: PoolOptions): Tensor {
  const d = poolDims(x.shape, o);
  const out = x.ctx.empty(outShape(d));
  avgForwardProgram.run(x.ctx, { bindings: { src: x, dst: out }, ...over(d, out) });
  return out;
}

export function avgPool2dGrad(gy: Tensor, xShape: readonly number[], o: PoolOptions): Tensor {
  const d = poolDims(xShape, o);
  if (gy.size !== sizeOf(outShape(d)))
    throw new Error(`avgPool2dGrad: gradient [${gy.shape}] must be [${outShape(d)}]`);
  const dx = gy.ctx.empty(xShape);
  avgBackwardProgram.run(gy.ctx, { bindings: { src: gy, dst: dx }, ...over(d, dx) });
  return dx;
}

const globalWindow = (xShape: readonly number[]): PoolOptions => ({ kernel: [xShape[1], xShape[2]], stride: 1 });

/** Mean over H·W: x [B, H, W, C] → [B, C]. */
export function globalAvgPool(x: Tensor): Tensor {
  const d = poolDims(x.shape, globalWindow(x.shape));
  const out = x.ctx.empty([d.B, d.C]);
  avgForwardProgram.run(x.ctx, { bindings: { src: x, dst: out }, ...over(d, out) });
  return out;
}

/** dX [B, H, W, C] from dY [B, C]. */
export function globalAvgPoolGrad(gy: Tensor, xShape: readonly number[]): Tensor {
  return avgPool2dGrad(gy, xShape, globalWindow(xShape));
}
