import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../gpu/context.ts';
import { testContext } from '../gpu/testing.ts';
import type { ExperimentDeclaration, RunContext, RunEvent, RunSpec, Snapshot } from './experiment.ts';
import { CATALOGUE, defaultSpec } from './catalogue.ts';
import { fsSource } from './datasets-node.ts';
import { trainNetwork } from './experiments/train/train.experiment.ts';
import { datasetLoader, EventBatcher, RunGate, Runner, transferables, type RunnerDeps } from './runner.ts';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await tick(2);
  }
}

/** The train experiment's declaration with a runner of the test's own. */
function declared(run: (ctx: RunContext) => AsyncGenerator<RunEvent>): ExperimentDeclaration {
  return { ...trainNetwork, load: async () => ({ id: trainNetwork.id, run }) };
}

/** Counts steps through the work clock; `steps` 0 runs until stopped. */
function counter(steps = 0): ExperimentDeclaration & { done: number } {
  const exp = { ...declared(run), done: 0 };
  async function* run(ctx: RunContext): AsyncGenerator<RunEvent> {
    ctx.work.plan(steps || 1e9);
    ctx.work.span(steps || 1e9);
    for (let s = 0; steps === 0 || s < steps; s++) {
      await ctx.work.step();
      exp.done = s + 1;
      yield { type: 'metric', name: 'train/loss', step: s, value: 1 / (s + 1) };
      await tick();
    }
    yield { type: 'done', summary: { steps } };
  }
  return exp;
}

function fakeGpu(): { ctx: GpuContext; lose: () => void } {
  let lose!: () => void;
  const lost = new Promise<GPUDeviceLostInfo>(
    (resolve) => (lose = () => resolve({ reason: 'unknown', message: 'test' } as GPUDeviceLostInfo)),
  );
  return { ctx: { lost } as unknown as GpuContext, lose };
}

function setup(exp: ExperimentDeclaration, extra: Partial<RunnerDeps> = {}) {
  const gpu = fakeGpu();
  const runner = new Runner({
    experiments: [exp],
    gpu: async () => gpu.ctx,
    dataset: () => Promise.reject(new Error('no datasets here')),
    flushMs: 20,
    ...extra,
  });
  const batches: Array<{ token: number; events: RunEvent[] }> = [];
  const listener = (token: number, events: RunEvent[]): void => void batches.push({ token, events });
  const events = (token: number): RunEvent[] => batches.filter((b) => b.token === token).flatMap((b) => b.events);
  return { runner, listener, events, batches, gpu };
}

const spec = (): RunSpec => defaultSpec(trainNetwork);

describe('RunGate', () => {
  it('blocks while paused, lets one checkpoint through per step, throws after stop', async () => {
    const gate = new RunGate();
    await gate.checkpoint();
    gate.pause();
    let passed = 0;
    const loop = (async () => {
      for (;;) {
        await gate.checkpoint();
        passed++;
      }
    })();
    await tick(10);
    expect(passed).toBe(0);
    gate.step();
    await tick(10);
    expect(passed).toBe(1);
    gate.step();
    gate.step();
    await tick(10);
    expect(passed).toBe(3);
    gate.stop();
    await expect(loop).rejects.toThrow('run stopped');
  });

  it('excludes blocked time from elapsed()', async () => {
    let t = 0;
    const gate = new RunGate(() => t);
    t = 1000;
    gate.pause();
    const waiting = gate.checkpoint();
    t = 5000;
    expect(gate.elapsed()).toBe(1);
    gate.resume();
    await waiting;
    t = 6000;
    expect(gate.elapsed()).toBe(2);
  });
});

describe('EventBatcher', () => {
  it('batches events, keeps the latest of consecutive progress events, flushes done at once', async () => {
    const out: RunEvent[][] = [];
    const b = new EventBatcher((e) => out.push(e), 30);
    const progress = (step: number): RunEvent => ({
      type: 'progress',
      step,
      total: 500,
      examplesPerSecond: null,
      etaSeconds: null,
    });
    for (let s = 0; s < 500; s++) {
      b.push(progress(2 * s));
      b.push(progress(2 * s + 1));
      b.push({ type: 'metric', name: 'x', step: s, value: s });
    }
    expect(out).toHaveLength(0);
    await tick(5);
    expect(out).toHaveLength(1);
    // Each metric keeps the progress right before it, so the UI stamps it with the clock it was made at.
    expect(out[0]).toHaveLength(1000);
    expect(out[0].slice(0, 4)).toEqual([
      expect.objectContaining({ type: 'progress', step: 1 }),
      expect.objectContaining({ type: 'metric', step: 0 }),
      expect.objectContaining({ type: 'progress', step: 3 }),
      expect.objectContaining({ type: 'metric', step: 1 }),
    ]);
    b.push({ type: 'metric', name: 'x', step: 500, value: 0 });
    await tick(5);
    expect(out).toHaveLength(1); // throttled: the last flush was under 30 ms ago
    b.push({ type: 'done', summary: {} });
    expect(out).toHaveLength(2);
    expect(out[1].map((e) => e.type)).toEqual(['metric', 'done']);
  });

  it('lists each snapshot buffer once for transfer', () => {
    const data = new Float32Array(4);
    const snap: Snapshot = { kind: 'heatmap', name: 'a', step: 0, shape: [2, 2], data };
    expect(
      transferables([
        { type: 'snapshot', snapshot: snap },
        { type: 'snapshot', snapshot: { ...snap } },
        { type: 'log', message: '' },
      ]),
    ).toEqual([data.buffer]);
  });
});

describe('Runner', () => {
  it('runs to done and reports the state', async () => {
    const { runner, listener, events } = setup(counter(5));
    const token = runner.start(spec(), listener);
    await runner.idle();
    expect(runner.state(token)).toBe('done');
    const evs = events(token);
    expect(evs.filter((e) => e.type === 'metric')).toHaveLength(5);
    expect(evs.at(-1)).toEqual({ type: 'done', summary: { steps: 5 } });
  });

  it('reports the work clock before each event the run yields, ending at the planned total', async () => {
    const twoSpans = declared(async function* (ctx) {
      ctx.work.plan(10);
      ctx.work.span(4, { label: 'round 1' });
      await ctx.work.step(3);
      yield { type: 'metric', name: 'train/loss', step: 1, value: 1 };
      // A span left short (a training that stopped early) moves on to the next one's start.
      ctx.work.span(6, { label: 'round 2' });
      await ctx.work.step();
      yield { type: 'metric', name: 'train/loss', step: 2, value: 1 };
      yield { type: 'done', summary: {} };
    });
    const { runner, listener, events } = setup(twoSpans);
    const token = runner.start(spec(), listener);
    await runner.idle();
    const seen = events(token).map((e) =>
      e.type === 'progress' ? `p${e.step}/${e.total}${e.next ? ` ${e.next.label}@${e.next.step}` : ''}` : e.type,
    );
    expect(seen).toEqual(['p3/10 round 1@4', 'metric', 'p5/10 round 2@10', 'metric', 'p10/10', 'done']);
  });

  it('refuses a progress event yielded by a run: the work clock makes them', async () => {
    const yields = declared(async function* () {
      yield { type: 'progress', step: 1, total: 2, examplesPerSecond: null, etaSeconds: null };
    });
    const { runner, listener, events } = setup(yields);
    const token = runner.start(spec(), listener);
    await runner.idle();
    expect(events(token).at(-1)).toMatchObject({ kind: 'internal', message: expect.stringContaining('ctx.work') });
  });

  it('pauses, steps exactly once per step(), resumes and stops', async () => {
    const exp = counter();
    const { runner, listener, events } = setup(exp);
    const token = runner.start(spec(), listener);
    await until(() => exp.done >= 3);
    runner.pause(token);
    expect(runner.state(token)).toBe('paused');
    await tick(30);
    const frozen = exp.done;
    await tick(30);
    expect(exp.done).toBe(frozen);
    runner.step(token);
    await until(() => exp.done === frozen + 1);
    await tick(30);
    expect(exp.done).toBe(frozen + 1);
    runner.resume(token);
    await until(() => exp.done >= frozen + 5);
    runner.stop(token);
    await runner.idle();
    expect(runner.state(token)).toBe('stopped');
    expect(events(token).at(-1)).toEqual({ type: 'log', message: expect.stringMatching(/^Stopped at step \d+\.$/) });
  });

  it('stops the current run on start and ignores stale tokens', async () => {
    const exp = counter();
    const { runner, listener, events } = setup(exp);
    const first = runner.start(spec(), listener);
    await until(() => exp.done >= 2);
    const second = runner.start(spec(), listener);
    expect(second).not.toBe(first);
    await until(() => runner.state(first) === 'stopped' && runner.state(second) === 'running');
    runner.pause(first);
    runner.stop(first);
    expect(runner.state(second)).toBe('running');
    const before = events(second).length;
    await until(() => events(second).length > before);
    runner.stop(second);
    await runner.idle();
    expect(runner.state(second)).toBe('stopped');
    expect(runner.state(999)).toBe('unknown');
  });

  it('ends a run that emits a name its declaration does not list, and runs its cleanup', async () => {
    let cleaned = false;
    const stray = declared(async function* () {
      try {
        yield { type: 'metric', name: 'train/loss', step: 0, value: 1 };
        yield { type: 'metric', name: 'train/lsos', step: 1, value: 1 };
        yield { type: 'log', message: 'unreachable' };
      } finally {
        cleaned = true;
      }
    });
    const { runner, listener, events } = setup(stray);
    const token = runner.start(spec(), listener);
    await runner.idle();
    expect(events(token).map((e) => e.type)).toEqual(['metric', 'error']);
    expect(events(token).at(-1)).toMatchObject({ kind: 'internal', message: expect.stringContaining('train/lsos') });
    expect(cleaned).toBe(true);

    const misfiled: ExperimentDeclaration = {
      ...trainNetwork,
      load: async () => ({ ...(await stray.load()), id: 'other' }),
    };
    const w = setup(misfiled);
    const t = w.runner.start(spec(), w.listener);
    await w.runner.idle();
    expect(w.events(t).at(-1)).toMatchObject({ kind: 'internal', message: 'train loads the runner of other.' });
  });

  it('refuses invalid specs and maps dataset failures and device loss to error kinds', async () => {
    const { runner, listener, events } = setup(counter(3));
    const bad = runner.start({ ...spec(), params: { ...spec().params, batch: -1 } }, listener);
    await runner.idle();
    expect(events(bad).at(-1)).toMatchObject({
      type: 'error',
      kind: 'invalid',
      message: expect.stringContaining('Batch size'),
    });

    const dataset = datasetLoader(fsSource('/nonexistent'));
    const needsData = declared(async function* (ctx) {
      await ctx.dataset('mnist');
      yield { type: 'log', message: 'unreachable' };
    });
    const d = setup(needsData, { dataset });
    const t = d.runner.start(spec(), d.listener);
    await d.runner.idle();
    expect(d.events(t).at(-1)).toMatchObject({
      type: 'error',
      kind: 'dataset',
      message: expect.stringContaining('npm run datasets'),
    });

    let resets = 0;
    const exp = counter();
    const l = setup(exp, { resetGpu: () => resets++ });
    const lostToken = l.runner.start(spec(), l.listener);
    await until(() => exp.done >= 2);
    l.gpu.lose();
    await l.runner.idle();
    expect(l.runner.state(lostToken)).toBe('error');
    expect(l.events(lostToken).at(-1)).toMatchObject({
      type: 'error',
      kind: 'device-lost',
      message: expect.stringContaining('GPU device was lost'),
    });
    expect(resets).toBe(1);
  });
});

describe('Train a network through the runner', () => {
  const real = (s: RunSpec) => {
    const runner = new Runner({
      experiments: CATALOGUE,
      gpu: testContext,
      dataset: datasetLoader(fsSource('public/datasets')),
      flushMs: 100,
    });
    const batches: RunEvent[][] = [];
    const token = runner.start(s, (_t, evs) => void batches.push(evs));
    return { runner, token, batches };
  };

  it('streams metrics, norms, progress, snapshots and done on a tiny MNIST subset', async () => {
    const s = spec();
    Object.assign(s.params, { trainSize: 512, testSize: 256, batch: 64, epochs: 1 });
    const { runner, token, batches } = real(s);
    await runner.idle();
    const evs = batches.flat();
    expect(runner.state(token)).toBe('done');
    const series = new Set(evs.flatMap((e) => (e.type === 'metric' ? [e.name] : [])));
    for (const name of [
      'train/loss',
      'train/accuracy',
      'test/loss',
      'test/accuracy',
      'norm/fc1.weight',
      'grad/fc3.weight',
    ])
      expect(series).toContain(name);
    const progress = evs.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.map((e) => e.total)).toEqual(progress.map(() => 8));
    expect(progress[progress.length - 1].step).toBe(8);
    const snaps = evs.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    const tiles = snaps.filter((x) => x.name.startsWith('weights/'));
    expect(tiles.map((x) => x.step)).toEqual([0, 8]);
    // The learned change W − W₀ comes with every drawing of the weights after the first.
    const learned = snaps.filter((x) => x.name.startsWith('learned/'));
    expect(learned.map((x) => [x.kind, x.step])).toEqual([['image-grid', 8]]);
    expect(tiles[0].shape).toEqual([64, 28, 28, 1]);
    expect(Math.min(...tiles[1].data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...tiles[1].data)).toBeLessThanOrEqual(1);
    const conf = snaps.find((x) => x.kind === 'confusion')!;
    expect(conf.shape).toEqual([10, 10]);
    expect(Array.from(conf.data).reduce((a, b) => a + b, 0)).toBe(256);
    const gallery = snaps.find((x) => x.kind === 'gallery')!;
    const wrong = gallery.shape[0];
    expect(gallery.data).toBeInstanceOf(Uint8Array);
    expect(gallery.data.length).toBe(wrong * 784);
    expect([...gallery.truth!].every((t, i) => t !== gallery.predicted![i])).toBe(true);
    const testAcc = evs.find((e) => e.type === 'metric' && e.name === 'test/accuracy');
    // The gallery shows the first 32 mistakes; there are (1 − accuracy) · 256 in all.
    expect(wrong).toBe(Math.min(32, Math.round((1 - (testAcc as { value: number }).value) * 256)));
    expect(evs.at(-1)).toMatchObject({ type: 'done', summary: { steps: 8, testExamples: 256 } });
  });

  it('reports divergence with its step', async () => {
    const s = spec();
    Object.assign(s.params, { trainSize: 256, testSize: 64, batch: 64, epochs: 4, lr: 10, schedule: 'constant' });
    const { runner, token, batches } = real(s);
    await runner.idle();
    expect(runner.state(token)).toBe('error');
    expect(batches.flat().at(-1)).toMatchObject({
      type: 'error',
      kind: 'diverged',
      message: expect.stringMatching(/diverged at step \d+/),
    });
  });

  it('refuses LeNet-300-100 on CIFAR-10 with a clear message', async () => {
    const s = spec();
    s.params.dataset = 'cifar10';
    const { runner, batches } = real(s);
    await runner.idle();
    expect(batches.flat().at(-1)).toMatchObject({
      type: 'error',
      kind: 'invalid',
      message: expect.stringContaining('Choose the MLP model'),
    });
  });
});
