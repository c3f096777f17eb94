// Matmul's operands for gemm_tiles.wgsl (appended after this, itself after matmul.wgsl): the
// re-tuned GPU variant, with matmul.wgsl's epilogue (bias, activation, Z, accumulate) fused into
// the store. Blocks tile (batch = wid.z, rows wid.y·BM, columns wid.x·BN); A is stored [M][K] or,
// transposed, [K][M], and B [K][N] or [N][K]: each fetch reads along the contiguous axis.

const A_ALONG_M: bool = TRANS_A;
const B_ALONG_N: bool = !TRANS_B;

struct Tile {
  batch: u32,
  mt: u32,
  nt: u32,
  baseA: u32,
  baseB: u32,
  // The row of A and column of B this thread fetches.
  am: u32,
  bn: u32,
}

fn tile_at(wid: vec3u, slots: vec4u) -> Tile {
  let mt = wid.y * BM;
  let nt = wid.x * BN;
  return Tile(wid.z, mt, nt, wid.z * p.strideA, wid.z * p.strideB, mt + slots.x, nt + slots.w);
}

fn k_range(wid: vec3u) -> vec2u {
  return vec2u(0u, p.K);
}

// Four consecutive elements from (row, col) of a stored rows×cols operand, zero past its edges.
// With A_VEC (cols a multiple of 4, col too) they are one aligned vec4, all in or all out. One
// function per operand: WGSL passes no storage pointers portably.
fn read_a4(base: u32, row: u32, col: u32, rows: u32, cols: u32) -> vec4f {
  if (row >= rows || col >= cols) { return vec4f(0.0); }
  let i = base + row * cols + col;
  if (A_VEC) { return a4(i); }
  var v = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (col + c < cols) { v[c] = a1(i + c); } }
  return v;
}

fn read_b4(base: u32, row: u32, col: u32, rows: u32, cols: u32) -> vec4f {
  if (row >= rows || col >= cols) { return vec4f(0.0); }
  let i = base + row * cols + col;
  if (B_VEC) { return b4(i); }
  var v = vec4f(0.0);
  for (var c = 0u; c < 4u; c++) { if (col + c < cols) { v[c] = b1(i + c); } }
  return v;
}

fn fetch_a(t: Tile, k: u32) -> vec4f {
  if (TRANS_A) { return read_a4(t.baseA, k, t.am, p.K, p.M); }
  return read_a4(t.baseA, t.am, k, p.M, p.K);
}

fn fetch_b(t: Tile, k: u32) -> vec4f {
  if (TRANS_B) { return read_b4(t.baseB, t.bn, k, p.N, p.K); }
  return read_b4(t.baseB, k, t.bn, p.K, p.N);
}

fn store_c(t: Tile, m: u32, n: u32, v: vec4f) {
  store4(t.batch, t.mt + m, t.nt + n, v);
}
