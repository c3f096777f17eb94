import { describe, expect, it } from 'vitest';
import type { RunEvent, Snapshot } from '../../experiment.ts';
import { WorkClock } from '../../progress.ts';
import { noGrad } from '../../../gpu/autograd.ts';
import { testContext } from '../../../gpu/testing.ts';
import {
  convexHull,
  decoderFeatures,
  MASKED,
  pointerBatch,
  pointerMask,
  pointsOf,
  scoreHull,
  slotFeatures,
  sortOrder,
  starPolygon,
  stepsOf,
  untilEnd,
} from './pointer-tasks.ts';
import { greedyDecode, PointerNet, pointerRun, scoreDecoded, type PointerRun } from './pointer.ts';

/** Hull by definition: edge i→j is on it when every other point is strictly left of it. */
function bruteHull(pts: [number, number][]): number[] {
  const left = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) > 0;
  const next = new Map<number, number>();
  for (let i = 0; i < pts.length; i++)
    for (let j = 0; j < pts.length; j++)
      if (i !== j && pts.every((p, k) => k === i || k === j || left(pts[i], pts[j], p))) next.set(i, j);
  let start = 0;
  for (let i = 1; i < pts.length; i++)
    if (pts[i][0] < pts[start][0] || (pts[i][0] === pts[start][0] && pts[i][1] < pts[start][1])) start = i;
  const out = [start];
  while (next.get(out.at(-1)!) !== start) out.push(next.get(out.at(-1)!)!);
  return out;
}

describe('pointer tasks', () => {
  it('monotone chain equals the brute-force hull, counter-clockwise from the leftmost point', () => {
    for (let s = 0; s < 40; s++) {
      const n = 3 + (s % 18);
      const b = pointerBatch('hull', 1, n, s, 7);
      const pts = pointsOf(b, 0);
      expect(convexHull(pts)).toEqual(bruteHull(pts));
      const steps = stepsOf('hull', n);
      expect(untilEnd(b.targets.subarray(0, steps))).toEqual(bruteHull(pts));
      expect(b.targets[steps - 1]).toBe(0);
    }
  });

  it('sort targets point at the inputs in ascending order', () => {
    const b = pointerBatch('sort', 3, 9, 1, 2);
    for (let e = 0; e < 3; e++) {
      const vals = Array.from(b.targets.subarray(e * 9, (e + 1) * 9), (slot) => b.points[e * 9 + slot - 1]);
      expect(vals).toEqual([...vals].sort((x, y) => x - y));
      expect(new Set(b.targets.subarray(e * 9, (e + 1) * 9)).size).toBe(9);
    }
    expect(sortOrder([0.5, 0.1, 0.5, 0.0])).toEqual([3, 1, 0, 2]);
  });

  it('slot, decoder and mask layouts', () => {
    const b = pointerBatch('sort', 2, 4, 3, 4);
    const slots = slotFeatures(b);
    expect(Array.from(slots.subarray(0, 4))).toEqual([0, 1, b.points[0], 0]);
    const dec = decoderFeatures(slots, b.targets, 2, 5, 2, 4);
    expect(Array.from(dec.subarray(0, 2))).toEqual([0, 1]);
    expect(dec[2]).toBe(b.points[b.targets[0] - 1]);
    const mask = pointerMask('sort', b.targets, 2, 5, 4);
    for (let t = 0; t < 4; t++) {
      const row = mask.subarray(t * 5, t * 5 + 5);
      expect(row[0]).toBe(MASKED);
      expect(Array.from(row).filter((v) => v === 0)).toHaveLength(4 - t);
      expect(row[b.targets[t]]).toBe(0);
    }
    // Hulls never mask the end slot, and a prefix of the mask equals the mask's first rows.
    const h = pointerBatch('hull', 1, 6, 3, 4);
    const full = pointerMask('hull', h.targets, 1, 7, 7);
    expect(Array.from({ length: 7 }, (_, t) => full[t * 7])).toEqual(new Array(7).fill(0));
    expect(pointerMask('hull', h.targets, 1, 7, 7, 3)).toEqual(full.subarray(0, 21));
  });

  it('hull scores: exact truth covers 1, a dropped vertex less, a crossing polygon 0', () => {
    const pts: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0.5, 0.5],
    ];
    expect(scoreHull(pts, [0, 1, 2, 3])).toEqual({ exact: true, coverage: 1 });
    expect(scoreHull(pts, [0, 1, 2])).toEqual({ exact: false, coverage: 0.5 });
    expect(scoreHull(pts, [0, 2, 1, 3]).coverage).toBe(0);
    expect(scoreHull(pts, [0, 1, 4, 3]).coverage).toBeCloseTo(0.5, 6);
    expect(scoreHull(pts, [0, 1]).coverage).toBe(0);
  });

  it('the star-polygon baseline is a simple polygon through every point, exact only when all are hull vertices', () => {
    const square: [number, number][] = [
      [1, 1],
      [0, 0],
      [0, 1],
      [1, 0],
    ];
    expect(scoreHull(square, starPolygon(square))).toEqual({ exact: true, coverage: 1 });
    for (let s = 0; s < 20; s++) {
      const pts = pointsOf(pointerBatch('hull', 1, 12, s, 3), 0);
      const star = starPolygon(pts);
      expect([...star].sort((a, b) => a - b)).toEqual(pts.map((_, i) => i));
      const score = scoreHull(pts, star);
      expect(score.coverage).toBeGreaterThan(0);
      expect(score.exact).toBe(convexHull(pts).length === pts.length);
    }
  });
});

describe('pointer network', () => {
  it('greedy decoding over prefixes agrees with one teacher-forced pass over its own choices', async () => {
    const gpu = await testContext();
    const net = new PointerNet(gpu, 3, 16, 2, 1, 5);
    try {
      const b = pointerBatch('hull', 3, 7, 9, 1);
      const d = await greedyDecode(gpu, net, b);
      const steps = stepsOf('hull', 7);
      const slots = slotFeatures(b);
      const logits = gpu.scope(() =>
        noGrad(gpu, () =>
          net
            .point(
              net.encode(gpu.tensor(slots, [3, 8, 3])),
              gpu.tensor(decoderFeatures(slots, d.pointed, 3, 8, 3, steps), [3, steps, 3]),
              gpu.tensor(pointerMask('hull', d.pointed, 3, 8, steps), [3, steps, 8]),
            )
            .keep(),
        ),
      );
      const all = (await logits.read()) as Float32Array;
      logits.dispose();
      for (let r = 0; r < 3 * steps; r++) {
        const row = Array.from(all.subarray(r * 8, r * 8 + 8));
        expect(row.indexOf(Math.max(...row))).toBe(d.pointed[r]);
      }
      for (let t = 0; t < steps; t++)
        expect(Array.from(d.probs.subarray(t * 8, t * 8 + 8)).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      const s = scoreDecoded(b, d.pointed);
      expect(s.exact).toBeGreaterThanOrEqual(0);
      expect(s.coverage).toBeLessThanOrEqual(1);
    } finally {
      net.dispose();
    }
  }, 60_000);

  it('a tiny run streams pointer snapshots per test length and scores them', async () => {
    const gpu = await testContext();
    const ctx = {
      gpu,
      dataset: () => Promise.reject(new Error('no dataset')),
      checkpoint: async () => {},
      elapsed: () => 1,
      work: new WorkClock(),
    };
    const r: PointerRun = {
      task: 'sort',
      minLength: 4,
      maxLength: 6,
      testLengths: [5, 8],
      layers: 1,
      features: 8,
      heads: 2,
      lr: 0.003,
      batch: 4,
      steps: 3,
      evalSize: 4,
      seed: 1,
    };
    const events: RunEvent[] = [];
    for await (const ev of pointerRun(ctx, r)) events.push(ev);
    const snaps = events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
    const last = (name: string): Snapshot => snaps.filter((s) => s.name === name).at(-1)!;
    // The runner transfers snapshot buffers to the UI: no two snapshots may share one.
    const buffers = snaps.flatMap((s) => [s.data, s.truth, s.predicted].flatMap((a) => (a ? [a.buffer] : [])));
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(last('pointer/probs/n8').shape).toEqual([8, 9]);
    expect(last('pointer/points/n8').predicted).toHaveLength(8);
    // Sorting never points at the end slot, and no slot twice.
    expect(new Set(last('pointer/points/n8').predicted).size).toBe(8);
    expect(last('pointer/points/n8').predicted).not.toContain(0);
    const exact = events.flatMap((e) => (e.type === 'metric' && e.name.startsWith('exact/') ? [e.value] : []));
    expect(exact).toHaveLength(2);
    expect(events.at(-1)!.type).toBe('done');
  }, 60_000);
});
