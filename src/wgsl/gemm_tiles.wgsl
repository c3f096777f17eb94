// Workgroup-tiled GEMM for GPUs: C[m][n] = Σ_k A[m][k]·B[k][n], one BM×BN block of C per
// workgroup of 16×16 threads. Shared by matmul (matmul_tiles.wgsl), the convolution's implicit GEMM
// (conv2d_tiles.wgsl) and its weight gradient (conv2d_wgrad_tiles.wgsl); the kernel's file comes
// first and says how the operands are read and C is written:
//   A_ALONG_M (B_ALONG_N): fetch_a (fetch_b) gives four rows m..m+3 of A at one k (four columns
//     n..n+3 of B), else four k..k+3 of one row of A (one column of B) — whichever axis is
//     contiguous in memory, so a fetch is one vec4 load where the operand is bound as vec4 rows;
//   struct Tile and tile_at(wid, slots): the workgroup's block and what this thread's fetches need
//     (slots.xy: the row m and k offset of its A fetch, slots.zw: the k offset and column n of its
//     B fetch, all relative to the block and the k-tile);
//   k_range(wid): the reduction range [k0, k1) of this workgroup (uniform: it bounds the barriers);
//   fetch_a(t, k), fetch_b(t, k): the thread's four elements at reduction index k, zero past k1 or
//     the operand's edges;
//   store_c(t, m, n, v): C[m][n .. n + 3] of the block (relative), through the kernel's epilogue.
//
// Thread (tx, ty) owns rows 64g + 4ty + i and columns 64h + 4tx .. + 3 of the block, registers
// acc<4g + i>_<h> (TILE_* code from tile-gemm.ts, straight-line over named registers). Spacing the
// groups by 64 keeps workgroup memory free of bank conflicts: the 16 threads of a row read 16
// consecutive vec4s of Bs, and those of a column one broadcast vec4 of As. K runs in tiles of BK,
// double-buffered: while the workgroup multiplies one k-tile out of workgroup memory, each thread
// holds its share of the next in registers and then stores it into the other buffer, so a k-tile
// costs one barrier. Workgroup memory: 2·BK·(BM + BN)·4 bytes ≤ 16 KiB, WebGPU's default limit.
// Every output sums its k in order: deterministic.

const BK: u32 = 8u;
const BM: u32 = {{BM}}u;
const BN: u32 = {{BN}}u;
// As[s][k][m / 4] holds A[m][k] of buffer s in lane m % 4; Bs[s][k][n / 4] likewise B[k][n].
var<workgroup> As: array<array<array<vec4f, BM / 4u>, BK>, 2>;
var<workgroup> Bs: array<array<array<vec4f, BN / 4u>, BK>, 2>;

// The (m, k offset) of thread li's A fetch in a k-tile: BM·BK/4 threads fetch one vec4 each.
fn a_slot(li: u32) -> vec2u {
  if (A_ALONG_M) { return vec2u((li % (BM / 4u)) * 4u, li / (BM / 4u)); }
  return vec2u(li % BM, (li / BM) * 4u);
}

// The (k offset, n) of thread li's B fetch.
fn b_slot(li: u32) -> vec2u {
  if (B_ALONG_N) { return vec2u(li / (BN / 4u), (li % (BN / 4u)) * 4u); }
  return vec2u((li / BN) * 4u, li % BN);
}

fn stage_a(s: u32, slot: vec2u, v: vec4f) {
  if (A_ALONG_M) {
    As[s][slot.y][slot.x >> 2u] = v;
  } else {
    for (var c = 0u; c < 4u; c++) { As[s][slot.y + c][slot.x >> 2u][slot.x & 3u] = v[c]; }
  }
}

fn stage_b(s: u32, slot: vec2u, v: vec4f) {
  if (B_ALONG_N) {
    Bs[s][slot.x][slot.y >> 2u] = v;
  } else {
    for (var c = 0u; c < 4u; c++) { Bs[s][slot.x + c][slot.y >> 2u][slot.y & 3u] = v[c]; }
  }
}

@compute @workgroup_size(16, 16)
fn tiles(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
         @builtin(local_invocation_index) li: u32) {
  let sa = a_slot(li);
  let sb = b_slot(li);
  // Threads past BM·BK/4 (BN·BK/4) fetch nothing of A (B).
  let fa = li < BM * BK / 4u;
  let fb = li < BN * BK / 4u;
  let t = tile_at(wid, vec4u(sa, sb));
  let ks = k_range(wid);
  let count = (ks.y - ks.x + BK - 1u) / BK;
  {{TILE_ACC}}
  var ra = vec4f(0.0);
  var rb = vec4f(0.0);
  if (fa) { stage_a(0u, sa, fetch_a(t, ks.x + sa.y)); }
  if (fb) { stage_b(0u, sb, fetch_b(t, ks.x + sb.x)); }
  workgroupBarrier();
  for (var i = 0u; i < count; i++) {
    let s = i & 1u;
    let more = i + 1u < count;
    let k0 = ks.x + (i + 1u) * BK;
    if (more && fa) { ra = fetch_a(t, k0 + sa.y); }
    if (more && fb) { rb = fetch_b(t, k0 + sb.x); }
    for (var k = 0u; k < BK; k++) {
      {{TILE_FMA}}
    }
    if (more && fa) { stage_a(s ^ 1u, sa, ra); }
    if (more && fb) { stage_b(s ^ 1u, sb, rb); }
    workgroupBarrier();
  }
  {{TILE_STORE}}
}
