/**
 * A model's parameters as one flat vector: read back, written, uploaded as persistent copies
 * shaped like the parameters (the base and directions of a plane), and disposed.
 */
import type { Tensor } from '../../gpu/tensor.ts';
import { flatFill, flatten } from '../../gpu/kernels/flat.ts';
import type { Module } from '../../gpu/nn.ts';

export const paramsOf = (model: Module): Tensor[] => model.parameters().map((p) => p.tensor);

export async function readFlat(params: Tensor[]): Promise<Float32Array> {
  const ctx = params[0].ctx;
  const flat = flatten(params);
  try {
    return (await flat.read()) as Float32Array;
  } finally {
    ctx.flush();
    flat.dispose();
  }
}

export function writeFlat(params: Tensor[], data: Float32Array): void {
  let offset = 0;
  for (const p of params) {
    p.ctx.write(p, data.subarray(offset, offset + p.size));
    offset += p.size;
  }
  if (offset !== data.length) throw new Error(`${data.length} values written into parameters holding ${offset}`);
}

/** Persistent GPU copies of a flat vector shaped like `params`. */
export function uploadLike(params: Tensor[], data: Float32Array): Tensor[] {
  let offset = 0;
  return params.map((p) => {
    const t = p.ctx.tensor(data.subarray(offset, offset + p.size), p.shape).keep();
    offset += p.size;
    return t;
  });
}

export const disposeAll = (ts: Tensor[]): void => ts.forEach((t) => t.dispose());

export function zerosLike(params: Tensor[]): Tensor[] {
  return params.map((p) => {
    const t = p.ctx.empty(p.shape).keep();
    flatFill([t], 0);
    return t;
  });
}
