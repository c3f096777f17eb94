// Inverted dropout; philox.wgsl is prepended. Element i is dropped when lane i % 4 of Philox block
// i / 4 of (seed, stream) gives a uniform below p (the Bernoulli(p) draw of src/gpu/rng.ts), so
// the backward pass regenerates the same mask from the same stream instead of storing it.

struct Params {
  n: u32,
  seed_lo: u32,
  seed_hi: u32,
  stream_lo: u32,
  stream_hi: u32,
  p: f32,
  // 1/(1 − p): kept elements are scaled so the expectation is unchanged.
  scale: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = gid.x + gid.y * nwg.x * {{WG}}u;
  if (block * 4u >= p.n) { return; }
  let bits = philox_block(vec2u(p.seed_lo, p.seed_hi), vec2u(p.stream_lo, p.stream_hi), block);
  for (var l = 0u; l < 4u; l++) {
    let i = block * 4u + l;
    if (i < p.n) { y[i] = select(0.0, x[i] * p.scale, philox_unit(bits[l]) >= p.p); }
  }
}
