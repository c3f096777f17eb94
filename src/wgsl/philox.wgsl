// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011) and the
// u32 → float conversions shared by every kernel that needs randomness. This file is a function
// library: wrappers prepend it to a kernel's source. src/gpu/rng.ts computes the identical stream
// on the CPU; change both together.
//
// Stream addressing (same in rng.ts): key = (seed low 32 bits, seed high 32 bits);
// counter = (block, 0, stream low 32 bits, stream high 32 bits), where element i of a draw is
// output lane i % 4 of block i / 4.

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// High 32 bits of a 32×32-bit product: WGSL has no u64, so combine 16-bit partial products.
fn philox_mulhi(a: u32, b: u32) -> u32 {
  let al = a & 0xFFFFu;
  let ah = a >> 16u;
  let bl = b & 0xFFFFu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xFFFFu) + (hl & 0xFFFFu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32_10(counter: vec4u, key: vec2u) -> vec4u {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2u(PHILOX_W0, PHILOX_W1); }
    let hi0 = philox_mulhi(PHILOX_M0, c.x);
    let lo0 = PHILOX_M0 * c.x;
    let hi1 = philox_mulhi(PHILOX_M1, c.z);
    let lo1 = PHILOX_M1 * c.z;
    c = vec4u(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}

// Uniform in [0, 1) from the top 24 bits: exact in f32 and never 1.0.
fn philox_unit(x: u32) -> f32 {
  return f32(x >> 8u) * (1.0 / 16777216.0);
}

// WGSL's log/sin/cos are only loosely specified (SwiftShader's log is off by ~2e-4 relative), so
// normals use these polynomials, built from + − × ÷ and bit casts that every device rounds alike;
// rng.ts evaluates the same steps in f32. The constants are the exact decimal values of f32s.

// ln(u) for a normal positive u: u = m·2^e with m ∈ [√½, √2), ln m = 2·atanh(s), s = (m−1)/(m+1).
fn philox_ln(u: f32) -> f32 {
  let bits = bitcast<u32>(u);
  var e = f32(i32(bits >> 23u) - 127);
  var m = bitcast<f32>((bits & 0x007FFFFFu) | 0x3F800000u);
  if (m > 1.41421353816986083984375) {
    m = m * 0.5;
    e = e + 1.0;
  }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let poly = 2.0 + s2 * (0.666666686534881591796875 + s2 * (0.4000000059604644775390625 +
    s2 * (0.2857142984867095947265625 + s2 * 0.22222222387790679931640625)));
  return e * 0.693147182464599609375 + s * poly;
}

// (cos πw, sin πw) for w ∈ [−1, 1]: exact reduction to f = w − q/2 ∈ [−¼, ¼], Taylor polynomials
// on x = πf ∈ [−π/4, π/4] (truncation < 1e-9), then the quadrant q's rotation.
fn philox_cossinpi(w: f32) -> vec2f {
  let q = floor(2.0 * w + 0.5);
  let x = 3.1415927410125732421875 * (w - 0.5 * q);
  let x2 = x * x;
  let s = x * (1.0 + x2 * (-0.16666667163372039794921875 + x2 * (0.008333333767950534820556640625 +
    x2 * (-0.000198412701138295233249664306640625 + x2 * 0.000002755731884462875314056873321533203125))));
  let c = 1.0 + x2 * (-0.5 + x2 * (0.0416666679084300994873046875 + x2 * (-0.001388888922519981861114501953125 +
    x2 * (0.000024801587642286904156208038330078125 + x2 * -0.0000002755731998149713035672903060913085937))));
  switch (i32(q) & 3) {
    case 1: { return vec2f(-s, c); }
    case 2: { return vec2f(-c, -s); }
    case 3: { return vec2f(s, -c); }
    default: { return vec2f(c, s); }
  }
}

// Box–Muller on the lane pairs (x, y) and (z, w): four independent standard normals. The radius
// uses (k + 1)·2⁻²⁴ ∈ (0, 1] so ln never sees 0; the angle is πw with w = k·2⁻²³ − 1 ∈ [−1, 1).
fn philox_normal4(bits: vec4u) -> vec4f {
  let r0 = sqrt(-2.0 * philox_ln(f32((bits.x >> 8u) + 1u) * (1.0 / 16777216.0)));
  let r1 = sqrt(-2.0 * philox_ln(f32((bits.z >> 8u) + 1u) * (1.0 / 16777216.0)));
  let a0 = philox_cossinpi(f32(bits.y >> 8u) * (1.0 / 8388608.0) - 1.0);
  let a1 = philox_cossinpi(f32(bits.w >> 8u) * (1.0 / 8388608.0) - 1.0);
  return vec4f(r0 * a0, r1 * a1);
}

fn philox_block(seed: vec2u, stream: vec2u, block: u32) -> vec4u {
  return philox4x32_10(vec4u(block, 0u, stream.x, stream.y), seed);
}
