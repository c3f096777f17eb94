/**
 * Philox4x32-10 on the CPU, producing exactly the stream of src/wgsl/philox.wgsl so that any
 * element of a GPU draw can be reproduced (and tested) here.
 *
 * Stream addressing, identical in WGSL:
 *   key     = (seed mod 2³², floor(seed / 2³²))            — seed: integer in [0, 2⁵³)
 *   counter = (block, 0, stream mod 2³², floor(stream / 2³²)) — stream: integer in [0, 2⁵³)
 *   element i of a draw is output lane i % 4 of block i / 4.
 * Conversions: uniform = (u >> 8)·2⁻²⁴ ∈ [0, 1) (24 bits, exact in f32, never 1);
 * Bernoulli(p) = uniform < p; normals come four per block by Box–Muller on the lane pairs
 * (0, 1) and (2, 3): lane 0 → r₀cos θ₀, 1 → r₀sin θ₀, 2 → r₁cos θ₁, 3 → r₁sin θ₁ with
 * r = sqrt(−2 ln((u₀>>8 + 1)·2⁻²⁴)) and θ = π·((u₁>>8)·2⁻²³ − 1), with ln/cos/sin evaluated by the
 * same f32 polynomials as the WGSL (see philox.wgsl), so GPU and CPU agree to a few ulp.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of a 32×32-bit product, by 16-bit halves (as the WGSL must do). */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block: four u32 outputs for a 4-word counter and 2-word key. */
export function philox4x32(
  counter: ArrayLike<number>,
  key: ArrayLike<number>,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let c0 = counter[0] >>> 0;
  let c1 = counter[1] >>> 0;
  let c2 = counter[2] >>> 0;
  let c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** A non-negative integer below 2⁵³ as [low, high] 32-bit words. */
export function split64(x: number, what = 'seed'): [number, number] {
  if (!Number.isSafeInteger(x) || x < 0) throw new Error(`${what} must be a non-negative integer below 2^53, got ${x}`);
  return [x >>> 0, Math.floor(x / 2 ** 32) >>> 0];
}

/** Where a draw comes from: the seed picks the key, the stream one of 2⁵³ independent sequences. */
export interface StreamId {
  seed: number;
  stream?: number;
}

/** The four u32 outputs of block `block` of a stream. */
export function philoxBlock(id: StreamId, block: number, out?: Uint32Array): Uint32Array {
  const [s0, s1] = split64(id.stream ?? 0, 'stream');
  return philox4x32([block, 0, s0, s1], split64(id.seed), out);
}

/** u32 → uniform float in [0, 1): the top 24 bits, exact in f32. */
export function unitFloat(u: number): number {
  return (u >>> 8) * 2 ** -24;
}

const f = Math.fround;
const view = new DataView(new ArrayBuffer(4));

/** philox_ln of philox.wgsl, step by step in f32. */
function ln(u: number): number {
  view.setFloat32(0, u);
  const bits = view.getUint32(0);
  let e = (bits >>> 23) - 127;
  view.setUint32(0, (bits & 0x007fffff) | 0x3f800000);
  let m = view.getFloat32(0);
  if (m > 1.41421353816986083984375) {
    m *= 0.5;
    e += 1;
  }
  const s = f(f(m - 1) / f(m + 1));
  const s2 = f(s * s);
  let poly = 0.22222222387790679931640625;
  poly = f(0.2857142984867095947265625 + f(s2 * poly));
  poly = f(0.4000000059604644775390625 + f(s2 * poly));
  poly = f(0.666666686534881591796875 + f(s2 * poly));
  poly = f(2 + f(s2 * poly));
  return f(f(e * 0.693147182464599609375) + f(s * poly));
}

/** philox_cossinpi of philox.wgsl: [cos πw, sin πw]. */
function cosSinPi(w: number): [number, number] {
  const q = Math.floor(2 * w + 0.5);
  const x = f(3.1415927410125732421875 * (w - 0.5 * q));
  const x2 = f(x * x);
  let sp = f(-0.000198412701138295233249664306640625 + f(x2 * 0.000002755731884462875314056873321533203125));
  sp = f(0.008333333767950534820556640625 + f(x2 * sp));
  sp = f(-0.16666667163372039794921875 + f(x2 * sp));
  const s = f(x * f(1 + f(x2 * sp)));
  let cp = f(0.000024801587642286904156208038330078125 + f(x2 * -0.0000002755731998149713035672903060913085937));
  cp = f(-0.001388888922519981861114501953125 + f(x2 * cp));
  cp = f(0.0416666679084300994873046875 + f(x2 * cp));
  cp = f(-0.5 + f(x2 * cp));
  const c = f(1 + f(x2 * cp));
  switch (q & 3) {
    case 1:
      return [-s, c];
    case 2:
      return [-c, -s];
    case 3:
      return [s, -c];
    default:
      return [c, s];
  }
}

/** Four standard normals from one block's outputs, as philox_normal4 in WGSL. */
export function normal4(bits: ArrayLike<number>, out: Float32Array = new Float32Array(4)): Float32Array {
  for (let pair = 0; pair < 2; pair++) {
    const r = f(Math.sqrt(f(-2 * ln(((bits[2 * pair] >>> 8) + 1) * 2 ** -24))));
    const [c, s] = cosSinPi((bits[2 * pair + 1] >>> 8) * 2 ** -23 - 1);
    out[2 * pair] = r * c;
    out[2 * pair + 1] = r * s;
  }
  return out;
}

/** Run `each(block, bits)` over the blocks covering n elements. */
function forBlocks(n: number, id: StreamId, each: (base: number, bits: Uint32Array) => void): void {
  const bits = new Uint32Array(4);
  for (let b = 0; b * 4 < n; b++) each(b * 4, philoxBlock(id, b, bits));
}

/** Raw u32 draws: element i is lane i % 4 of block i / 4. */
export function bitsArray(n: number, id: StreamId): Uint32Array {
  const out = new Uint32Array(n);
  forBlocks(n, id, (base, bits) => {
    for (let l = 0; l < 4 && base + l < n; l++) out[base + l] = bits[l];
  });
  return out;
}

/** lo + (hi − lo)·U[0, 1), in f32 (the GPU may fuse the multiply-add: ≤ 1 ulp apart). */
export function uniformArray(n: number, opts: StreamId & { lo?: number; hi?: number }): Float32Array {
  const lo = Math.fround(opts.lo ?? 0);
  const scale = Math.fround(Math.fround(opts.hi ?? 1) - lo);
  const out = new Float32Array(n);
  const bits = bitsArray(n, opts);
  for (let i = 0; i < n; i++) out[i] = lo + Math.fround(scale * unitFloat(bits[i]));
  return out;
}

export function normalArray(n: number, opts: StreamId & { mean?: number; std?: number }): Float32Array {
  const mean = Math.fround(opts.mean ?? 0);
  const std = Math.fround(opts.std ?? 1);
  const out = new Float32Array(n);
  const z = new Float32Array(4);
  forBlocks(n, opts, (base, bits) => {
    normal4(bits, z);
    for (let l = 0; l < 4 && base + l < n; l++) out[base + l] = mean + Math.fround(std * z[l]);
  });
  return out;
}

/** 1 with probability p, else 0 (as f32): uniform < p. */
export function bernoulliArray(n: number, opts: StreamId & { p: number }): Float32Array {
  const p = Math.fround(opts.p);
  const bits = bitsArray(n, opts);
  return Float32Array.from(bits, (u) => (unitFloat(u) < p ? 1 : 0));
}
