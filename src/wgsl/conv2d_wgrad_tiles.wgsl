// The weight gradient of conv2d_wgrad.wgsl for GPUs: one GEMM per tap, its operands for
// gemm_tiles.wgsl (appended after this): A[o][k] = G[pixel k][o] (output channels contiguous) and
// B[k][c] = X[pixel k's input at the tap][c] (input channels contiguous), k over the output
// pixels b·OH·OW + oy·OW + ox of this split's batch range, 0 where the tap falls in the padding.
// Blocks tile (output channels wid.y·BM, input channels wid.x·BN, tap and split wid.z).

const A_ALONG_M: bool = true;
const B_ALONG_N: bool = true;

struct Tile {
  mt: u32,
  nt: u32,
  tap: u32,
  ky: u32,
  kx: u32,
  split: u32,
  // The end of this split's pixels, and the output channel and input channel this thread fetches.
  k1: u32,
  am: u32,
  bn: u32,
}

fn k_range(wid: vec3u) -> vec2u {
  let pixels = p.OH * p.OW;
  let split = wid.z / (p.KH * p.KW);
  let b0 = split * p.batchPerSplit;
  return vec2u(b0 * pixels, min(b0 + p.batchPerSplit, p.B) * pixels);
}

fn tile_at(wid: vec3u, slots: vec4u) -> Tile {
  let taps = p.KH * p.KW;
  let tap = wid.z % taps;
  let mt = wid.y * BM;
  let nt = wid.x * BN;
  return Tile(mt, nt, tap, tap / p.KW, tap % p.KW, wid.z / taps, k_range(wid).y, mt + slots.x, nt + slots.w);
}

fn fetch_a(t: Tile, k: u32) -> vec4f {
  if (k >= t.k1 || t.am >= p.OC) { return vec4f(0.0); }
  let i = k * p.OC + t.am;
  if (p.OC % 4u == 0u) { return g4(i); }
  var v = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (t.am + c < p.OC) { v[c] = g1(i + c); } }
  return v;
}

fn fetch_b(t: Tile, k: u32) -> vec4f {
  if (k >= t.k1 || t.bn >= p.IC) { return vec4f(0.0); }
  let ox = k % p.OW;
  let oy = (k / p.OW) % p.OH;
  let b = k / (p.OW * p.OH);
  let iy = i32(oy * p.stride + t.ky) - i32(p.pad);
  let ix = i32(ox * p.stride + t.kx) - i32(p.pad);
  if (iy < 0 || ix < 0 || iy >= i32(p.H) || ix >= i32(p.W)) { return vec4f(0.0); }
  let i = ((b * p.H + u32(iy)) * p.W + u32(ix)) * p.IC + t.bn;
  if (p.IC % 4u == 0u) { return x4(i); }
  var v = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (t.bn + c < p.IC) { v[c] = x1(i + c); } }
  return v;
}

fn store_c(t: Tile, m: u32, n: u32, v: vec4f) {
  store(t.split * p.OC * p.IC * p.KH * p.KW, t.mt + m, t.nt + n, t.tap, v);
}
