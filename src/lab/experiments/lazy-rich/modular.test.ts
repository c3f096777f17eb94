import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../experiment.ts';
import { testContext } from '../../../gpu/testing.ts';
import { decayGrid, modularDelay, modularRun } from './modular.ts';

describe('modular grokking', () => {
  it('spaces weight decays on a log grid and measures the delay', () => {
    expect(decayGrid(1, 0.01, 3).map((v) => Number(v.toPrecision(6)))).toEqual([0.01, 0.1, 1]);
    expect(decayGrid(0.5, 0.01, 1)).toEqual([0.5]);
    const r = { weightDecay: 1, memorized: 20, generalized: 400, testAtMemorized: 0.05, finalTrain: 1, finalTest: 1 };
    expect(modularDelay(r, 600)).toBe(20);
    expect(modularDelay({ ...r, generalized: null }, 600)).toBeCloseTo(601 / 20);
    expect(modularDelay({ ...r, memorized: null }, 600)).toBeNaN();
  });

  it('lowers the training loss on a tiny modulus and logs accuracies in [0, 1]', async () => {
    const gpu = await testContext();
    const gen = modularRun(
      gpu,
      {
        modulus: 5,
        trainFraction: 0.6,
        width: 8,
        activation: 'quadratic',
        lr: 0.03,
        weightDecay: 1,
        initScale: 1,
        steps: 25,
        seed: 1,
      },
      async () => {},
    );
    const events: RunEvent[] = [];
    let r = await gen.next();
    while (!r.done) {
      events.push(r.value);
      r = await gen.next();
    }
    const acc = events.flatMap((e) => (e.type === 'metric' && e.name.endsWith('accuracy') ? [e.value] : []));
    expect(acc.every((a) => a >= 0 && a <= 1)).toBe(true);
    const loss = events.flatMap((e) => (e.type === 'metric' && e.name === 'train/loss' ? [e.value] : []));
    expect(loss[loss.length - 1]).toBeLessThan(0.5 * loss[0]);
    expect(r.value.finalTrain).toBeGreaterThan(0);
  }, 60_000);
});
