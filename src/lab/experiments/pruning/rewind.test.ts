import { describe, expect, it } from 'vitest';
import { testContext } from '../../../gpu/testing.ts';
import { fsSource } from '../../datasets-node.ts';
import { datasetLoader } from '../../runner.ts';
import { runSpec, specFromLink } from '../../cli-run.ts';

describe('lottery-rewind experiment', () => {
  it('trains the dense net once for all rewind points and counts its optimizer steps to the end', async () => {
    const spec = specFromLink(
      '#/lottery-rewind?v=1&seed=2&dataset=mnist&trainSize=200&testSize=100&hidden=16&batch=50&epochs=2&optimizer=sgd&lr=0.1&rounds=1&rate=0.7&outputRate=0.5&scope=global&rewinds=0,25,50',
    );
    const r = await runSpec(
      spec,
      { gpu: testContext, dataset: datasetLoader(fsSource('public/datasets')) },
      () => {},
      0,
    );
    expect(r.error).toBeUndefined();
    const progress = r.events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    // 8 steps a training; the dense run once, then per rewind point k (0, 2, 4 steps) the ticket
    // (copy A) and copy B, each from k: 8 + 2 × (8 + 6 + 4) = 44 optimizer steps.
    expect(new Set(progress.map((e) => e.total))).toEqual(new Set([44]));
    const steps = progress.map((e) => e.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps[steps.length - 1]).toBe(44);
    expect(steps.length).toBeGreaterThan(7);
    const dense = r.events
      .filter((e) => e.type === 'metric' && /^acc\/k=/.test(e.name) && e.step === 0)
      .map((e) => e.type === 'metric' && e.value);
    expect(dense).toHaveLength(3);
    expect(new Set(dense).size).toBe(1);
    for (const k of [0, 25, 50])
      expect(r.events.some((e) => e.type === 'metric' && e.name === 'barrier' && e.step === k)).toBe(true);
  });

  it('passes the init scale to the MLP, and refuses it for the conv nets', async () => {
    const link =
      '#/lottery-rewind?v=1&seed=2&dataset=mnist&trainSize=200&testSize=100&hidden=16&batch=50&epochs=1&optimizer=sgd&lr=0.1&rounds=1&rewinds=0';
    const denseAcc = async (extra: string) => {
      const r = await runSpec(
        specFromLink(link + extra),
        { gpu: testContext, dataset: datasetLoader(fsSource('public/datasets')) },
        () => {},
        0,
      );
      expect(r.error).toBeUndefined();
      return r.events
        .filter((e) => e.type === 'metric' && e.name === 'acc/k=0%/s2' && e.step === 0)
        .map((e) => e.type === 'metric' && e.value);
    };
    const [plain, same, small] = [await denseAcc(''), await denseAcc('&initScale=1'), await denseAcc('&initScale=0.2')];
    expect(plain).toHaveLength(1);
    expect(same).toEqual(plain);
    expect(small).not.toEqual(plain);
    expect(() => specFromLink('#/lottery-rewind?v=1&model=conv2&dataset=cifar10&initScale=0.5')).toThrow(
      /init scale applies to the MLP only/,
    );
  });
});

describe('a pruning run that diverges', () => {
  it('ends with a diverged error naming the step, not with tickets pruned from NaN weights', async () => {
    const spec = specFromLink(
      '#/lottery-rewind?v=1&seed=1&dataset=mnist&trainSize=200&testSize=100&hidden=256,256,256&batch=50&epochs=3&optimizer=sgd&lr=2&rounds=1&rewinds=0',
    );
    const r = await runSpec(
      spec,
      { gpu: testContext, dataset: datasetLoader(fsSource('public/datasets')) },
      () => {},
      0,
    );
    expect(r.done).toBeUndefined();
    expect(r.error).toMatchObject({ kind: 'diverged' });
    expect(r.error?.message).toMatch(/^The dense run diverged at step \d+.*smaller learning rate/);
    expect(r.events.some((e) => e.type === 'metric' && e.name === 'barrier')).toBe(false);
  });
});
