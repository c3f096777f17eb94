import { describe, expect, it } from 'vitest';
import { Program } from './program.ts';
import { testContext } from './testing.ts';
import type { GpuContext } from './context.ts';
import { adapterKind, registerVariant, selfTestVariants, variantActive, type VariantSpec } from './variants.ts';

// y = x + OFFSET: the "variant" under test adds the wrong constant, as a miscompiled fast path would.
const addOffset = new Program({
  name: 'test-variant-add',
  code: /* wgsl */ `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < arrayLength(&x)) { y[gid.x] = x[gid.x] + {{OFFSET}}; }
}`,
  workgroupSize: 64,
  bindings: { x: 'read', y: 'read_write' },
  defines: ['OFFSET'],
});

/** A self-test of y = x + 1 by a kernel that adds `offset`. */
const selfTest =
  (offset: string) =>
  async (ctx: GpuContext): Promise<string | null> => {
    const x = ctx.tensor([1, 2, 3, 4, 5]);
    const y = ctx.empty([5]);
    addOffset.run(ctx, { bindings: { x, y }, defines: { OFFSET: offset }, workgroups: [1] });
    const got = [...(await y.read())];
    x.dispose();
    y.dispose();
    const wrong = got.filter((v, i) => v !== i + 2).length;
    return wrong ? `${wrong} of 5 values differ from the reference` : null;
  };

describe('kernel variants by adapter kind', () => {
  it('turn off, on this device only, a variant whose self-test disagrees, and keep the others', async () => {
    const ctx = await testContext();
    const kind = adapterKind(ctx);
    const other = kind === 'gpu' ? 'software' : 'gpu';
    const good: VariantSpec = registerVariant({
      name: 'test-good',
      op: 'add',
      kinds: [kind],
      selfTest: selfTest('1.0'),
    });
    const bad = registerVariant({ name: 'test-bad', op: 'add', kinds: [kind], selfTest: selfTest('1.5') });
    const elsewhere = registerVariant({
      name: 'test-other-kind',
      op: 'add',
      kinds: [other],
      selfTest: selfTest('9.0'),
    });
    try {
      expect(variantActive(ctx, bad)).toBe(true);
      expect(variantActive(ctx, elsewhere)).toBe(false);
      const fallbacks = await selfTestVariants(ctx);
      expect(fallbacks.filter((f) => f.op === 'add')).toEqual([
        { op: 'add', variant: 'test-bad', reason: '5 of 5 values differ from the reference' },
      ]);
      expect(variantActive(ctx, bad)).toBe(false);
      expect(variantActive(ctx, good)).toBe(true);
    } finally {
      ctx.disabledVariants.delete('test-bad');
    }
  });

  it('refuse a second variant of the same name', () => {
    registerVariant({ name: 'test-once', op: 'add', kinds: ['gpu'], selfTest: async () => null });
    expect(() => registerVariant({ name: 'test-once', op: 'add', kinds: ['gpu'], selfTest: async () => null })).toThrow(
      /registered twice/,
    );
  });
});
