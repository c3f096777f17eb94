// Lanczos with full reorthogonalization for the top eigenvalues of a symmetric n×n matrix K
// (gram-spectrum.ts). Step j, from the unit vector q_j (row j of Q):
//   matvec     w = K·q_j, one thread per row;
//   project    c_r = q_r·w for r ≤ j, one thread per r;
//   subtract   w −= Σ_{r≤j} c_r·q_r, one thread per entry (project + subtract run twice:
//              "twice is enough" keeps Q orthogonal to float32 rounding); α_j = Σ over both
//              passes of c_j goes to t[2j];
//   normalize  β_j = ‖w‖ (one workgroup, fixed-order tree sum) to t[2j + 1], q_{j+1} = w/β_j.
// Only the tridiagonal T (α, β) is read back; its eigenvalues are the Ritz values. Every sum
// runs in a fixed order, so the result does not depend on scheduling.

struct Params {
  n: u32,
  j: u32,
  // 0 on the first reorthogonalization pass, 1 on the second.
  second: u32,
}

@group(0) @binding({{BIND_kmat}}) var<storage, read> kmat: array<f32>;
@group(0) @binding({{BIND_q}}) var<storage, read_write> q: array<f32>;
@group(0) @binding({{BIND_w}}) var<storage, read_write> w: array<f32>;
@group(0) @binding({{BIND_c}}) var<storage, read_write> c: array<f32>;
@group(0) @binding({{BIND_t}}) var<storage, read_write> t: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

var<workgroup> partial: array<f32, 256>;

// Σ_k x[xo + k]·y[yo + k] over n entries, four interleaved sums (fixed order).
fn dot_q_w(qo: u32) -> f32 {
  var s = vec4f(0.0);
  let n4 = p.n & ~3u;
  for (var k = 0u; k < n4; k += 4u) {
    s += vec4f(q[qo + k], q[qo + k + 1u], q[qo + k + 2u], q[qo + k + 3u]) * vec4f(w[k], w[k + 1u], w[k + 2u], w[k + 3u]);
  }
  for (var k = n4; k < p.n; k++) {
    s.x += q[qo + k] * w[k];
  }
  return (s.x + s.y) + (s.z + s.w);
}

@compute @workgroup_size(64)
fn matvec(@builtin(global_invocation_id) gid: vec3u) {
  let n = p.n;
  let i = gid.x;
  if (i >= n) {
    return;
  }
  let r = i * n;
  let qo = p.j * n;
  var s = vec4f(0.0);
  let n4 = n & ~3u;
  for (var k = 0u; k < n4; k += 4u) {
    s += vec4f(kmat[r + k], kmat[r + k + 1u], kmat[r + k + 2u], kmat[r + k + 3u]) *
      vec4f(q[qo + k], q[qo + k + 1u], q[qo + k + 2u], q[qo + k + 3u]);
  }
  for (var k = n4; k < n; k++) {
    s.x += kmat[r + k] * q[qo + k];
  }
  w[i] = (s.x + s.y) + (s.z + s.w);
}

@compute @workgroup_size(64)
fn project(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x;
  if (r > p.j) {
    return;
  }
  c[r] = dot_q_w(r * p.n);
}

@compute @workgroup_size(64)
fn subtract(@builtin(global_invocation_id) gid: vec3u) {
  let n = p.n;
  let i = gid.x;
  if (i >= n) {
    return;
  }
  if (i == 0u) {
    t[2u * p.j] = select(c[p.j], t[2u * p.j] + c[p.j], p.second == 1u);
  }
  var s = w[i];
  for (var r = 0u; r <= p.j; r++) {
    s -= c[r] * q[r * n + i];
  }
  w[i] = s;
}

@compute @workgroup_size(256)
fn normalize(@builtin(local_invocation_index) l: u32) {
  let n = p.n;
  var s = 0.0;
  for (var i = l; i < n; i += 256u) {
    s += w[i] * w[i];
  }
  partial[l] = s;
  workgroupBarrier();
  for (var h = 128u; h > 0u; h >>= 1u) {
    if (l < h) {
      partial[l] += partial[l + h];
    }
    workgroupBarrier();
  }
  let beta = sqrt(partial[0]);
  if (l == 0u) {
    t[2u * p.j + 1u] = beta;
  }
  let qo = (p.j + 1u) * n;
  for (var i = l; i < n; i += 256u) {
    q[qo + i] = w[i] / beta;
  }
}
