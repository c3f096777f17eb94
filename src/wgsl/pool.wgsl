// 2-D max and average pooling over NHWC tensors, one thread per output element (forward) or per
// input element (backward). Backward passes gather from the outputs whose windows cover the input
// element, in a fixed order, so no atomics are needed and results are deterministic.
//
// Max pooling stores the flat input index of each window's maximum (the first in row-major window
// order on ties); its backward routes each output gradient to exactly that element. Average
// pooling divides by the full window size, padding included (PyTorch's count_include_pad).

const WG: u32 = 256u;

struct Params {
  total: u32,
  H: u32,
  W: u32,
  C: u32,
  OH: u32,
  OW: u32,
  KH: u32,
  KW: u32,
  stride: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding({{BIND_arg}}) var<storage, read_write> arg: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Element i of an NHWC tensor with the given width and height as (c, x, y, batch).
fn nhwc(i: u32, w: u32, h: u32) -> vec4u {
  return vec4u(i % p.C, (i / p.C) % w, (i / (p.C * w)) % h, i / (p.C * w * h));
}

// Output positions o in [lo, hi) whose window covers input position i: o·s − pad ≤ i ≤ o·s − pad + k − 1.
fn covering(i: u32, k: u32, outSize: u32) -> vec2u {
  let s = i32(p.stride);
  let top = i32(i + p.pad);
  let lo = max(0, (top - i32(k) + s) / s);
  let hi = min(i32(outSize), top / s + 1);
  return vec2u(u32(lo), u32(max(lo, hi)));
}

// src = x [B, H, W, C] → dst = y [B, OH, OW, C], arg = flat index into x of each maximum.
@compute @workgroup_size(256)
fn max_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.total) { return; }
  let o = nhwc(i, p.OW, p.OH);
  let c = o.x;
  let ox = o.y;
  let oy = o.z;
  let b = o.w;
  var best = 0.0;
  var at = 0xffffffffu;
  for (var ky = 0u; ky < p.KH; ky++) {
    let iy = i32(oy * p.stride + ky) - i32(p.pad);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.KW; kx++) {
      let ix = i32(ox * p.stride + kx) - i32(p.pad);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      let j = ((b * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c;
      let v = src[j];
      if (at == 0xffffffffu || v > best) {
        best = v;
        at = j;
      }
    }
  }
  dst[i] = best;
  arg[i] = at;
}

// src = dy [B, OH, OW, C] → dst = dx [B, H, W, C].
@compute @workgroup_size(256)
fn max_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.total) { return; }
  let e = nhwc(i, p.W, p.H);
  let c = e.x;
  let b = e.w;
  let ys = covering(e.z, p.KH, p.OH);
  let xs = covering(e.y, p.KW, p.OW);
  var acc = 0.0;
  for (var oy = ys.x; oy < ys.y; oy++) {
    for (var ox = xs.x; ox < xs.y; ox++) {
      let o = ((b * p.OH + oy) * p.OW + ox) * p.C + c;
      acc += select(0.0, src[o], arg[o] == i);
    }
  }
  dst[i] = acc;
}

// src = x → dst = y: window sums divided by KH·KW.
@compute @workgroup_size(256)
fn avg_forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.total) { return; }
  let o = nhwc(i, p.OW, p.OH);
  let c = o.x;
  let ox = o.y;
  let oy = o.z;
  let b = o.w;
  var acc = 0.0;
  for (var ky = 0u; ky < p.KH; ky++) {
    let iy = i32(oy * p.stride + ky) - i32(p.pad);
    if (iy < 0 || iy >= i32(p.H)) { continue; }
    for (var kx = 0u; kx < p.KW; kx++) {
      let ix = i32(ox * p.stride + kx) - i32(p.pad);
      if (ix < 0 || ix >= i32(p.W)) { continue; }
      acc += src[((b * p.H + u32(iy)) * p.W + u32(ix)) * p.C + c];
    }
  }
  dst[i] = acc / f32(p.KH * p.KW);
}

// src = dy → dst = dx.
@compute @workgroup_size(256)
fn avg_backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.total) { return; }
  let e = nhwc(i, p.W, p.H);
  let c = e.x;
  let b = e.w;
  let ys = covering(e.z, p.KH, p.OH);
  let xs = covering(e.y, p.KW, p.OW);
  var acc = 0.0;
  for (var oy = ys.x; oy < ys.y; oy++) {
    for (var ox = xs.x; ox < xs.y; ox++) {
      acc += src[((b * p.OH + oy) * p.OW + ox) * p.C + c];
    }
  }
  dst[i] = acc / f32(p.KH * p.KW);
}
