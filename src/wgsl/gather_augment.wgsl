// Batch gather with the standard CIFAR augmentation (He et al. 2016): a random crop of the image
// zero-padded by `pad` pixels on each side, then a random horizontal flip. Padding is byte 0 (as
// torchvision pads before normalizing). Each batch row draws one Philox block of (seed, stream):
// lane 0 → row offset, lane 1 → column offset (each uniform in 0…2·pad), lane 2 → flip if ≥ ½.
// Prepended with philox.wgsl by src/gpu/kernels/augment.ts; augment.ref.ts mirrors it.

@group(0) @binding(0) var<storage, read> bytes: array<u32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> norm: array<f32>;   // [scale_0..scale_{C-1}, shift_0..shift_{C-1}]
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
struct Params { batch: u32, height: u32, width: u32, channels: u32, offset: u32, pad: u32, s0: u32, s1: u32, t0: u32, t1: u32 }
@group(0) @binding(4) var<uniform> p: Params;

fn byte_at(i: u32) -> u32 {
  return (bytes[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu;
}

@compute @workgroup_size(256)
fn images_augmented(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let dim = p.height * p.width * p.channels;
  if (i >= p.batch * dim) { return; }
  let b = i / dim;
  let j = i - b * dim;
  let c = j % p.channels;
  let pix = j / p.channels;
  let y = pix / p.width;
  let x = pix - y * p.width;
  let r = philox4x32_10(vec4u(b, 0u, p.t0, p.t1), vec2u(p.s0, p.s1));
  let span = f32(2u * p.pad + 1u);
  let oy = i32(floor(philox_unit(r.x) * span));
  let ox = i32(floor(philox_unit(r.y) * span));
  var xs = x;
  if (philox_unit(r.z) >= 0.5) { xs = p.width - 1u - x; }
  let sy = i32(y) + oy - i32(p.pad);
  let sx = i32(xs) + ox - i32(p.pad);
  var v = 0.0;
  if (sy >= 0 && sy < i32(p.height) && sx >= 0 && sx < i32(p.width)) {
    v = f32(byte_at(order[p.offset + b] * dim + (u32(sy) * p.width + u32(sx)) * p.channels + c));
  }
  out[i] = v * norm[c] + norm[p.channels + c];
}
