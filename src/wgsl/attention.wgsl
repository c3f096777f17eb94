// Fused multi-head scaled dot-product attention, FlashAttention-style: the score matrix is never
// written (unless the probabilities are asked for). Layout of q, k, v and the output:
// [B, T, H, Dh] row-major, so row r = (b·T + t)·H + h starts at r·Dh.
//
// One workgroup per (batch, query, head) row for the forward pass and dQ, one per (batch, key,
// head) row for dK/dV: threads take one key (or query) each to compute a chunk of WG scores into
// workgroup memory, then one output feature each to accumulate over the chunk. Softmax is online
// (running max and sum, rescaled per chunk). Every thread derives the row's max and sum from the
// same workgroup memory in the same order, so they agree bit for bit and no tree is needed.
//
// Masked scores are excluded by flag, never by −∞ arithmetic: a fully masked row has sum 0, gives
// output 0 and logsumexp BIG, so exp(s − lse) is 0 for it in the backward pass.
//
// This file holds what the entry points share; the wrapper appends one of attention_forward,
// attention_stats, attention_backward or the CPU variant's attention_rows_*.wgsl. The masking code
// comes in through MASKS and reads the optional bindings (key lengths, mask) it needs.

struct Params {
  rows: u32,
  Tq: u32,
  Tk: u32,
  H: u32,
  D: u32,
  scale: f32,
  mask_stride: u32,
}

const WG: u32 = 64u;
const NEG: f32 = -3.402823e38;
const BIG: f32 = 3.402823e38;

@group(0) @binding({{BIND_p}}) var<uniform> p: Params;
// Optional: key lengths [B], and the mask (MASK_TYPE u32 or f32).
@group(0) @binding({{BIND_lens}}) var<storage, read> lens: array<u32>;
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<{{MASK_TYPE}}>;

var<workgroup> sa: array<f32, WG>;
var<workgroup> sb: array<f32, WG>;
var<workgroup> sc: array<f32, WG>;
var<workgroup> sd: array<f32, WG>;

// Do the optional masks (MASKS) let query i of batch b attend to key j? Also safe to call for
// out-of-range i and j. Branch-free (& does not short-circuit): the CPU variant calls it for every
// row and key of a register tile, and branches there make SwiftShader's compile time explode.
fn unmasked(b: u32, i: u32, j: u32) -> bool {
  var ok = true;
  {{MASKS}}
  return ok;
}

// May query i of batch b attend to key j?
fn allowed(b: u32, i: u32, j: u32) -> bool {
  return (i < p.Tq) & (j < p.Tk) & unmasked(b, i, j);
}

fn row_index(wid: vec3u, nwg: vec3u) -> u32 {
  return wid.x + wid.y * nwg.x;
}

// The row of a one-thread-per-row entry (attention_rows_*.wgsl).
fn thread_row(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

fn q_row(b: u32, i: u32, h: u32) -> u32 {
  return ((b * p.Tq + i) * p.H + h) * p.D;
}

fn k_row(b: u32, j: u32, h: u32) -> u32 {
  return ((b * p.Tk + j) * p.H + h) * p.D;
}
