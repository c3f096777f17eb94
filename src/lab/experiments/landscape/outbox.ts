/**
 * Events produced by callbacks inside an awaited helper (a training loop's onMetric, say), yielded
 * live while it runs rather than after it returns.
 */
export class Outbox<E> {
  private events: E[] = [];
  private wake: (() => void) | null = null;
  push(e: E): void {
    this.events.push(e);
    this.wake?.();
  }
  /** Yields pushed events until `work` settles, then returns its value. */
  async *during<T>(work: Promise<T>): AsyncGenerator<E, T> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
      this.wake?.();
    });
    done.catch(() => undefined);
    for (;;) {
      while (this.events.length) yield this.events.shift()!;
      if (settled) return await done;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
