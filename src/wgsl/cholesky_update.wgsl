// The trailing update of the blocked Cholesky (cholesky.wgsl), A22 −= L21·L21ᵀ, for a batch of
// stacked n×n matrices (workgroup_id.z). L21 is the b columns k0… of the rows below the block,
// which the update reads by rows: the product is of the L21ᵀ-transposed kind (SYRK).
//
// A workgroup of 8×8 threads owns a TILE×TILE tile (TILE = 8·TM) on or below the diagonal
// (workgroup_id.x counts those tiles only, row by row), each thread a TM×TM register block of it, written as straight-line code by
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
}

@group(0) @binding(0) var<storage, read_write> a: array<{{ELEM}}>;
@group(0) @binding(1) var<uniform> p: Params;

// Four consecutive entries from index i (a multiple of 4 with VEC).
fn a4(i: u32) -> vec4f {
  return {{A4}};
}

// A[row][col…col+3] −= v, on and below the diagonal only.
fn store4(row: u32, col: u32, v: vec4f, base: u32) {
  if (row >= p.n) {
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
  // Tile (ty, tx), tx ≤ ty, from its index ty·(ty+1)/2 + tx; the float root is exact to ±1.
  var ty = u32((sqrt(8.0 * f32(wg.x) + 1.0) - 1.0) * 0.5);
  if ((ty + 1u) * (ty + 2u) / 2u <= wg.x) {
    ty += 1u;
  }
  if (ty * (ty + 1u) / 2u > wg.x) {
    ty -= 1u;
  }
  let tx = wg.x - ty * (ty + 1u) / 2u;
  let n = p.n;
  let r0 = p.k0 + p.b;
  let m0 = r0 + ty * {{TILE}}u + lid.y * {{TM}}u;
  let n0 = r0 + tx * {{TILE}}u + lid.x * {{TM}}u;
  // Blocks wholly above the diagonal or past the edge have nothing to do.
  if (m0 >= n || n0 > m0 + {{TM}}u - 1u) {
    return;
  }
  let base = wg.z * n * n;
  {{SETUP}}
  for (var q = 0u; q < p.b; q += 4u) {
    {{STEP}}
  }
  {{STORE}}
}
