import { probeQuadLanes } from './kernels/quad-lanes.ts';
import { BufferPool } from './pool.ts';
import { acquireDevice, type AdapterReport, type LimitCaps } from './device.ts';
import { Tensor, type DType, type TypedArrayOf } from './tensor.ts';

export interface KernelSource {
  /** Unique name of the kernel, e.g. 'matmul_tiled'; part of the pipeline cache key. */
  name: string;
  /** WGSL text; `{{KEY}}` tokens are replaced from `defines`. */
  code: string;
  entry?: string;
  /** Called with the specialized code before its pipeline is created (program.ts checks its layout). */
  verify?: (code: string) => void;
}

/** Kernel programs (program.ts) build these; a dispatch is encoded as given. */
export interface Dispatch {
  kernel: KernelSource;
  /** Compile-time specialization (tile sizes, activation, transposes…); part of the cache key. */
  defines?: Readonly<Record<string, string | number | boolean>>;
  /** Storage buffers in binding order, starting at @binding(0) of @group(0). */
  buffers: Array<Tensor | GPUBuffer>;
  /** The uniform struct's bytes (a multiple of 16), bound right after the buffers. */
  uniforms?: ArrayBuffer;
  workgroups: readonly [number, number?, number?];
}

/**
 * 'cpu-plain': the CPU-tuned kernels without quad sharing (for A/B benchmarks and debugging);
 * 'gpu-plain': the GPU kernels without the re-tuned workgroup-memory tiles (kernels/variants.ts),
 * what a GPU falls back to when those fail a self-test.
 */
export const KERNEL_VARIANTS = ['auto', 'gpu', 'gpu-plain', 'cpu', 'cpu-plain'] as const;
export type KernelVariant = (typeof KERNEL_VARIANTS)[number];

export class GpuError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuError';
  }
}

const STORAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST, without relying on globals at import time
const UNIFORM = 0x40 | 0x8; // UNIFORM | COPY_DST
const MAP_READ_COPY_DST = 0x1 | 0x8;

/** Replace `{{KEY}}` tokens; a token left unreplaced is a bug in the caller. */
export function specialize(code: string, defines: Dispatch['defines'] = {}): string {
  const out = code.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
    if (!(key in defines)) throw new GpuError(`kernel template needs a value for ${key}`);
    return String(defines[key]);
  });
  return out;
}

/**
 * One device and everything that lives on it: pipeline cache, buffer pools, the command encoder
 * that collects a whole training step, and the scope stack that frees a step's temporaries.
 */
export class GpuContext {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  readonly storage: BufferPool;
  private readonly uniforms: BufferPool;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly scopes: Tensor[][] = [];
  private nextId = 1;
  /** Dispatches since creation; useful for tests and benchmarks. */
  dispatchCount = 0;
  submitCount = 0;
  /**
   * The longest a submit may run, by estimate, before dispatch() splits it: OS watchdogs reset a GPU
   * whose work runs ~2 s without a break (Windows' TDR), which a slow integrated GPU reaches in one
   * big step or evaluation pass. Splitting changes no result (same kernels, same order); software
   * adapters have no watchdog, so there it is off. Single dispatches are bounded by their kernels.
   */
  submitBudgetMs: number;
  /** GPU time per dispatch, measured on submits that found the queue idle (0 until the first). */
  private msPerDispatch = 0;
  private encodedDispatches = 0;
  private inFlight = 0;
  /** Kernel variants turned off on this device because their self-test disagreed (variants.ts): name → why. */
  readonly disabledVariants = new Map<string, string>();
  /**
   * Which kernel variants to use where a kernel has a CPU-tuned and a GPU-tuned one: 'auto'
   * follows the adapter (report.software); 'cpu' / 'gpu' force one, for benchmarks and debugging;
   * 'cpu-plain' is 'cpu' without the quad sharing (see quadKernels), 'gpu-plain' is 'gpu' without
   * the workgroup-tiled variants (kernels/variants.ts: kernelVariant reads this flag).
   */
  kernelVariant: KernelVariant = 'auto';

  /** Whether kernels with a CPU-tuned variant should pick it (see kernelVariant). */
  get cpuKernels(): boolean {
    return this.kernelVariant === 'auto' ? this.report.software : this.kernelVariant.startsWith('cpu');
  }

  /** Whether CPU-tuned kernels should share loads across SIMD quads (kernels/quads.ts). */
  get quadKernels(): boolean {
    return this.cpuKernels && this.quadLanes && this.kernelVariant !== 'cpu-plain';
  }
  lost: Promise<GPUDeviceLostInfo>;

  constructor(
    readonly device: GPUDevice,
    readonly report: AdapterReport,
  ) {
    this.storage = new BufferPool(device, STORAGE, 'storage');
    this.uniforms = new BufferPool(device, UNIFORM, 'params');
    this.lost = device.lost;
    this.submitBudgetMs = report.software ? Infinity : 500;
    device.addEventListener('uncapturederror', (e) => {
      this.pendingError ??= (e as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** First uncaptured validation or out-of-memory error since the last read; reads throw it. */
  private pendingError: string | undefined;

  private throwPendingError(): void {
    const msg = this.pendingError;
    if (msg !== undefined) {
      this.pendingError = undefined;
      throw new GpuError(`GPU error: ${msg.trim()}`);
    }
  }

  static async create(gpu?: GPU, caps?: LimitCaps): Promise<GpuContext> {
    const { device, report } = await acquireDevice(gpu, caps);
    const ctx = new GpuContext(device, report);
    ctx.quadLanes = await probeQuadLanes(ctx);
    return ctx;
  }

  /**
   * Subgroups are SIMD quads of consecutive invocations (probed at creation), so CPU kernels may
   * share loads between the four lanes (kernels/quads.ts: matmul and convolution).
   */
  quadLanes = false;

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  newId(): number {
    return this.nextId++;
  }

  /** Storage buffer for `bytes`, checked against the device's real limits. */
  allocate(bytes: number, what: string): GPUBuffer {
    const max = Math.min(this.limits.maxStorageBufferBindingSize, this.limits.maxBufferSize);
    if (bytes > max) {
      throw new GpuError(
        `${what} needs ${(bytes / 2 ** 20).toFixed(1)} MiB, more than this device allows in one buffer ` +
          `(${(max / 2 ** 20).toFixed(0)} MiB). Use a smaller batch or model.`,
      );
    }
    return this.storage.acquire(bytes);
  }

  // ---- tensors -------------------------------------------------------------------------------

  /** A tensor with uninitialized contents (pooled buffers are reused, so never assume zeros). */
  empty(shape: readonly number[], dtype: DType = 'f32'): Tensor {
    const t = new Tensor(this, shape, dtype);
    this.track(t);
    return t;
  }

  tensor(data: ArrayLike<number>, shape: readonly number[] = [data.length], dtype: DType = 'f32'): Tensor {
    const t = this.empty(shape, dtype);
    if (data.length !== t.size)
      throw new GpuError(`data has ${data.length} values but shape [${shape}] holds ${t.size}`);
    const Ctor = dtype === 'f32' ? Float32Array : dtype === 'u32' ? Uint32Array : Int32Array;
    const arr = data instanceof Ctor ? data : Ctor.from(data as ArrayLike<number>);
    this.device.queue.writeBuffer(t.buffer, 0, arr.buffer, arr.byteOffset, arr.byteLength);
    return t;
  }

  /** Overwrite a tensor's contents from the CPU (runs before any not-yet-submitted dispatch). */
  write(t: Tensor, data: TypedArrayOf<DType>): void {
    if (data.length !== t.size) throw new GpuError(`write of ${data.length} values into a tensor of ${t.size}`);
    this.flush();
    this.device.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  private track(t: Tensor): void {
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) scope.push(t);
  }

  /**
   * Run `fn`; tensors created inside and not returned (nor made persistent) are freed after it.
   * Returned tensors move to the enclosing scope.
   */
  scope<T>(fn: () => T): T {
    this.scopes.push([]);
    let result: T;
    try {
      result = fn();
    } finally {
      const created = this.scopes.pop()!;
      if (result! instanceof Promise) {
        throw new GpuError('ctx.scope(fn) needs a synchronous fn: return the tensors and read them after the scope');
      }
      const keep = new Set<Tensor>();
      const collect = (v: unknown): void => {
        if (v instanceof Tensor) keep.add(v);
        else if (Array.isArray(v)) v.forEach(collect);
        else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && Object.getPrototypeOf(v) === Object.prototype)
          Object.values(v).forEach(collect);
      };
      collect(result!);
      for (const t of created) {
        if (keep.has(t) || t.persistent) {
          if (!t.persistent) this.track(t);
        } else t.dispose();
      }
    }
    return result;
  }

  // ---- kernels -------------------------------------------------------------------------------

  /** The cached pipeline of a kernel and specialization; `storageCount`: the storage buffers it binds. */
  pipeline(kernel: KernelSource, defines: Dispatch['defines'] = {}, storageCount = 0): GPUComputePipeline {
    const key = `${kernel.name}:${kernel.entry ?? 'main'}:${JSON.stringify(defines)}`;
    let p = this.pipelines.get(key);
    if (!p) {
      if (storageCount > this.limits.maxStorageBuffersPerShaderStage) {
        throw new GpuError(
          `kernel ${kernel.name} binds ${storageCount} storage buffers; this device allows ` +
            `${this.limits.maxStorageBuffersPerShaderStage} per stage`,
        );
      }
      const code = specialize(kernel.code, defines);
      kernel.verify?.(code);
      const module = this.device.createShaderModule({ code, label: kernel.name });
      p = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: kernel.entry ?? 'main' },
        label: key,
      });
      this.pipelines.set(key, p);
    }
    return p;
  }

  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** Encode one dispatch into the open compute pass; nothing is submitted until flush(). */
  dispatch(d: Dispatch): void {
    // Split before anything of this dispatch is acquired: a flush recycles parked uniform buffers.
    if (this.encodedDispatches > 0 && (this.encodedDispatches + 1) * this.msPerDispatch > this.submitBudgetMs)
      this.flush();
    const pipeline = this.pipeline(d.kernel, d.defines, d.buffers.length);
    const entries: GPUBindGroupEntry[] = d.buffers.map((b, i) => ({
      binding: i,
      resource: { buffer: b instanceof Tensor ? b.buffer : b },
    }));
    if (d.uniforms) {
      const bytes = d.uniforms.byteLength;
      const ub = this.uniforms.acquire(bytes);
      this.device.queue.writeBuffer(ub, 0, d.uniforms);
      this.uniforms.release(ub); // parked until the submit that uses it
      entries.push({ binding: d.buffers.length, resource: { buffer: ub, size: bytes } });
    }
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const [x, y = 1, z = 1] = d.workgroups;
    const maxWg = this.limits.maxComputeWorkgroupsPerDimension;
    if (x > maxWg || y > maxWg || z > maxWg) {
      throw new GpuError(
        `kernel ${d.kernel.name}: ${x}×${y}×${z} workgroups exceed the device limit of ${maxWg} per dimension`,
      );
    }
    if (x === 0 || y === 0 || z === 0) return;
    if (!this.pass) {
      this.encoder ??= this.device.createCommandEncoder();
      this.pass = this.encoder.beginComputePass();
    }
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(x, y, z);
    this.dispatchCount++;
    this.encodedDispatches++;
  }

  /** Copy between buffers inside the current encoder (ends the compute pass). */
  copy(src: Tensor | GPUBuffer, dst: Tensor | GPUBuffer, bytes: number, srcOffset = 0, dstOffset = 0): void {
    this.endPass();
    this.encoder ??= this.device.createCommandEncoder();
    this.encoder.copyBufferToBuffer(
      src instanceof Tensor ? src.buffer : src,
      srcOffset,
      dst instanceof Tensor ? dst.buffer : dst,
      dstOffset,
      bytes,
    );
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  /** Submit everything encoded so far as one command buffer. */
  flush(): void {
    this.endPass();
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.submitCount++;
      this.timeSubmit(this.encodedDispatches);
      this.encodedDispatches = 0;
    }
    this.storage.recycle();
    this.uniforms.recycle();
  }

  /** Updates msPerDispatch from a submit of `dispatches` that started on an idle queue (no wait behind others). */
  private timeSubmit(dispatches: number): void {
    if (dispatches === 0 || this.submitBudgetMs === Infinity) return;
    const idle = this.inFlight === 0;
    const t0 = performance.now();
    this.inFlight++;
    void this.device.queue.onSubmittedWorkDone().then(
      () => {
        this.inFlight--;
        if (!idle) return;
        const ms = (performance.now() - t0) / dispatches;
        this.msPerDispatch = this.msPerDispatch === 0 ? ms : 0.75 * this.msPerDispatch + 0.25 * ms;
      },
      () => undefined, // a lost device: `lost` reports it
    );
  }

  /** Read a buffer back (submits pending work). */
  async readBytes(src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    const staging = this.device.createBuffer({ size: Math.ceil(bytes / 4) * 4, usage: MAP_READ_COPY_DST });
    this.copy(src, staging, Math.ceil(bytes / 4) * 4);
    this.flush();
    await staging.mapAsync(0x1 /* GPUMapMode.READ */);
    this.throwPendingError();
    const out = staging.getMappedRange().slice(0, bytes);
    staging.unmap();
    staging.destroy();
    return out;
  }

  /** Resolves when all submitted work has finished. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.throwPendingError();
  }

  destroy(): void {
    this.flush();
    this.storage.destroy();
    this.uniforms.destroy();
    this.device.destroy();
  }
}
