// Blocked Cholesky factorization A = L·Lᵀ of a batch of symmetric positive-definite n×n matrices
// (row-major, stacked, in place; workgroup_id.z picks the matrix) and the triangular solves that
// use it, after LAPACK's right-looking potrf. For each block column k0 (BS wide, the last one
// narrower) two dispatches:
//   factor_panel   every workgroup factors the diagonal block itself, by one thread in workgroup
//                  memory (BS³/6 flops: cheaper than the barriers a parallel factor needs on
//                  software adapters, and it saves a dispatch), then solves its 64 rows of
//                  L21 = A21·L11⁻ᵀ, one thread per row; workgroup 0 writes L11 (or parks it in
//                  `diag` for the next dispatch, see below) and the info flag;
//   update_trailing A22 −= L21·L21ᵀ (cholesky_update.wgsl: register tiles, lower triangle only).
// The solves L·Y = B and Lᵀ·X = Y for an n×m right-hand side are one dispatch each: a workgroup
// per CW columns walks the blocks (diagonal solve, then the rows below/above), with barriers
// between blocks. Every sum runs in a fixed order, so the result does not depend on scheduling.
// info[slot + z] is 0, or 1 + the index of the first pivot that was not positive (A not positive
// definite, or lost to rounding): that factor is then garbage.
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
@group(0) @binding({{BIND_diag}}) var<storage, read_write> diag: array<f32>;
@group(0) @binding({{BIND_info}}) var<storage, read_write> info: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;
@group(0) @binding({{BIND_ps}}) var<uniform> ps: Shift;

var<workgroup> blk: array<f32, 1024>; // BS × BS
var<workgroup> xs: array<f32, 512>; // BS × CW

@compute @workgroup_size(64)
fn factor_panel(
  @builtin(local_invocation_index) t: u32,
  @builtin(workgroup_id) wg: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  let base = wg.z * n * n;
  let parked = wg.z * BS * BS;
  // The previous block's L11, parked by its dispatch (which had several workgroups when the rows
  // below it, n − k0, were more than one workgroup's): nothing in this dispatch reads that block.
  if (wg.x == 0u && k0 > 0u && n - k0 > 64u) {
    for (var e = t; e < BS * BS; e += 64u) {
      a[base + (k0 - BS + e / BS) * n + k0 - BS + e % BS] = diag[parked + e];
    }
  }
  for (var e = t; e < b * b; e += 64u) {
    blk[(e / b) * BS + e % b] = a[base + (k0 + e / b) * n + k0 + e % b];
  }
  workgroupBarrier();
  // Cholesky–Banachiewicz on the block's lower triangle, row by row.
  if (t == 0u) {
    var bad = 0u;
    for (var i = 0u; i < b; i++) {
      for (var j = 0u; j <= i; j++) {
        var s = blk[i * BS + j];
        for (var q = 0u; q < j; q++) {
          s -= blk[i * BS + q] * blk[j * BS + q];
        }
        if (i == j) {
          if (!(s > 0.0) && bad == 0u) {
            bad = k0 + i + 1u;
          }
          blk[i * BS + i] = sqrt(s);
        } else {
          blk[i * BS + j] = s / blk[j * BS + j];
        }
      }
    }
    // Earlier blocks come in earlier dispatches, so the first flag set is the first bad pivot.
    if (wg.x == 0u && bad != 0u && info[p.slot + wg.z] == 0u) {
      info[p.slot + wg.z] = bad;
    }
  }
  workgroupBarrier();
  // L11 replaces the block it was factored from; while other workgroups of this dispatch may
  // still be loading that block, workgroup 0 parks it for the next dispatch to write instead.
  if (wg.x == 0u) {
    for (var e = t; e < b * b; e += 64u) {
      let i = e / b;
      let c = e % b;
      let v = select(0.0, blk[i * BS + c], c <= i);
      if (nwg.x == 1u) {
        a[base + (k0 + i) * n + k0 + c] = v;
      } else {
        diag[parked + i * BS + c] = v;
      }
    }
  }
  // Row i of L21 solves L11·xᵀ = A21[i]ᵀ; its mirror entries above the diagonal become 0.
  let i = k0 + b + wg.x * 64u + t;
  if (i >= n) {
    return;
  }
  var x: array<f32, 32>;
  for (var j = 0u; j < b; j++) {
    var s = a[base + i * n + k0 + j];
    for (var q = 0u; q < j; q++) {
      s -= x[q] * blk[j * BS + q];
    }
    x[j] = s / blk[j * BS + j];
    a[base + i * n + k0 + j] = x[j];
    a[base + (k0 + j) * n + i] = 0.0;
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
    let rest = n - k0 - b;
    for (var e = t; e < rest * width; e += 64u) {
      let i = k0 + b + e / width;
      let cc = e % width;
      let r = lb + i * n + k0;
      var s = 0.0;
      for (var q = 0u; q < b; q++) {
        s += l[r + q] * xs[q * CW + cc];
      }
      rhs[xb + i * m + c0 + cc] -= s;
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
    for (var e = t; e < k0 * width; e += 64u) {
      let i = e / width;
      let cc = e % width;
      var s = 0.0;
      for (var q = 0u; q < b; q++) {
        s += l[lb + (k0 + q) * n + i] * xs[q * CW + cc];
      }
      rhs[xb + i * m + c0 + cc] -= s;
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
