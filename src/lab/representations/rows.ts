import type { GpuContext } from '../../gpu/context.ts';
import type { Tensor } from '../../gpu/tensor.ts';

/** Rows [offset, offset + rows) of a row-major tensor (1-D: elements), as a new tensor. */
export function rowsAt(gpu: GpuContext, x: Tensor, offset: number, rows: number): Tensor {
  const w = x.shape.length > 1 ? x.size / x.shape[0] : 1;
  const out = gpu.empty(x.shape.length > 1 ? [rows, ...x.shape.slice(1)] : [rows], x.dtype);
  gpu.copy(x, out, rows * w * 4, offset * w * 4);
  return out;
}
