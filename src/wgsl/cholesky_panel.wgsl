// One block column of the blocked Cholesky (cholesky.wgsl) for a batch of stacked n×n matrices
// (workgroup_id.z), in two dispatches without barriers or workgroup memory (on SwiftShader a
// workgroup with barriers runs its subgroups as coroutines, which costs more than this work):
//   factor_diag  one thread per matrix factors the diagonal block A11 = L11·L11ᵀ in place
//                (Cholesky–Banachiewicz, BS³/6 flops), sets the info flag, and writes
//                W = L11⁻¹ (by rows, zeros above the diagonal) to `winv`;
//   factor_panel one thread per row below the block: L21[i] = A21[i]·Wᵀ as straight-line code
//                over vec4 registers (ROW, written by cholesky.ts, since SwiftShader's Subzero
//                neither unrolls loops nor keeps arrays in registers), and the mirror entries
//                above the diagonal set to 0. Rows below exist only under full BS-wide blocks.
// info[slot + z] is 0, or 1 + the index of the first pivot that was not positive (not positive
// definite, or lost to rounding; the factor is then garbage).

struct Params {
  n: u32,
  // First row/column of this block, and its width (≤ BS).
  k0: u32,
  b: u32,
  m: u32,
  // Index of the batch's first matrix in info.
  slot: u32,
}

const BS: u32 = 32u;

@group(0) @binding({{BIND_a}}) var<storage, read_write> a: array<f32>;
@group(0) @binding({{BIND_winv}}) var<storage, read_write> winv: array<vec4f>;
@group(0) @binding({{BIND_w}}) var<storage, read> w: array<vec4f>;
@group(0) @binding({{BIND_info}}) var<storage, read_write> info: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

@compute @workgroup_size(1)
fn factor_diag(@builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  let d = wg.z * n * n + k0 * n + k0;
  var bad = 0u;
  for (var i = 0u; i < b; i++) {
    for (var j = 0u; j <= i; j++) {
      var s = a[d + i * n + j];
      for (var q = 0u; q < j; q++) {
        s -= a[d + i * n + q] * a[d + j * n + q];
      }
      if (i == j) {
        if (!(s > 0.0) && bad == 0u) {
          bad = k0 + i + 1u;
        }
        a[d + i * n + i] = sqrt(s);
      } else {
        a[d + i * n + j] = s / a[d + j * n + j];
      }
    }
    for (var j = i + 1u; j < b; j++) {
      a[d + i * n + j] = 0.0;
    }
  }
  // Earlier blocks come in earlier dispatches, so the first flag set is the first bad pivot.
  if (bad != 0u && info[p.slot + wg.z] == 0u) {
    info[p.slot + wg.z] = bad;
  }
  if (n - k0 - b == 0u) {
    return;
  }
  // Column c of W solves L11·w = e_c (forward substitution; W is lower triangular).
  let wb = wg.z * BS * BS / 4u;
  for (var c = 0u; c < BS; c++) {
    for (var j = 0u; j < BS; j++) {
      var s = select(0.0, 1.0, j == c);
      for (var q = c; q < j; q++) {
        s -= a[d + j * n + q] * winv[wb + q * 8u + c / 4u][c % 4u];
      }
      winv[wb + j * 8u + c / 4u][c % 4u] = select(s / a[d + j * n + j], 0.0, j < c);
    }
  }
}

@compute @workgroup_size(64)
fn factor_panel(@builtin(global_invocation_id) gid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let k0 = p.k0;
  let i = k0 + BS + gid.x;
  if (i >= n) {
    return;
  }
  let wb = wg.z * BS * BS / 4u;
  let ri = wg.z * n * n + i * n + k0;
  let ci = wg.z * n * n + k0 * n + i;
  {{ROW}}
}
