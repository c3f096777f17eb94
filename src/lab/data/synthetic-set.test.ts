import { describe, expect, it } from 'vitest';
import { byClass, classBatch } from './synthetic-set.ts';

describe('class-ordered draws for distillation', () => {
  it('byClass orders a pool by label, keeping each class’s order', () => {
    const split = { images: new Uint8Array(0), labels: Uint8Array.from([2, 0, 1, 0, 2, 1]), count: 6 };
    expect([...byClass(split, [5, 4, 3, 2, 1, 0])]).toEqual([3, 1, 5, 2, 4, 0]);
  });

  it('classBatch draws `count` rows per class inside that class’s block, reproducibly per stream', () => {
    const [classes, perPool, count] = [7, 13, 5];
    const rows = classBatch(classes, perPool, count, { seed: 3, stream: 11 });
    expect(rows).toHaveLength(classes * count);
    rows.forEach((r, i) => {
      const k = Math.floor(i / count);
      expect(r).toBeGreaterThanOrEqual(k * perPool);
      expect(r).toBeLessThan((k + 1) * perPool);
    });
    expect([...classBatch(classes, perPool, count, { seed: 3, stream: 11 })]).toEqual([...rows]);
    expect([...classBatch(classes, perPool, count, { seed: 3, stream: 12 })]).not.toEqual([...rows]);
  });
});
