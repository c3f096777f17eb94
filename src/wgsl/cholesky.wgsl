// Blocked Cholesky factorization A = L·Lᵀ of a batch of symmetric positive-definite n×n matrices
// (row-major, stacked, in place; workgroup_id.z picks the matrix) and the triangular solves that
// use it, after LAPACK's right-looking potrf. For each block column k0 (BS = 32 wide, the last
// one narrower) three dispatches:
//   factor_diag, factor_panel  the diagonal block and the rows below it (cholesky_panel.wgsl);
//   update_trailing A22 −= L21·L21ᵀ (cholesky_update.wgsl: register tiles, lower triangle only).
// This file holds what binds the plain layout: the solves L·Y = B and Lᵀ·X = Y for an n×m
// right-hand side, one dispatch each (a workgroup per CW columns walks the blocks: diagonal
// solve, then the rows below/above, a thread per row, with barriers between blocks), and the λ shift of ridge
// solves. Every sum runs in a fixed order, so results do not depend on scheduling.
// Binding numbers come from program.ts (each entry binds only what it uses).

struct Params {
  n: u32,
  // First row/column of this block, and its width (≤ BS).
  k0: u32,
  b: u32,
  // Right-hand-side columns (solves).
  m: u32,
  // Index of the first matrix of this batch in info and in the right-hand sides (ridge solves
  // factor the λs in chunks that share one work buffer).
  slot: u32,
}

struct Shift {
  n: u32,
  // Entries of the batch (count·n·n).
  total: u32,
  // First λ of this chunk in `lambdas`.
  first: u32,
}

const BS: u32 = 32u;
// Right-hand-side columns per solve workgroup.
const CW: u32 = 16u;

@group(0) @binding({{BIND_a}}) var<storage, read_write> a: array<f32>;
@group(0) @binding({{BIND_l}}) var<storage, read> l: array<f32>;
@group(0) @binding({{BIND_rhs}}) var<storage, read_write> rhs: array<f32>;
@group(0) @binding({{BIND_src}}) var<storage, read> src: array<f32>;
@group(0) @binding({{BIND_lambdas}}) var<storage, read> lambdas: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;
@group(0) @binding({{BIND_ps}}) var<uniform> ps: Shift;

var<workgroup> xs: array<f32, 512>; // BS × CW

// Row q of the block's solution (CW = 16 columns; those past m stay 0) as a 4×4 matrix, so a row
// update accumulates 16 columns in 4 vec4 multiply-adds per entry of L it loads. With 4 columns
// or fewer, a thread per (row, column) wastes less.
fn xs_row(q: u32) -> mat4x4f {
  let x = q * CW;
  return mat4x4f(
    vec4f(xs[x], xs[x + 1u], xs[x + 2u], xs[x + 3u]),
    vec4f(xs[x + 4u], xs[x + 5u], xs[x + 6u], xs[x + 7u]),
    vec4f(xs[x + 8u], xs[x + 9u], xs[x + 10u], xs[x + 11u]),
    vec4f(xs[x + 12u], xs[x + 13u], xs[x + 14u], xs[x + 15u]),
  );
}

// rhs[at + c] −= s[c / 4][c % 4] for the first `width` columns.
fn sub_row(at: u32, width: u32, s: mat4x4f) {
  for (var c = 0u; c < width; c++) {
    rhs[at + c] -= s[c / 4u][c % 4u];
  }
}

// L·Y = B, forward: workgroup (x: column group, z: matrix). For each block, the threads owning a
// column solve L11·Y1 = B1 into xs, then all threads update the rows below, B2 −= L21·Y1.
@compute @workgroup_size(64)
fn solve_lower(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let m = p.m;
  let lb = wg.z * n * n;
  let xb = (p.slot + wg.z) * n * m;
  let c0 = wg.x * CW;
  for (var k0 = 0u; k0 < n; k0 += BS) {
    let b = min(BS, n - k0);
    if (t < CW && c0 + t < m) {
      for (var j = 0u; j < b; j++) {
        let r = lb + (k0 + j) * n + k0;
        var s = rhs[xb + (k0 + j) * m + c0 + t];
        for (var q = 0u; q < j; q++) {
          s -= l[r + q] * xs[q * CW + t];
        }
        let y = s / l[r + j];
        xs[j * CW + t] = y;
        rhs[xb + (k0 + j) * m + c0 + t] = y;
      }
    }
    workgroupBarrier();
    let width = min(CW, m - c0);
    if (width > 4u) {
      for (var i = k0 + b + t; i < n; i += 64u) {
        let r = lb + i * n + k0;
        var s = mat4x4f();
        for (var q = 0u; q < b; q++) {
          s += xs_row(q) * l[r + q];
        }
        sub_row(xb + i * m + c0, width, s);
      }
    } else {
      for (var e = t; e < (n - k0 - b) * width; e += 64u) {
        let i = k0 + b + e / width;
        let cc = e % width;
        let r = lb + i * n + k0;
        var s = 0.0;
        for (var q = 0u; q < b; q++) {
          s += l[r + q] * xs[q * CW + cc];
        }
        rhs[xb + i * m + c0 + cc] -= s;
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
}

// Lᵀ·X = Y, backward: blocks from the last; L11ᵀ·X1 = Y1 into xs, then the rows above,
// Y0 −= L10ᵀ·X1 (L read by columns).
@compute @workgroup_size(64)
fn solve_upper(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let m = p.m;
  let lb = wg.z * n * n;
  let xb = (p.slot + wg.z) * n * m;
  let c0 = wg.x * CW;
  let blocks = (n + BS - 1u) / BS;
  for (var kb = blocks; kb > 0u; kb--) {
    let k0 = (kb - 1u) * BS;
    let b = min(BS, n - k0);
    if (t < CW && c0 + t < m) {
      for (var jj = 0u; jj < b; jj++) {
        let j = b - 1u - jj;
        var s = rhs[xb + (k0 + j) * m + c0 + t];
        for (var q = j + 1u; q < b; q++) {
          s -= l[lb + (k0 + q) * n + k0 + j] * xs[q * CW + t];
        }
        let x = s / l[lb + (k0 + j) * n + k0 + j];
        xs[j * CW + t] = x;
        rhs[xb + (k0 + j) * m + c0 + t] = x;
      }
    }
    workgroupBarrier();
    let width = min(CW, m - c0);
    if (width > 4u) {
      for (var i = t; i < k0; i += 64u) {
        var s = mat4x4f();
        for (var q = 0u; q < b; q++) {
          s += xs_row(q) * l[lb + (k0 + q) * n + i];
        }
        sub_row(xb + i * m + c0, width, s);
      }
    } else {
      for (var e = t; e < k0 * width; e += 64u) {
        let i = e / width;
        let cc = e % width;
        var s = 0.0;
        for (var q = 0u; q < b; q++) {
          s += l[lb + (k0 + q) * n + i] * xs[q * CW + cc];
        }
        rhs[xb + i * m + c0 + cc] -= s;
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
}

// a[z] = src + λ_z·I for each matrix z of the batch, one thread per entry.
@compute @workgroup_size(256)
fn shift_diag(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = ps.n;
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= ps.total) {
    return;
  }
  let z = e / (n * n);
  let r = e % (n * n);
  a[e] = src[r] + select(0.0, lambdas[ps.first + z], r / n == r % n);
}
