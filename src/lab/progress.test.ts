import { describe, expect, it } from 'vitest';
import { WorkClock, type ProgressEvent } from './progress.ts';

function clock() {
  let t = 0;
  const events: ProgressEvent[] = [];
  const work = new WorkClock({ checkpoint: async () => {}, elapsed: () => t, report: (ev) => events.push(ev) });
  return { work, events, at: (s: number) => (t = s), last: () => events[events.length - 1] };
}

describe('WorkClock', () => {
  it('keeps every count inside its span, so a miscounted span never shifts the next', () => {
    const { work, last, at } = clock();
    work.plan(30);
    work.span(10);
    at(1);
    work.advance(14); // e.g. evaluation points counted by a per-step hook
    expect(last().step).toBe(10);
    work.span(10);
    at(2);
    work.advance(3); // a training that stops early…
    work.span(10); // …leaves its span to the next one's start
    at(3);
    work.upTo(4);
    expect(last().step).toBe(24);
    work.upTo(2); // never backwards
    work.close();
    expect(last().step).toBe(30);
  });

  it('reports at most every 0.1 s while counting, and on flush only when the clock moved', async () => {
    const { work, events, at } = clock();
    work.plan(100, 'grid point');
    work.span(100, { label: 'the loss plane' });
    expect(events).toHaveLength(2);
    for (let i = 1; i <= 10; i++) {
      at(i * 0.01);
      await work.step();
    }
    expect(events).toHaveLength(3); // at 0.1 s
    work.flush();
    work.flush();
    expect(events).toHaveLength(3);
    at(0.15);
    work.advance();
    work.flush();
    expect(events.at(-1)).toMatchObject({
      step: 11,
      total: 100,
      unit: 'grid point',
      next: { label: 'the loss plane', step: 100 },
      etaSeconds: null,
      examplesPerSecond: null,
    });
  });

  it('gives the time left and examples/s once the rate is measured after warm-up', () => {
    const { work, last, at } = clock();
    work.plan(1000);
    work.span(1000, { examplesPerUnit: 64 });
    for (let t = 0; t <= 6; t += 0.5) {
      at(t);
      work.upTo(100 * t);
    }
    expect(last().step).toBe(600);
    expect(last().etaSeconds).toBeCloseTo(4);
    expect(last().examplesPerSecond).toBeCloseTo(6400);
  });
});
