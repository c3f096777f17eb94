// The implicit GEMM of conv2d_gemm.wgsl for SwiftShader/CPU adapters, appended to it: each thread
// owns a TM×TN block of C in registers, no workgroup memory.
//
// As in matmul_registers.wgsl, SwiftShader's Subzero neither unrolls loops nor keeps small arrays
// in registers, so conv2d.ts generates each thread's TM×TN block as straight-line code over named
// registers: ORIGIN places the block (m0, n0) by thread index or by SIMD quad (kernels/quads.ts:
// lanes swap half their rows and columns instead of loading them); REG_SETUP clamps the rows
// r<i>, splits them into (b<i>, y<i>, x<i>) and zeroes acc<i>_<j> (= C[m0 + i][n0 + 4j .. + 3]);
// REG_TAP finds each row's source offset u<i> for the tap (v<i> false in the padding); REG_STEP multiplies 4 channels; REG_TAIL one channel; REG_STORE
// runs the epilogue. Clamped rows and quads read valid memory and are dropped by the epilogue.

const WG: u32 = 64u;

@compute @workgroup_size(64)
fn gemm(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  {{ORIGIN}}
  let wq = p.NP >> 2u;
  {{REG_SETUP}}
  let C4 = p.C & ~3u;
  for (var ky = 0u; ky < p.KH; ky++) {
    for (var kx = 0u; kx < p.KW; kx++) {
      let tap = (ky * p.KW + kx) * p.C;
      {{REG_TAP}}
      for (var k = 0u; k < C4; k += 4u) {
        let wb = (tap + k) * wq;
        {{REG_STEP}}
      }
      for (var k = C4; k < p.C; k++) {
        let wb = (tap + k) * wq;
        {{REG_TAIL}}
      }
    }
  }
  {{REG_STORE}}
}
