/**
 * Runs one experiment at a time and streams its events: tokens (so a late batch of an old run is
 * never mistaken for the current one), the pause / single-step / stop gate behind
 * RunContext.checkpoint(), event batching for the UI, dataset caching, and the mapping of every
 * failure to an error event. No worker or Comlink here, so all of it runs in Node tests.
 */
import type { GpuContext } from '../gpu/context.ts';
import type { RunState } from './api.ts';
import type { ExperimentDeclaration, ExperimentRun, RunContext, RunEvent } from './experiment.ts';
import { RunStopped, TrainingDiverged } from './experiment.ts';
import { loadDataset, type Dataset, type DatasetSource } from './datasets.ts';
import { normalizeSpec } from './spec-codec.ts';
import { nameMatcher } from './declare.ts';
import { WorkClock } from './progress.ts';

/** A dataset that is missing or corrupt; its message names the fix. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** Loads each dataset once; a failed load is forgotten so that a retry after the fix works. */
export function datasetLoader(source: DatasetSource): (name: string) => Promise<Dataset> {
  const cache = new Map<string, Promise<Dataset>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) {
      p = loadDataset(name, source).catch((err: unknown) => {
        cache.delete(name);
        throw new DatasetError(err instanceof Error ? err.message : String(err));
      });
      cache.set(name, p);
    }
    return p;
  };
}

/**
 * Pause, single-step and stop, as seen from inside a run: checkpoint() passes at once while
 * running, blocks while paused, lets one call through per step(), and throws RunStopped once
 * stopped. Time spent blocked is excluded from elapsed().
 */
export class RunGate {
  private paused = false;
  private stopped = false;
  private credits = 0;
  private wake: (() => void) | null = null;
  private readonly started: number;
  private blockedTotal = 0;
  private blockedSince: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.notify();
  }

  /** Lets exactly one more checkpoint through while paused; no effect while running. */
  step(): void {
    if (!this.paused) return;
    this.credits++;
    this.notify();
  }

  stop(): void {
    this.stopped = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async checkpoint(): Promise<void> {
    for (;;) {
      if (this.stopped) throw new RunStopped();
      if (!this.paused) return;
      if (this.credits > 0) {
        this.credits--;
        return;
      }
      this.blockedSince = this.now();
      try {
        await new Promise<void>((resolve) => (this.wake = resolve));
      } finally {
        this.blockedTotal += this.now() - this.blockedSince;
        this.blockedSince = null;
      }
    }
  }

  /** Seconds since the gate was made, minus the time checkpoint() spent blocked. */
  elapsed(): number {
    const t = this.now();
    const blocked = this.blockedTotal + (this.blockedSince === null ? 0 : t - this.blockedSince);
    return (t - this.started - blocked) / 1000;
  }
}

/**
 * Collects events and hands them on at most once per `intervalMs`, at once for done and error.
 * A progress event replaces one queued right before it (the UI shows one progress bar), but not
 * one that other events follow: the UI stamps each event with the latest progress before it.
 */
export class EventBatcher {
  private queue: RunEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = -Infinity;

  constructor(
    private readonly deliver: (events: RunEvent[]) => void,
    private readonly intervalMs = 150,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(ev: RunEvent): void {
    const last = this.queue.length - 1;
    if (ev.type === 'progress' && this.queue[last]?.type === 'progress') this.queue[last] = ev;
    else this.queue.push(ev);
    if (ev.type === 'done' || ev.type === 'error') this.flush();
    else this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.last + this.intervalMs - this.now()));
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.last = this.now();
    this.deliver(batch);
  }
}

/** The ArrayBuffers a batch can hand over without copying (each once; events must not share them with live data). */
export function transferables(events: RunEvent[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const ev of events) {
    if (ev.type !== 'snapshot') continue;
    const s = ev.snapshot;
    for (const a of [s.data, s.predicted, s.truth]) if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}

export interface RunnerDeps {
  /** What may run: the catalogue, or a test's own declarations. */
  experiments: readonly ExperimentDeclaration[];
  gpu(): Promise<GpuContext>;
  /** Forgets the current device after it was lost, so the next run acquires a fresh one. */
  resetGpu?(): void;
  dataset(name: string): Promise<Dataset>;
  flushMs?: number;
  now?: () => number;
}

/**
 * The types hold a runner to its declaration's names, but a name built at run time can slip past
 * them (a helper typed `string`): this says so for such an event, so that a view never waits on a
 * series nobody declared. Likewise for a progress event, which only the run's work clock makes.
 */
function undeclaredName(d: ExperimentDeclaration): (ev: RunEvent) => string | null {
  const metric = nameMatcher(d.metrics);
  const snapshot = nameMatcher(d.snapshots);
  return (ev) => {
    if (ev.type === 'progress') return `${d.id} yielded a progress event; progress is counted by ctx.work.`;
    if (ev.type === 'metric' && !metric(ev.name))
      return `${d.id} emitted the metric "${ev.name}", which its declaration does not list.`;
    if (ev.type === 'snapshot' && !snapshot(ev.snapshot.name))
      return `${d.id} emitted the snapshot "${ev.snapshot.name}", which its declaration does not list.`;
    return null;
  };
}

export type Listener = (token: number, events: RunEvent[]) => void;

interface ActiveRun {
  token: number;
  gate: RunGate;
  finished: Promise<void>;
}

const KEEP_STATES = 32;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Runner {
  private current: ActiveRun | null = null;
  private nextToken = 1;
  private readonly states = new Map<number, RunState>();

  constructor(private readonly deps: RunnerDeps) {}

  /** Stops the current run, starts `spec` once that one has let go of the GPU, and returns its token. */
  start(spec: unknown, listener: Listener): number {
    const token = this.nextToken++;
    const previous = this.current;
    previous?.gate.stop();
    const gate = new RunGate(this.deps.now);
    this.setState(token, 'running');
    const run: ActiveRun = { token, gate, finished: Promise.resolve() };
    run.finished = (previous?.finished ?? Promise.resolve()).then(() => this.execute(run, spec, listener));
    this.current = run;
    return token;
  }

  private active(token: number): ActiveRun | null {
    const run = this.current;
    return run &&
      run.token === token &&
      !run.gate.isStopped &&
      this.states.get(token) !== 'done' &&
      this.states.get(token) !== 'error'
      ? run
      : null;
  }

  pause(token: number): void {
    const run = this.active(token);
    if (!run) return;
    run.gate.pause();
    this.setState(token, 'paused');
  }

  resume(token: number): void {
    const run = this.active(token);
    if (!run) return;
    run.gate.resume();
    this.setState(token, 'running');
  }

  step(token: number): void {
    this.active(token)?.gate.step();
  }

  stop(token: number): void {
    const run = this.active(token);
    if (!run) return;
    run.gate.stop();
    this.setState(token, 'stopped');
  }

  state(token: number): RunState | 'unknown' {
    return this.states.get(token) ?? 'unknown';
  }

  /** Resolves when the latest run has ended (tests, and the worker before teardown). */
  async idle(): Promise<void> {
    await this.current?.finished;
  }

  private setState(token: number, state: RunState): void {
    this.states.delete(token);
    this.states.set(token, state);
    if (this.states.size > KEEP_STATES) this.states.delete(this.states.keys().next().value!);
  }

  private async execute(run: ActiveRun, input: unknown, listener: Listener): Promise<void> {
    const { token, gate } = run;
    const batcher = new EventBatcher((events) => listener(token, events), this.deps.flushMs, this.deps.now);
    let lastStep: number | undefined;
    const end = (state: RunState, ev?: RunEvent): void => {
      if (ev) batcher.push(ev);
      batcher.flush();
      this.setState(token, state);
    };
    const fail = (kind: NonNullable<Extract<RunEvent, { type: 'error' }>['kind']>, message: string): void =>
      end('error', { type: 'error', kind, message, ...(lastStep === undefined ? {} : { step: lastStep }) });

    if (gate.isStopped) return end('stopped');
    const { spec, notices } = normalizeSpec(input, this.deps.experiments);
    const declaration = this.deps.experiments.find((d) => d.id === spec.experiment);
    if (notices.length > 0 || !declaration)
      return fail('invalid', `This run's settings are invalid: ${notices.join(' ')}`);
    let experiment: ExperimentRun;
    try {
      experiment = await declaration.load();
    } catch (err) {
      return fail('internal', `The runner of ${declaration.id} could not be loaded: ${messageOf(err)}`);
    }
    if (experiment.id !== declaration.id)
      return fail('internal', `${declaration.id} loads the runner of ${experiment.id}.`);
    const undeclared = undeclaredName(declaration);

    let gpu: GpuContext;
    try {
      gpu = await this.deps.gpu();
    } catch (err) {
      return fail('internal', `WebGPU is not available: ${messageOf(err)}`);
    }
    const work = new WorkClock({
      checkpoint: () => gate.checkpoint(),
      elapsed: () => gate.elapsed(),
      report: (ev) => {
        lastStep = ev.step;
        batcher.push(ev);
      },
    });
    const ctx: RunContext = {
      gpu,
      dataset: (name) => this.deps.dataset(name),
      checkpoint: () => gate.checkpoint(),
      elapsed: () => gate.elapsed(),
      work,
    };
    const lost = gpu.lost.then((info) => ({ lost: info }));
    const events = experiment.run(ctx, spec);
    try {
      for (;;) {
        const next = await Promise.race([events.next(), lost]);
        if ('lost' in next) {
          this.deps.resetGpu?.();
          // The generator may never settle on a dead device: abandon it rather than await it.
          void events.return(undefined).catch(() => undefined);
          return fail(
            'device-lost',
            `The GPU device was lost (${next.lost.reason}: ${next.lost.message || 'no details'}). The results so far are kept; run again to continue on a fresh device.`,
          );
        }
        if (next.done) break;
        const ev = next.value;
        const stray = undeclared(ev);
        if (stray) {
          fail('internal', stray);
          await events.return(undefined);
          return;
        }
        // The event is stamped with the clock it was made at; a run that is done has done all it planned.
        if (ev.type === 'done') work.close();
        work.flush();
        if (ev.type === 'error' || ev.type === 'done') {
          end(ev.type, ev);
          await events.return(undefined); // runs the experiment's cleanup before the next run starts
          return;
        }
        batcher.push(ev);
      }
      if (!gate.isStopped) {
        work.close();
        work.flush();
      }
      end(gate.isStopped ? 'stopped' : 'done');
    } catch (err) {
      if (err instanceof RunStopped)
        end('stopped', { type: 'log', message: `Stopped${lastStep === undefined ? '' : ` at step ${lastStep}`}.` });
      else if (err instanceof DatasetError) fail('dataset', err.message);
      else if (err instanceof TrainingDiverged)
        end('error', { type: 'error', kind: 'diverged', step: err.step, message: err.message });
      else fail('internal', `The run failed: ${messageOf(err)}`);
    }
  }
}
