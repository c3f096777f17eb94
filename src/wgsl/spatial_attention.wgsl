// Spatial attention maps of NHWC activations h [B, S = H·W, C] (DataDAM): per position the mean over
// channels of |h|^p, then each example's map divided by its L2 norm, a = m / max(‖m‖, 1e-12).
// The exponent p is a small integer, raised by repeated products (pow is undefined at |h| = 0).
// Four entries, each one plain pass with no workgroup trees (maps are short: S ≤ 1024):
//   pool      one thread per (b, s):    m[b, s] = mean_c |h[b, s, c]|^p
//   normalize one thread per example b: norm[b] = max(‖m[b, :]‖, 1e-12), a = m / norm (in place)
//   dot       one thread per example b: dots[b] = Σ_s a[b, s]·g[b, s]
//   grad      one thread per element:   gh = (g − a·dot)/norm · (p/C)·|h|^(p−1)·sign(h)

struct Params { B: u32, S: u32, C: u32, p: u32 }

@group(0) @binding({{BIND_h}}) var<storage, read> h: array<f32>;
@group(0) @binding({{BIND_a}}) var<storage, read_write> a: array<f32>;
@group(0) @binding({{BIND_norms}}) var<storage, read_write> norms: array<f32>;
@group(0) @binding({{BIND_g}}) var<storage, read> g: array<f32>;
@group(0) @binding({{BIND_dots}}) var<storage, read_write> dots: array<f32>;
@group(0) @binding({{BIND_gh}}) var<storage, read_write> gh: array<f32>;
@group(0) @binding({{BIND_u}}) var<uniform> u: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

/** |v|^k for a small integer k ≥ 0. */
fn abs_power(v: f32, k: u32) -> f32 {
  var r = 1.0;
  for (var i = 0u; i < k; i++) { r *= abs(v); }
  return r;
}

@compute @workgroup_size({{WG}})
fn pool(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= u.B * u.S) { return; }
  var s = 0.0;
  for (var c = 0u; c < u.C; c++) { s += abs_power(h[i * u.C + c], u.p); }
  a[i] = s / f32(u.C);
}

@compute @workgroup_size({{WG}})
fn normalize(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let b = index(gid, nwg);
  if (b >= u.B) { return; }
  var q = 0.0;
  for (var s = 0u; s < u.S; s++) { q += a[b * u.S + s] * a[b * u.S + s]; }
  let n = max(sqrt(q), 1e-12);
  for (var s = 0u; s < u.S; s++) { a[b * u.S + s] /= n; }
  norms[b] = n;
}

@compute @workgroup_size({{WG}})
fn dot(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let b = index(gid, nwg);
  if (b >= u.B) { return; }
  var d = 0.0;
  for (var s = 0u; s < u.S; s++) { d += a[b * u.S + s] * g[b * u.S + s]; }
  dots[b] = d;
}

@compute @workgroup_size({{WG}})
fn grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= u.B * u.S * u.C) { return; }
  let bs = i / u.C;
  let b = bs / u.S;
  let gm = (g[bs] - a[bs] * dots[b]) / norms[b];
  let v = h[i];
  gh[i] = gm * f32(u.p) / f32(u.C) * abs_power(v, u.p - 1u) * sign(v);
}
