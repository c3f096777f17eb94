// Images [B, H·W·C] (HWC) ↔ non-overlapping P×P patches [B, (H/P)·(W/P), P·P·C]: patches in
// row-major order over the patch grid, each flattened as (dy, dx, c). Both directions are
// a permutation, so each is the other's gradient (the scatter writes every element once).

struct Params { n: u32, H: u32, W: u32, C: u32, P: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

// Offset in the image of element k of patch n (both within one batch item).
fn image_offset(n: u32, k: u32) -> u32 {
  let gw = p.W / p.P;
  let y = (n / gw) * p.P + k / (p.P * p.C);
  let x = (n % gw) * p.P + (k / p.C) % p.P;
  return (y * p.W + x) * p.C + k % p.C;
}

// Thread i takes element i of the patches layout; in either direction it moves one value.
fn image_index(i: u32) -> u32 {
  let per = p.P * p.P * p.C;
  let img = p.H * p.W * p.C;
  return (i / img) * img + image_offset((i % img) / per, i % per);
}

@compute @workgroup_size({{WG}})
fn to_patches(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i < p.n) { dst[i] = src[image_index(i)]; }
}

@compute @workgroup_size({{WG}})
fn to_image(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i < p.n) { dst[image_index(i)] = src[i]; }
}
