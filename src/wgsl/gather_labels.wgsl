// Labels of a batch, gathered on the GPU from uint8 labels packed four to a u32 word.

@group(0) @binding(0) var<storage, read> bytes: array<u32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
struct Params { batch: u32, offset: u32 }
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  if (b >= p.batch) { return; }
  let i = order[p.offset + b];
  out[b] = (bytes[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
}
