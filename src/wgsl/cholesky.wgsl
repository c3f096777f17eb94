// Blocked Cholesky factorization A = L·Lᵀ of a symmetric positive-definite n×n matrix (row-major,
// in place) and the triangular solves that use it, after LAPACK's right-looking potrf. For each
// block column k0 (BS = 32 wide, the last one narrower):
//   factor_diag  the diagonal block, unblocked, in one workgroup's memory;
//   factor_panel the rows below it: L21 = A21·L11⁻ᵀ, one thread per row (and zero the mirror
//                entries, so the upper triangle of the result is 0);
//   update_trailing A22 −= L21·L21ᵀ on the lower triangle, in 16×16 tiles.
// The solves L·Y = B and Lᵀ·X = Y for an n×m right-hand side go block by block the same way
// (solve_diag_* one thread per column, update_* tiled). Every sum runs in a fixed order, so the
// result does not depend on scheduling. info[slot] is 0, or 1 + the index of the first pivot that
// was not positive (A not positive definite, or lost to rounding): the factor is then garbage.
// Binding numbers come from program.ts (each entry binds only what it uses).

struct Params {
  n: u32,
  // First row/column of this block, and its width (≤ BS).
  k0: u32,
  b: u32,
  // Right-hand-side columns (solves).
  m: u32,
  // Which entry of info this factorization reports in (ridge solves factor several matrices).
  slot: u32,
}

struct Shift {
  n: u32,
  lambda: f32,
}

const BS: u32 = 32u;
const TILE: u32 = 16u;

@group(0) @binding({{BIND_a}}) var<storage, read_write> a: array<f32>;
@group(0) @binding({{BIND_l}}) var<storage, read> l: array<f32>;
@group(0) @binding({{BIND_rhs}}) var<storage, read_write> rhs: array<f32>;
@group(0) @binding({{BIND_src}}) var<storage, read> src: array<f32>;
@group(0) @binding({{BIND_info}}) var<storage, read_write> info: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;
@group(0) @binding({{BIND_ps}}) var<uniform> ps: Shift;

var<workgroup> blk: array<f32, 1024>; // BS × BS
var<workgroup> ti: array<f32, 512>; // TILE × BS
var<workgroup> tj: array<f32, 512>; // TILE × BS (or BS × TILE)

// The diagonal block of `a` into workgroup memory. (load_factor_block below reads `l` instead:
// WGSL passes no storage pointers portably, so the two buffers need a loader each.)
fn load_diag_block(t: u32, threads: u32) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  for (var e = t; e < b * b; e += threads) {
    blk[(e / b) * BS + e % b] = a[(k0 + e / b) * n + k0 + e % b];
  }
}

// One workgroup. Column j: scale by √pivot, then update the block's trailing lower triangle.
@compute @workgroup_size(256)
fn factor_diag(@builtin(local_invocation_index) t: u32) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  load_diag_block(t, 256u);
  workgroupBarrier();
  for (var j = 0u; j < b; j++) {
    let d = blk[j * BS + j];
    workgroupBarrier();
    if (t == 0u && !(d > 0.0) && info[p.slot] == 0u) {
      info[p.slot] = k0 + j + 1u;
    }
    let s = sqrt(d);
    for (var i = j + t; i < b; i += 256u) {
      blk[i * BS + j] = select(blk[i * BS + j] / s, s, i == j);
    }
    workgroupBarrier();
    let r = b - j - 1u;
    for (var e = t; e < r * r; e += 256u) {
      let i = j + 1u + e / r;
      let c = j + 1u + e % r;
      if (c <= i) {
        blk[i * BS + c] -= blk[i * BS + j] * blk[c * BS + j];
      }
    }
    workgroupBarrier();
  }
  for (var e = t; e < b * b; e += 256u) {
    let i = e / b;
    let c = e % b;
    a[(k0 + i) * n + k0 + c] = select(0.0, blk[i * BS + c], c <= i);
  }
}

// One thread per row below the diagonal block: forward substitution with L11 (row i of L21 solves
// L11·xᵀ = A21[i]ᵀ).
@compute @workgroup_size(64)
fn factor_panel(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  load_diag_block(t, 64u);
  workgroupBarrier();
  let i = k0 + b + wg.x * 64u + t;
  if (i >= n) {
    return;
  }
  var x: array<f32, 32>;
  for (var j = 0u; j < b; j++) {
    var s = a[i * n + k0 + j];
    for (var q = 0u; q < j; q++) {
      s -= x[q] * blk[j * BS + q];
    }
    x[j] = s / blk[j * BS + j];
    a[i * n + k0 + j] = x[j];
    a[(k0 + j) * n + i] = 0.0;
  }
}

// A22[i][c] −= Σ_q L21[i][q]·L21[c][q] for c ≤ i, over 16×16 tiles on or below the diagonal.
@compute @workgroup_size(16, 16)
fn update_trailing(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  // Tiles wholly above the diagonal have nothing to do; the test is uniform over the workgroup.
  if (wg.x > wg.y) {
    return;
  }
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  let r0 = k0 + b;
  let t = lid.y * TILE + lid.x;
  for (var e = t; e < TILE * b; e += TILE * TILE) {
    let rr = e / b;
    let q = e % b;
    let ri = r0 + wg.y * TILE + rr;
    let rc = r0 + wg.x * TILE + rr;
    ti[rr * BS + q] = select(0.0, a[ri * n + k0 + q], ri < n);
    tj[rr * BS + q] = select(0.0, a[rc * n + k0 + q], rc < n);
  }
  workgroupBarrier();
  let i = r0 + wg.y * TILE + lid.y;
  let c = r0 + wg.x * TILE + lid.x;
  if (i < n && c <= i) {
    var s = 0.0;
    for (var q = 0u; q < b; q++) {
      s += ti[lid.y * BS + q] * tj[lid.x * BS + q];
    }
    a[i * n + c] -= s;
  }
}

fn load_factor_block(t: u32, threads: u32) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  for (var e = t; e < b * b; e += threads) {
    blk[(e / b) * BS + e % b] = l[(k0 + e / b) * n + k0 + e % b];
  }
}

// L11·Y1 = B1 for the block's rows, one thread per right-hand-side column.
@compute @workgroup_size(64)
fn solve_diag_lower(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3u) {
  let k0 = p.k0;
  let b = p.b;
  let m = p.m;
  load_factor_block(t, 64u);
  workgroupBarrier();
  let c = wg.x * 64u + t;
  if (c >= m) {
    return;
  }
  var x: array<f32, 32>;
  for (var j = 0u; j < b; j++) {
    var s = rhs[(k0 + j) * m + c];
    for (var q = 0u; q < j; q++) {
      s -= blk[j * BS + q] * x[q];
    }
    x[j] = s / blk[j * BS + j];
    rhs[(k0 + j) * m + c] = x[j];
  }
}

// L11ᵀ·X1 = Y1 for the block's rows (backward), one thread per right-hand-side column.
@compute @workgroup_size(64)
fn solve_diag_upper(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wg: vec3u) {
  let k0 = p.k0;
  let b = p.b;
  let m = p.m;
  load_factor_block(t, 64u);
  workgroupBarrier();
  let c = wg.x * 64u + t;
  if (c >= m) {
    return;
  }
  var x: array<f32, 32>;
  for (var jj = 0u; jj < b; jj++) {
    let j = b - 1u - jj;
    var s = rhs[(k0 + j) * m + c];
    for (var q = j + 1u; q < b; q++) {
      s -= blk[q * BS + j] * x[q];
    }
    x[j] = s / blk[j * BS + j];
    rhs[(k0 + j) * m + c] = x[j];
  }
}

// Rows below the block: B[i][c] −= Σ_q L[i][k0+q]·Y[k0+q][c], in 16×16 tiles of (row, column).
@compute @workgroup_size(16, 16)
fn update_lower(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  let m = p.m;
  let r0 = k0 + b;
  let t = lid.y * TILE + lid.x;
  for (var e = t; e < TILE * b; e += TILE * TILE) {
    let rr = e / b;
    let q = e % b;
    let ri = r0 + wg.y * TILE + rr;
    ti[rr * BS + q] = select(0.0, l[ri * n + k0 + q], ri < n);
    // tj holds Y1 as [q][column]: BS × TILE.
    let cc = wg.x * TILE + e % TILE;
    let qq = e / TILE;
    tj[qq * TILE + e % TILE] = select(0.0, rhs[(k0 + qq) * m + cc], cc < m);
  }
  workgroupBarrier();
  let i = r0 + wg.y * TILE + lid.y;
  let c = wg.x * TILE + lid.x;
  if (i < n && c < m) {
    var s = 0.0;
    for (var q = 0u; q < b; q++) {
      s += ti[lid.y * BS + q] * tj[q * TILE + lid.x];
    }
    rhs[i * m + c] -= s;
  }
}

// Rows above the block: Y[i][c] −= Σ_q L[k0+q][i]·X[k0+q][c], in 16×16 tiles of (row, column).
@compute @workgroup_size(16, 16)
fn update_upper(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wg: vec3u) {
  let n = p.n;
  let k0 = p.k0;
  let b = p.b;
  let m = p.m;
  let t = lid.y * TILE + lid.x;
  for (var e = t; e < TILE * b; e += TILE * TILE) {
    // ti holds L[k0+q][i] for the tile's rows i as [q][row]: BS × TILE.
    let qq = e / TILE;
    let rr = e % TILE;
    let ri = wg.y * TILE + rr;
    ti[qq * TILE + rr] = select(0.0, l[(k0 + qq) * n + ri], ri < k0);
    let cc = wg.x * TILE + rr;
    tj[qq * TILE + rr] = select(0.0, rhs[(k0 + qq) * m + cc], cc < m);
  }
  workgroupBarrier();
  let i = wg.y * TILE + lid.y;
  let c = wg.x * TILE + lid.x;
  if (i < k0 && c < m) {
    var s = 0.0;
    for (var q = 0u; q < b; q++) {
      s += ti[q * TILE + lid.y] * tj[q * TILE + lid.x];
    }
    rhs[i * m + c] -= s;
  }
}

// a = src + λ·I, one thread per entry: the matrix a ridge solve factors.
@compute @workgroup_size(256)
fn shift_diag(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = ps.n;
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= n * n) {
    return;
  }
  a[e] = src[e] + select(0.0, ps.lambda, e / n == e % n);
}
