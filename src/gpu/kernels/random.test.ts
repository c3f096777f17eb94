import { describe, it, expect } from 'vitest';
import { testContext, maxRelErr } from '../testing.ts';
import { bernoulliArray, bitsArray, normal4, normalArray, philox4x32, uniformArray } from '../rng.ts';
import { fillNormal, randomBernoulli, randomNormal, randomUniform } from './random.ts';
import philox from '../../wgsl/philox.wgsl?raw';
import { Program } from '../program.ts';

// Known-answer vectors from the Random123 distribution (kat_vectors, philox4x32_10).
const KAT: Array<{ ctr: number[]; key: number[]; out: number[] }> = [
  { ctr: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    ctr: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    ctr: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

const katProgram = new Program({
  name: 'test-philox-kat',
  workgroupSize: 1,
  bindings: { input: 'read', output: 'read_write' },
  code: `${philox}
@group(0) @binding(0) var<storage, read> input: array<vec4u>;
@group(0) @binding(1) var<storage, read_write> output: array<vec4u>;
@compute @workgroup_size(1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  output[i] = philox4x32_10(input[2u * i], input[2u * i + 1u].xy);
}`,
});

function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (const v of Array.from(x)) s += v;
  const mean = s / x.length;
  let q = 0;
  for (const v of Array.from(x)) q += (v - mean) ** 2;
  return { mean, variance: q / x.length };
}

const SIZES = [1, 2, 3, 4, 5, 17, 65, 130, 257, 1000, 4099];

describe('Philox4x32-10', () => {
  it('matches the published known-answer vectors on the CPU', () => {
    for (const { ctr, key, out } of KAT) expect([...philox4x32(ctr, key)]).toEqual(out);
  });

  it('matches the published known-answer vectors in WGSL', async () => {
    const ctx = await testContext();
    const input = ctx.tensor(
      KAT.flatMap(({ ctr, key }) => [...ctr, ...key, 0, 0]),
      [KAT.length * 8],
      'u32',
    );
    const output = ctx.empty([KAT.length * 4], 'u32');
    katProgram.run(ctx, { bindings: { input, output }, workgroups: [KAT.length] });
    expect([...(await output.read())]).toEqual(KAT.flatMap((k) => k.out));
    input.dispose();
    output.dispose();
  });

  it('makes normals that match double-precision Box–Muller', () => {
    const bits = bitsArray(40_000, { seed: 3 });
    let worst = 0;
    for (let b = 0; b < bits.length; b += 4) {
      const z = normal4(bits.subarray(b, b + 4));
      for (const pair of [0, 1]) {
        const r = Math.sqrt(-2 * Math.log(((bits[b + 2 * pair] >>> 8) + 1) * 2 ** -24));
        const theta = Math.PI * ((bits[b + 2 * pair + 1] >>> 8) * 2 ** -23 - 1);
        worst = Math.max(
          worst,
          maxRelErr(z.subarray(2 * pair, 2 * pair + 2), [r * Math.cos(theta), r * Math.sin(theta)], 1e-6, 1e-6),
        );
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('gives distinct, reproducible streams per seed and stream id', () => {
    const a = bitsArray(64, { seed: 1, stream: 0 });
    expect([...bitsArray(64, { seed: 1, stream: 0 })]).toEqual([...a]);
    expect([...bitsArray(64, { seed: 2, stream: 0 })]).not.toEqual([...a]);
    expect([...bitsArray(64, { seed: 1, stream: 1 })]).not.toEqual([...a]);
    expect([...bitsArray(64, { seed: 2 ** 32 + 1, stream: 0 })]).not.toEqual([...a]);
    expect([...bitsArray(64, { seed: 1, stream: 2 ** 32 })]).not.toEqual([...a]);
    // A prefix of a longer draw is the shorter draw: element i never depends on the length.
    expect([...bitsArray(7, { seed: 1 })]).toEqual([...a.slice(0, 7)]);
  });
});

describe('random kernels', () => {
  it('uniform equals the CPU stream bit for bit', async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const id = { seed: 1234 + k, stream: k * 7 };
      const t = randomUniform(ctx, [n], id);
      const got = await t.read();
      t.dispose();
      const want = uniformArray(n, id);
      expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
      expect(got.every((v) => v >= 0 && v < 1)).toBe(true);
    }
  });

  // lo + (hi − lo)·u in f32 is exact to about an ulp of the range's larger end, not of the value
  // (values near 0 lose their relative precision to the cancellation); an H100, which fuses the
  // multiply-add, measured 2.2× a purely relative bound there, so the bound is in that ulp.
  it('uniform on [lo, hi) is within two ulp of its range of the CPU stream', async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const id = { seed: 99, stream: k, lo: -0.3 * (k + 1), hi: 0.7 + k };
      const t = randomUniform(ctx, [n, 1], id);
      const got = await t.read();
      t.dispose();
      expect(maxRelErr(got, uniformArray(n, id), 2 * 2 ** -23 * Math.max(-id.lo, id.hi), 2.5e-7)).toBeLessThanOrEqual(
        1,
      );
      expect(got.every((v) => v >= id.lo && v < id.hi)).toBe(true);
    }
  });

  it('normal equals the CPU stream to 1e-6 (transcendentals may differ in the last bits)', async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const id = { seed: 5, stream: 100 + k, mean: k % 3, std: 1 + k / 4 };
      const t = randomNormal(ctx, [n], id);
      const got = await t.read();
      t.dispose();
      expect(maxRelErr(got, normalArray(n, id), 1e-6 * id.std, 1e-6)).toBeLessThanOrEqual(1);
    }
  });

  it('bernoulli equals the CPU stream exactly', async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const id = { seed: 42, stream: k, p: [0, 0.1, 0.5, 0.9, 1][k % 5] };
      const t = randomBernoulli(ctx, [n], id);
      const got = await t.read();
      t.dispose();
      expect([...got]).toEqual([...bernoulliArray(n, id)]);
    }
  });

  it('has the right moments on 1e5 samples', async () => {
    const ctx = await testContext();
    const n = 100_000;
    // Standard errors: mean ≈ σ/√n, variance ≈ σ²·√(2/n) (normal) — 5σ bounds.
    const u = randomUniform(ctx, [n], { seed: 7, stream: 1, lo: -2, hi: 4 });
    const z = randomNormal(ctx, [n], { seed: 7, stream: 2, mean: 3, std: 2 });
    const b = randomBernoulli(ctx, [n], { seed: 7, stream: 3, p: 0.3 });
    const mu = moments(await u.read());
    const mz = moments(await z.read());
    const mb = moments(await b.read());
    [u, z, b].forEach((t) => t.dispose());
    expect(Math.abs(mu.mean - 1)).toBeLessThan(5 * Math.sqrt(3 / n));
    expect(Math.abs(mu.variance - 3)).toBeLessThan(0.05);
    expect(Math.abs(mz.mean - 3)).toBeLessThan(5 * (2 / Math.sqrt(n)));
    expect(Math.abs(mz.variance - 4)).toBeLessThan(5 * 4 * Math.sqrt(2 / n));
    expect(Math.abs(mb.mean - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / n));
  });

  it('uses the same stream on every call and a different one per seed', async () => {
    const ctx = await testContext();
    const a = randomNormal(ctx, [33], { seed: 1, stream: 0 });
    const b = randomNormal(ctx, [33], { seed: 1, stream: 0 });
    const c = randomNormal(ctx, [33], { seed: 2, stream: 0 });
    const [va, vb, vc] = [await a.read(), await b.read(), await c.read()];
    expect([...vb]).toEqual([...va]);
    expect([...vc]).not.toEqual([...va]);
    [a, b, c].forEach((t) => t.dispose());
  });

  it('fillNormal overwrites a pooled tensor with exactly the draw randomNormal makes, in place', async () => {
    const ctx = await testContext();
    for (const [k, n] of SIZES.entries()) {
      const id = { seed: 9, stream: 300 + k, std: 0.5 + k / 8 };
      const fresh = randomNormal(ctx, [n], id);
      const pooled = ctx.tensor(new Float32Array(n).fill(7));
      const buffer = pooled.buffer;
      expect(fillNormal(pooled, id)).toBe(pooled);
      expect(pooled.buffer).toBe(buffer);
      expect([...(await pooled.read())]).toEqual([...(await fresh.read())]);
      [fresh, pooled].forEach((t) => t.dispose());
    }
  });
});
