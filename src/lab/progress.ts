/**
 * A run's work clock: the runner plans its whole run up front from the spec (optimizer steps over
 * every round, arm, seed and sweep point; or, where the work is not training, grid points, layers,
 * examples…), then counts units as they are done. The Runner turns the clock into the progress
 * events the UI shows, and their `step` is the run clock the step scrubber replays by, so it
 * only moves forward and ends at the planned total.
 *
 * A run is a sequence of spans (a training, a round, a grid): opening the next span moves the
 * clock to the end of the one before, so a training that stops early, or a hook that counts an
 * evaluation as a step, never shifts what follows.
 */
import type { RunEvent } from './experiment.ts';
import { RateEstimator } from './eta.ts';

export type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

/** Reports between two progress events while work is counted (events a run yields always get a fresh one). */
const REPORT_EVERY_S = 0.1;

export interface WorkClockDeps {
  /** The run's pause/step/stop gate (RunContext.checkpoint). */
  checkpoint(): Promise<void>;
  /** Seconds of the run, paused time excluded. */
  elapsed(): number;
  report(ev: ProgressEvent): void;
}

/** A clock that reports nowhere: for code that runs an experiment outside the Runner (tests, checks). */
const DETACHED: WorkClockDeps = {
  checkpoint: async () => {},
  elapsed: () => performance.now() / 1000,
  report: () => {},
};

export interface SpanOptions {
  /** What the span's end brings, e.g. "round 1": views say that their data appears then. */
  label?: string;
  /** The span's own unit, where the run's is a mix (e.g. 'grid point' in a run of 'step + grid point'). */
  unit?: string;
  /** Training examples per unit, for the examples/s readout (0: the units are not training steps). */
  examplesPerUnit?: number;
}

export class WorkClock {
  private done = 0;
  private total = 0;
  private unit = 'step';
  /** The current span runs from `start` to `end`; the next one starts there. */
  private start = 0;
  private end = 0;
  private label: string | undefined;
  private spanUnit: string | undefined;
  private perUnit = 0;
  private examples = 0;
  private reportedDone = -1;
  private reportedAt = -Infinity;
  private readonly rate = new RateEstimator();

  constructor(private readonly deps: WorkClockDeps = DETACHED) {}

  /**
   * The whole run: `total` units of `unit` (singular, e.g. 'grid point'; several joined by ' + ').
   * Planned again, only where the work depends on results (e.g. how many candidates a search trains in full).
   */
  plan(total: number, unit = 'step'): void {
    this.total = total;
    this.unit = unit;
    this.report();
  }

  /** Opens the next `units` of the plan, after moving the clock to the end of the span before. */
  span(units: number, o: SpanOptions = {}): void {
    this.done = Math.max(this.done, Math.min(this.end, this.total));
    this.start = this.end;
    this.end += units;
    this.label = o.label;
    this.spanUnit = o.unit;
    this.perUnit = o.examplesPerUnit ?? 0;
    this.report();
  }

  /** Counts `units` more done in the current span (never past its end). */
  advance(units = 1): void {
    const next = Math.max(this.done, Math.min(this.done + units, this.end, this.total));
    this.examples += (next - this.done) * this.perUnit;
    this.done = next;
    if (this.deps.elapsed() - this.reportedAt >= REPORT_EVERY_S) this.report();
  }

  /** Counts the current span done up to its `units`-th unit: for helpers that report how far they got. */
  upTo(units: number): void {
    this.advance(this.start + units - this.done);
  }

  /**
   * The run's checkpoint, then `units` counted: a training loop's per-step hook (where the loop
   * passes no count, each call is one step). An arrow, so that it can be handed on as is.
   */
  readonly step = async (units = 1): Promise<void> => {
    await this.deps.checkpoint();
    this.advance(units);
  };

  /** Completes the current span (the end of the run). */
  close(): void {
    this.span(0);
  }

  /** Reports the clock if it moved since the last report; the Runner calls it before every event a run yields. */
  flush(): void {
    if (this.done !== this.reportedDone) this.report();
  }

  private report(): void {
    if (this.total <= 0) return;
    const t = this.deps.elapsed();
    this.rate.observe(t, this.done, this.total);
    const perSecond = this.rate.rate();
    this.reportedDone = this.done;
    this.reportedAt = t;
    this.deps.report({
      type: 'progress',
      step: this.done,
      total: this.total,
      ...(this.unit === 'step' ? {} : { unit: this.unit }),
      examplesPerSecond:
        perSecond !== null && this.examples > 0 ? (perSecond * this.examples) / Math.max(this.done, 1) : null,
      etaSeconds: perSecond === null ? null : (this.total - this.done) / perSecond,
      ...(this.label && this.end > this.done
        ? {
            next: {
              label: this.label,
              step: Math.min(this.end, this.total),
              ...(this.spanUnit ? { unit: this.spanUnit } : {}),
            },
          }
        : {}),
    });
  }
}
