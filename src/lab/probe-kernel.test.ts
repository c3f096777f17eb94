import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing.ts';
import { runAddOne } from './probe-kernel.ts';

describe("the worker's device probe", () => {
  it('runs its kernel end to end and checks the result', async () => {
    const ctx = await testContext();
    const { ms, passed } = await runAddOne(ctx);
    expect(passed).toBe(true);
    expect(ms).toBeGreaterThan(0);
  });
});
