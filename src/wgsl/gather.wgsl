// Batches built on the GPU from a dataset that lives there as packed bytes: no upload per step.
// Images are uint8, D bytes each, four to a u32 word (little-endian); channel = j % C (HWC).

@group(0) @binding(0) var<storage, read> bytes: array<u32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> norm: array<f32>;   // [scale_0..scale_{C-1}, shift_0..shift_{C-1}]
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
struct Params { batch: u32, dim: u32, channels: u32, offset: u32 }
@group(0) @binding(4) var<uniform> p: Params;

fn byte_at(i: u32) -> u32 {
  return (bytes[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
}

@compute @workgroup_size(256)
fn images(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= p.batch * p.dim) { return; }
  let b = i / p.dim;
  let j = i - b * p.dim;
  let c = j % p.channels;
  let v = f32(byte_at(order[p.offset + b] * p.dim + j));
  out[i] = v * norm[c] + norm[p.channels + c];
}
