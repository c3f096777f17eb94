// One signed step of an L∞ attack (FGSM, a PGD iteration, or the random-sign control):
// out = clamp(clamp(x + alpha·sign(d), x0 − eps, x0 + eps), lo, hi). The inner clamp projects onto
// the ε-ball around the original x0, the outer one keeps pixels in the data range.

struct Params {
  n: u32,
  alpha: f32,
  eps: f32,
  lo: f32,
  hi: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> d: array<f32>;
@group(0) @binding(2) var<storage, read> x0: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.n) { return; }
  let stepped = x[i] + p.alpha * sign(d[i]);
  let ball = clamp(stepped, x0[i] - p.eps, x0[i] + p.eps);
  out[i] = clamp(ball, p.lo, p.hi);
}
