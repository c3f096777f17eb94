/**
 * The time a run has left, from its measured rate of work after warm-up. A run's first steps
 * include compiling its GPU pipelines (seconds on a software GPU), and a mean over the whole run
 * so far keeps that cost for minutes: the ETA of a 45 s run once read 5 min 30 s. So the rate is
 * measured only after warm-up, over a sliding window: half the time since warm-up ended (which
 * drops whatever was slow just after it), at least `minSeconds` (steps arrive in bursts: the CPU
 * queues a training's steps, then waits for the GPU at an evaluation) and at most `maxWindow`
 * seconds (so that a slower phase later in the run shows within that time).
 */

export interface EtaOptions {
  /** Warm-up ends at the first sample with work done and this many seconds elapsed… */
  warmupSeconds: number;
  /** …or this fraction of the total done, whichever comes first. */
  warmupFraction: number;
  /** Seconds of samples after warm-up before there is any estimate, and the shortest window. */
  minSeconds: number;
  /** Longest window the rate is measured over, in seconds. */
  maxWindow: number;
}

export const ETA_DEFAULTS: EtaOptions = { warmupSeconds: 2, warmupFraction: 0.05, minSeconds: 3, maxWindow: 20 };

interface Sample {
  t: number;
  done: number;
}

export class RateEstimator {
  /** From the last sample at or before the window's start on; empty until warm-up ends. */
  private samples: Sample[] = [];
  private warmEnd = NaN;

  constructor(private readonly o: EtaOptions = ETA_DEFAULTS) {}

  /** `done` units of `total` at `t` seconds of the run (paused time excluded); t and done never decrease. */
  observe(t: number, done: number, total: number): void {
    if (Number.isNaN(this.warmEnd)) {
      if (done <= 0 || (t < this.o.warmupSeconds && done < this.o.warmupFraction * total)) return;
      this.warmEnd = t;
    }
    const last = this.samples[this.samples.length - 1];
    if (last && last.t === t) last.done = done;
    else this.samples.push({ t, done });
    const from = this.windowStart(t);
    while (this.samples.length > 1 && this.samples[1].t <= from) this.samples.shift();
  }

  private windowStart(t: number): number {
    const half = (t - this.warmEnd) / 2;
    return Math.max(this.warmEnd, t - Math.min(this.o.maxWindow, Math.max(this.o.minSeconds, half)));
  }

  /** Units per second over the window; null during warm-up, the first `minSeconds` after it, or a stall. */
  rate(): number | null {
    const last = this.samples[this.samples.length - 1];
    if (!last || last.t - this.warmEnd < this.o.minSeconds) return null;
    const first = this.samples[0];
    const dt = last.t - first.t;
    const dn = last.done - first.done;
    return dt > 0 && dn > 0 ? dn / dt : null;
  }

  /** Seconds left at the measured rate for `total` units, `done` of them done; null while there is no rate. */
  eta(done: number, total: number): number | null {
    const r = this.rate();
    return r === null ? null : Math.max(0, total - done) / r;
  }
}
