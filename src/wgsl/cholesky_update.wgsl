// The trailing updates of the blocked Cholesky (cholesky.wgsl), A[r][c] −= Σ_q L[r][q]·L[c][q]
// over the b columns q = k0… of L, for rows r ≥ r0 and columns r0 ≤ c < c1, c ≤ r, in a batch of
// stacked n×n matrices (workgroup_id.z). L is read by rows: the product is of the transposed kind
// (SYRK). cholesky.ts blocks in two levels: within a 256-wide panel each 32-wide block updates the
// panel's own columns (c1 = panel end), and the finished panel updates everything right of it at
// once (b = 256, c1 = n), so most flops run in long register loops.
//
// A workgroup of 8×8 threads owns a TILE×TILE tile (TILE = 8·TM) on or below the diagonal:
// workgroup_id.x counts the tiles of the column range, the triangle first, then the full rows
// below it. Each thread computes a TM×TM register block of its tile, written as straight-line code by
// cholesky.ts (SwiftShader's Subzero neither unrolls loops nor keeps arrays in registers):
// SETUP clamps the thread's rows r<i> / columns c<j> and zeroes acc<i>_<j>
// (= the columns c<4j>…c<4j+3> of row r<i>); STEP loads row r<i> at q…q+3 as av<i>, four columns'
// rows as the transposed 4×4 block bm<j>, and accumulates acc<i>_<j> += bm<j>·av<i>; STORE
// subtracts the block on and below the diagonal. b is a multiple of 4 (only full blocks have a
// trailing matrix). With VEC (n a multiple of 4) `a` is bound as vec4 rows.

struct Params {
  n: u32,
  k0: u32,
  b: u32,
  r0: u32,
  c1: u32,
}

@group(0) @binding(0) var<storage, read_write> a: array<{{ELEM}}>;
@group(0) @binding(1) var<uniform> p: Params;

// Four consecutive entries from index i (a multiple of 4 with VEC).
fn a4(i: u32) -> vec4f {
  return {{A4}};
}

// A[row][col…col+3] −= v, on and below the diagonal only.
fn store4(row: u32, col: u32, v: vec4f, base: u32) {
  // col is a multiple of 4 and c1 one of 32 (or n, where row < n bounds the block): the block is
  // wholly inside or outside the column range.
  if (row >= p.n || col >= p.c1) {
    return;
  }
  let i = base + row * p.n + col;
  if (col + 3u <= row) {
    {{SUB4}}
    return;
  }
  for (var q = 0u; q < 4u; q++) {
    if (col + q <= row) {
      {{SUB1}}
    }
  }
}

@compute @workgroup_size(8, 8)
fn update_trailing(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  // Tile (ty, tx): in the triangle ty·(ty+1)/2 + tx (the float root is exact to ±1), then by rows.
  let n = p.n;
  let r0 = p.r0;
  let cols = (p.c1 - r0 + {{TILE}}u - 1u) / {{TILE}}u;
  let tri = cols * (cols + 1u) / 2u;
  var ty = 0u;
  var tx = 0u;
  if (wg.x < tri) {
    ty = u32((sqrt(8.0 * f32(wg.x) + 1.0) - 1.0) * 0.5);
    if ((ty + 1u) * (ty + 2u) / 2u <= wg.x) {
      ty += 1u;
    }
    if (ty * (ty + 1u) / 2u > wg.x) {
      ty -= 1u;
    }
    tx = wg.x - ty * (ty + 1u) / 2u;
  } else {
    ty = cols + (wg.x - tri) / cols;
    tx = (wg.x - tri) % cols;
  }
  let m0 = r0 + ty * {{TILE}}u + lid.y * {{TM}}u;
  let n0 = r0 + tx * {{TILE}}u + lid.x * {{TM}}u;
  // Blocks wholly above the diagonal or past the edges have nothing to do.
  if (m0 >= n || n0 >= p.c1 || n0 > m0 + {{TM}}u - 1u) {
    return;
  }
  let base = wg.z * n * n;
  {{SETUP}}
  for (var q = 0u; q < p.b; q += 4u) {
    {{STEP}}
  }
  {{STORE}}
}
