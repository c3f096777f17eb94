// Convolution as an implicit GEMM over NHWC activations: C[m][n] = act(Σ_k A[m][k]·W[k][n] + bias),
// where row m is an output pixel (b, y, x), k runs over taps (ky, kx) and then the source's
// channels, and A is read straight from the source tensor (no im2col buffer). One kernel serves
// the forward pass (source = input, W = weight as [kh, kw, inC, outC]) and the input gradient
// (DGRAD: source = output gradient, W = weight as [kh, kw, outC, inC]; the transposed convolution
// gathers, for each input pixel, the output pixels whose windows cover it).
//
// W arrives repacked by conv2d_repack.wgsl with the mask already multiplied in and its rows padded
// to NP (a multiple of 4), so every weight load is an aligned vec4.
//
// This file holds the parameters, bindings, gather and epilogue; conv2d.ts appends one of the
// entries: conv2d_gemm_registers.wgsl (CPU adapters) or conv2d_tiles.wgsl (GPUs).

const DGRAD: bool = {{DGRAD}};

struct Params {
  M: u32,
  N: u32,
  // N rounded up to 4: the row length of W.
  NP: u32,
  // Channels of the source, gathered per tap.
  C: u32,
  // Spatial grid of the rows (the pixels computed) and of the source.
  RH: u32,
  RW: u32,
  SH: u32,
  SW: u32,
  KH: u32,
  KW: u32,
  stride: u32,
  pad: u32,
  // Column blocks (of TN) per row block.
  nBlocks: u32,
}

@group(0) @binding(0) var<storage, read> a: array<{{A_ELEM}}>;
@group(0) @binding(1) var<storage, read> w: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
// Optional: the bias and the pre-activation output Z.
@group(0) @binding({{BIND_bias}}) var<storage, read> bias: array<f32>;
@group(0) @binding({{BIND_zout}}) var<storage, read_write> zout: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn a4(i: u32) -> vec4f { return {{A4}}; }
fn a1(i: u32) -> f32 { return {{A1}}; }

// Element offset of the source channel vector that pixel (b, y, x) reads at tap (ky, kx), or -1
// where it reads padding (or, for the input gradient, falls between strides or past the end).
// Branch-free: SwiftShader compiles (and runs) divergent branches far more slowly than selects.
fn tap_offset(b: u32, y: u32, x: u32, ky: u32, kx: u32) -> i32 {
  let s = i32(p.stride);
  var sy: i32;
  var sx: i32;
  var ok: bool;
  if (DGRAD) {
    let ty = i32(y + p.pad) - i32(ky);
    let tx = i32(x + p.pad) - i32(kx);
    sy = ty / s;
    sx = tx / s;
    ok = (ty >= 0) & (tx >= 0) & (sy * s == ty) & (sx * s == tx);
  } else {
    sy = i32(y * p.stride + ky) - i32(p.pad);
    sx = i32(x * p.stride + kx) - i32(p.pad);
    ok = (sy >= 0) & (sx >= 0);
  }
  ok = ok & (sy < i32(p.SH)) & (sx < i32(p.SW));
  return select(-1, ((i32(b * p.SH) + sy) * i32(p.SW) + sx) * i32(p.C), ok);
}

fn epilogue(m: u32, n: u32, acc: f32) {
  if (m >= p.M || n >= p.N) { return; }
  let i = m * p.N + n;
  let z = acc{{ADD_BIAS}};
  {{STORE_Z}}
  c[i] = {{ACTIVATION}}(z);
}

fn act_identity(x: f32) -> f32 {
  return x;
}

fn store4(m: u32, n: u32, v: vec4f) {
  for (var q = 0u; q < 4u; q++) { epilogue(m, n + q, v[q]); }
}
