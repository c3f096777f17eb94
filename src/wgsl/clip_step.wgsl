// One SGD step with the gradient clipped to a global norm: w ← w − lr·min(1, maxNorm/√ss)·g, where
// ss (one float on the GPU) is Σ‖g‖² over every parameter of the model, so the whole update is
// scaled by one factor and no readback is needed to clip. maxNorm ≤ 0 turns clipping off.

struct Params {
  n: u32,
  lr: f32,
  max_norm: f32,
}

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read> ss: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.n) { return; }
  let norm = sqrt(ss[0]);
  var factor = 1.0;
  if (p.max_norm > 0.0 && norm > p.max_norm) { factor = p.max_norm / norm; }
  w[i] = w[i] - p.lr * factor * g[i];
}
