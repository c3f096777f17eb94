// Convolution weight gradient as a GEMM per tap reducing over batch·OH·OW:
// dW[o][c][ky][kx] = Σ_{b,oy,ox} G[b][oy][ox][o] · X[b][oy·s + ky − pad][ox·s + kx − pad][c],
// both operands read in place from their NHWC tensors, in a fixed order (deterministic, no
// atomics). With several splits, split z covers a contiguous range of the batch and writes its
// own partial, which conv2d.ts sums in a fixed order.
//
// This file holds the parameters, bindings and store; conv2d.ts appends one of the entries:
// conv2d_wgrad_registers.wgsl (CPU adapters) or conv2d_wgrad_tiles.wgsl (GPUs).

struct Params {
  B: u32,
  H: u32,
  W: u32,
  IC: u32,
  OH: u32,
  OW: u32,
  OC: u32,
  KH: u32,
  KW: u32,
  stride: u32,
  pad: u32,
  // Column blocks (of TN input channels) per row block.
  cBlocks: u32,
  blocks: u32,
  batchPerSplit: u32,
}

@group(0) @binding(0) var<storage, read> x: array<{{X_ELEM}}>;
@group(0) @binding(1) var<storage, read> g: array<{{G_ELEM}}>;
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
// Optional: the weight's 0/1 mask.
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn x4(i: u32) -> vec4f { return {{X4}}; }
fn x1(i: u32) -> f32 { return {{X1}}; }
fn g4(i: u32) -> vec4f { return {{G4}}; }
fn g1(i: u32) -> f32 { return {{G1}}; }

fn store(base: u32, o: u32, c: u32, tap: u32, v: vec4f) {
  let taps = p.KH * p.KW;
  for (var q = 0u; q < 4u; q++) {
    if (o < p.OC && c + q < p.IC) {
      let i = (o * p.IC + c + q) * taps + tap;
      dw[base + i] = v[q]{{MASK}};
    }
  }
}
