// The device's stand-in for vitest must fail where vitest fails, or a GPU run could pass by accident.
import { describe, expect, it } from 'vitest';
import * as shim from './vitest-shim.ts';

const fails = (f: () => unknown): void => expect(f).toThrow(/expected/);

describe('vitest shim', () => {
  it('each matcher passes where it holds, fails where it does not, and .not inverts it', () => {
    const e = shim.expect;
    e(1).toBe(1);
    fails(() => e(0).toBe(-0));
    e({ a: [1, { b: undefined }], c: new Float32Array([1, 2]) }).toEqual({ a: [1, {}], c: new Float32Array([1, 2]) });
    fails(() => e([1, 2, 3]).toEqual([1, 2, 4]));
    fails(() => e(new Float32Array([1])).toEqual(new Float64Array([1])));
    fails(() => e({ a: 1 }).toEqual({ a: 1, b: 2 }));
    e(NaN).toEqual(NaN);
    e(null).toBeNull();
    fails(() => e(0).toBeNull());
    e(1).toBeLessThan(2);
    fails(() => e(2).toBeLessThan(2));
    e(2).toBeLessThanOrEqual(2);
    fails(() => e(2.0001).toBeLessThanOrEqual(2));
    fails(() => e(NaN).toBeLessThanOrEqual(1));
    e(3).toBeGreaterThan(2);
    fails(() => e(2).toBeGreaterThanOrEqual(3));
    e(0.124).toBeCloseTo(0.12, 2);
    fails(() => e(0.13).toBeCloseTo(0.12, 2));
    e(() => {
      throw new Error('bad shape [2, 3]');
    }).toThrow(/shape \[2, 3\]/);
    fails(() => e(() => 1).toThrow());
    fails(() =>
      e(() => {
        throw new Error('x');
      }).toThrow('y'),
    );
    e(1).not.toBe(2);
    fails(() => e(1).not.toBe(1));
    expect(() => e(1, 'context').toBe(2)).toThrow(/^context: expected 1 to be 2/);
  });

  it('rejects and resolves settle the promise first', async () => {
    await shim.expect(Promise.reject(new Error('lost device'))).rejects.toThrow('lost device');
    await expect(shim.expect(Promise.resolve(1)).rejects.toThrow()).rejects.toThrow(/expected the promise to reject/);
    await shim.expect(Promise.resolve(3)).resolves.toBe(3);
  });

  it('runs collected tests with .each titles, reports failures and timeouts, and runs hooks in vitest order', async () => {
    const order: string[] = [];
    shim.describe('outer', () => {
      shim.beforeEach(() => void order.push('before'));
      shim.afterEach(() => void order.push('after'));
      shim.it('passes', () => void order.push('test'));
      shim.it('fails', () => shim.expect(1).toBe(2));
      shim.it('hangs', () => new Promise(() => {}), { timeout: 20 });
      shim.describe.each([2, 'x'])('inner %s', (v) => {
        shim.it.each([[1, 'a']])('case %i %s', (n) => shim.expect(n).toBe(1));
        shim.it('sees its value', () => shim.expect(v).not.toBeNull());
      });
    });
    const outcomes: shim.Outcome[] = [];
    await shim.runCollected(
      'file',
      (n) => n.startsWith('file > outer'),
      1000,
      (o) => outcomes.push(o),
    );
    expect(outcomes.map((o) => [o.name, o.pass])).toEqual([
      ['file > outer > passes', true],
      ['file > outer > fails', false],
      ['file > outer > hangs', false],
      ['file > outer > inner 2 > case 1 a', true],
      ['file > outer > inner 2 > sees its value', true],
      ['file > outer > inner x > case 1 a', true],
      ['file > outer > inner x > sees its value', true],
    ]);
    expect(outcomes[1].error).toContain('expected 1 to be 2');
    expect(outcomes[2].error).toContain('timed out after 20 ms');
    expect(order.slice(0, 3)).toEqual(['before', 'test', 'after']);
  });
});
