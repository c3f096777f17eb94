import type { GpuContext } from './context.ts';

export type DType = 'f32' | 'u32' | 'i32';
export type TypedArrayOf<D extends DType> = D extends 'f32' ? Float32Array : D extends 'u32' ? Uint32Array : Int32Array;

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`bad tensor shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

/**
 * A dense row-major array on the GPU. Its buffer comes from the context's pool (it may be larger
 * than the data) and returns there on dispose(). Autograd fields are filled by autograd.ts.
 */
export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly size: number;
  readonly buffer: GPUBuffer;
  /** Parameters and optimizer state outlive every scope. */
  persistent = false;
  requiresGrad = false;
  grad: Tensor | null = null;
  /** Name for parameters ("fc1.weight") and for error messages. */
  name = '';
  private disposed = false;

  constructor(
    readonly ctx: GpuContext,
    shape: readonly number[],
    readonly dtype: DType = 'f32',
  ) {
    this.id = ctx.newId();
    this.shape = [...shape];
    this.size = sizeOf(shape);
    this.buffer = ctx.allocate(Math.max(4, this.size * 4), `tensor [${this.shape.join('×')}]`);
  }

  get rank(): number {
    return this.shape.length;
  }

  get bytes(): number {
    return this.size * 4;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Copy the contents to the CPU (submits pending work; never call inside a training step). */
  async read(): Promise<TypedArrayOf<this['dtype']>> {
    this.assertLive();
    const bytes = await this.ctx.readBytes(this.buffer, this.bytes);
    const arr =
      this.dtype === 'f32'
        ? new Float32Array(bytes)
        : this.dtype === 'u32'
          ? new Uint32Array(bytes)
          : new Int32Array(bytes);
    return arr as TypedArrayOf<this['dtype']>;
  }

  /** Keep this tensor alive across scopes (parameters, optimizer state, datasets on the GPU). */
  keep(): this {
    this.persistent = true;
    return this;
  }

  assertLive(): void {
    if (this.disposed)
      throw new Error(`tensor ${this.name || this.id} [${this.shape.join('×')}] was used after dispose`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.grad?.dispose();
    this.grad = null;
    this.ctx.storage.release(this.buffer);
  }
}
