/**
 * Size-class pool of GPU buffers. A buffer given back is parked until the command encoder that
 * may still use it has been submitted: queue.writeBuffer runs before the whole pending encoder,
 * so handing the buffer to a new tensor earlier would let its upload overwrite data an
 * already-encoded dispatch is about to read.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private parked: GPUBuffer[] = [];
  private readonly sizeOf = new Map<GPUBuffer, number>();
  /** Bytes held by live (not freed) buffers, and by all buffers the pool ever created. */
  liveBytes = 0;
  totalBytes = 0;
  liveCount = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly label: string,
  ) {}

  /** Size classes: powers of two up to 1 MiB, then multiples of 1/8 of the next power of two. */
  static sizeClass(bytes: number): number {
    const b = Math.max(256, Math.ceil(bytes / 16) * 16);
    const p = 2 ** Math.ceil(Math.log2(b));
    if (p <= 1 << 20) return p;
    const step = p / 8;
    return Math.ceil(b / step) * step;
  }

  acquire(bytes: number): GPUBuffer {
    const cls = BufferPool.sizeClass(bytes);
    const list = this.free.get(cls);
    let buf = list?.pop();
    if (!buf) {
      buf = this.device.createBuffer({ size: cls, usage: this.usage, label: `${this.label}:${cls}` });
      this.sizeOf.set(buf, cls);
      this.totalBytes += cls;
    }
    this.liveBytes += cls;
    this.liveCount++;
    return buf;
  }

  release(buf: GPUBuffer): void {
    this.liveBytes -= this.sizeOf.get(buf) ?? 0;
    this.liveCount--;
    this.parked.push(buf);
  }

  /** Called after each queue submit: parked buffers become reusable. */
  recycle(): void {
    for (const buf of this.parked) {
      const cls = this.sizeOf.get(buf)!;
      let list = this.free.get(cls);
      if (!list) this.free.set(cls, (list = []));
      list.push(buf);
    }
    this.parked = [];
  }

  destroy(): void {
    this.recycle();
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
  }
}
