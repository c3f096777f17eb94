// Tiled matmul, the GPUs' fallback ('gpu-plain') from matmul_tiles.wgsl: a 64×64 block of C per
// workgroup, staged through workgroup memory in BK = 16 slices; 16×16 threads compute 4×4 outputs
// each. Appended to matmul.wgsl.

const TILE: u32 = 64u;
const BK: u32 = 16u;
var<workgroup> As: array<array<f32, TILE>, BK>; // As[k][m]
var<workgroup> Bs: array<array<f32, TILE>, BK>; // Bs[k][n]

fn load_a(base: u32, m: u32, k: u32) -> f32 {
  if (m >= p.M || k >= p.K) { return 0.0; }
  return a1(base + a_index(m, k));
}

fn load_b(base: u32, k: u32, n: u32) -> f32 {
  if (k >= p.K || n >= p.N) { return 0.0; }
  return b1(base + b_index(k, n));
}

@compute @workgroup_size(16, 16)
fn tiled(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
         @builtin(local_invocation_index) li: u32) {
  let batch = wid.z;
  let mt = wid.y * TILE;
  let nt = wid.x * TILE;
  let baseA = batch * p.strideA;
  let baseB = batch * p.strideB;
  var acc: array<vec4f, 4>; // acc[i] = C[mt + 4 ly + i][nt + 4 lx .. + 3]
  for (var k0 = 0u; k0 < p.K; k0 += BK) {
    // 256 threads fill 16×64 entries of each tile; neighbouring threads walk the contiguous axis.
    for (var r = 0u; r < 4u; r++) {
      let e = li + 256u * r;
      if (TRANS_A) { As[e / TILE][e % TILE] = load_a(baseA, mt + e % TILE, k0 + e / TILE); }
      else { As[e % BK][e / BK] = load_a(baseA, mt + e / BK, k0 + e % BK); }
      if (TRANS_B) { Bs[e % BK][e / BK] = load_b(baseB, k0 + e % BK, nt + e / BK); }
      else { Bs[e / TILE][e % TILE] = load_b(baseB, k0 + e / TILE, nt + e % TILE); }
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let bv = vec4f(Bs[k][4u * lid.x], Bs[k][4u * lid.x + 1u], Bs[k][4u * lid.x + 2u], Bs[k][4u * lid.x + 3u]);
      for (var i = 0u; i < 4u; i++) { acc[i] += As[k][4u * lid.y + i] * bv; }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) { store4(batch, mt + 4u * lid.y + i, nt + 4u * lid.x, acc[i]); }
}
