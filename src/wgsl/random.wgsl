// Random fills; philox.wgsl is prepended. One thread per Philox block writes its (up to) four
// elements, so element i is lane i % 4 of block i / 4 exactly as in src/gpu/rng.ts.

struct Params {
  n: u32,
  seed_lo: u32,
  seed_hi: u32,
  stream_lo: u32,
  stream_hi: u32,
  // uniform: lo, hi − lo; normal: mean, std; bernoulli: p, unused.
  a: f32,
  b: f32,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;

fn block_bits(block: u32) -> vec4u {
  return philox_block(vec2u(p.seed_lo, p.seed_hi), vec2u(p.stream_lo, p.stream_hi), block);
}

fn store4(block: u32, v: vec4f) {
  let base = block * 4u;
  for (var l = 0u; l < 4u; l++) {
    if (base + l < p.n) { out[base + l] = v[l]; }
  }
}

fn block_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

@compute @workgroup_size({{WG}})
fn fill_uniform(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = block_index(gid, nwg);
  if (block * 4u >= p.n) { return; }
  let bits = block_bits(block);
  let u = vec4f(f32(bits.x >> 8u), f32(bits.y >> 8u), f32(bits.z >> 8u), f32(bits.w >> 8u)) * (1.0 / 16777216.0);
  store4(block, p.a + p.b * u);
}

@compute @workgroup_size({{WG}})
fn fill_normal(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = block_index(gid, nwg);
  if (block * 4u >= p.n) { return; }
  store4(block, p.a + p.b * philox_normal4(block_bits(block)));
}

@compute @workgroup_size({{WG}})
fn fill_bernoulli(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = block_index(gid, nwg);
  if (block * 4u >= p.n) { return; }
  let bits = block_bits(block);
  var v: vec4f;
  for (var l = 0u; l < 4u; l++) { v[l] = select(0.0, 1.0, philox_unit(bits[l]) < p.a); }
  store4(block, v);
}
