// The implicit GEMM of conv2d_gemm.wgsl for GPUs: its operands for gemm_tiles.wgsl (appended after
// this), forward pass and input gradient alike, with the epilogue (bias, activation, Z) fused into
// the store. Blocks tile (pixel rows wid.y·BM, channel columns wid.x·BN). A fetch of A reads four
// consecutive k of one pixel row: with C a multiple of 4 they are four channels of one tap, one
// aligned vec4; otherwise each k is split into its tap and channel.

const A_ALONG_M: bool = false;
const B_ALONG_N: bool = true;

struct Tile {
  mt: u32,
  nt: u32,
  // The pixel row (b, y, x) this thread fetches of A, and whether it exists.
  b: u32,
  y: u32,
  x: u32,
  row: bool,
  // The column of W this thread fetches.
  bn: u32,
}

fn tile_at(wid: vec3u, slots: vec4u) -> Tile {
  let mt = wid.y * BM;
  let nt = wid.x * BN;
  let m = mt + slots.x;
  return Tile(mt, nt, m / (p.RW * p.RH), (m / p.RW) % p.RH, m % p.RW, m < p.M, nt + slots.w);
}

fn k_range(wid: vec3u) -> vec2u {
  return vec2u(0u, p.KH * p.KW * p.C);
}

// A[m][k] for k = tap·C + channel: the source at this row's pixel and tap, 0 in the padding.
fn read_a1(t: Tile, k: u32) -> f32 {
  let tap = k / p.C;
  let o = tap_offset(t.b, t.y, t.x, tap / p.KW, tap % p.KW);
  if (o < 0) { return 0.0; }
  return a1(u32(o) + k % p.C);
}

fn fetch_a(t: Tile, k: u32) -> vec4f {
  let K = p.KH * p.KW * p.C;
  if (!t.row || k >= K) { return vec4f(0.0); }
  if (p.C % 4u == 0u) {
    let tap = k / p.C;
    let o = tap_offset(t.b, t.y, t.x, tap / p.KW, tap % p.KW);
    if (o < 0) { return vec4f(0.0); }
    return a4(u32(o) + k % p.C);
  }
  var v = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (k + c < K) { v[c] = read_a1(t, k + c); } }
  return v;
}

// W is [K][NP], NP a multiple of 4 and zero past N.
fn fetch_b(t: Tile, k: u32) -> vec4f {
  if (k >= p.KH * p.KW * p.C || t.bn >= p.NP) { return vec4f(0.0); }
  return w[k * (p.NP >> 2u) + (t.bn >> 2u)];
}

fn store_c(t: Tile, m: u32, n: u32, v: vec4f) {
  store4(t.mt + m, t.nt + n, v);
}
