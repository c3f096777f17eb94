// Register-tiled matmul for SwiftShader/CPU adapters: each thread owns a TM×TN block of C and
// reads A and B straight from storage, 4 k-steps at a time. Appended to matmul.wgsl.
//
// SwiftShader's Subzero backend neither unrolls loops nor keeps small arrays in registers, so
// matmul.ts generates the block as straight-line code over named registers (REG_* snippets):
// ORIGIN places the block (m0, n0, batch) by global id or, in the 'quads' variant, by SIMD quad
// (kernels/quads.ts: lanes swap half their rows and columns instead of loading them);
// REG_SETUP clamps the thread's rows r<i> and columns c<j> and zeroes acc<i>_<j>
// (= C[m0 + i][n0 + 4j .. n0 + 4j + 3]); REG_STEP loads av<i> = A[m0 + i][k .. k + 3] and the
// 4×4 blocks bm<j> (columns B[k + r][n0 + 4j ..]) and accumulates acc<i>_<j> += bm<j> * av<i>;
// REG_TAIL does the last K mod 4 steps one k at a time; REG_STORE runs the epilogue.
// Clamped rows and columns read valid memory and are dropped by the epilogue, which keeps the
// inner loop free of bounds checks.

@compute @workgroup_size(8, 8)
fn registers(@builtin(global_invocation_id) gid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lidx: u32) {
  {{ORIGIN}}
  let baseA = batch * p.strideA;
  let baseB = batch * p.strideB;
  {{REG_SETUP}}
  let K4 = p.K & ~3u;
  for (var k = 0u; k < K4; k += 4u) {
    {{REG_STEP}}
  }
  for (var k = K4; k < p.K; k++) {
    {{REG_TAIL}}
  }
  {{REG_STORE}}
}
