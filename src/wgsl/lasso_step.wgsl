// One accelerated proximal-gradient (FISTA) step of the lasso min_w ‖Zw − z‖² + λ‖w‖₁, for every
// column of W at once, fused: the gradient step from the extrapolated point y, the soft threshold
// (the ℓ1 prox, which sets small weights to exactly 0), and the next extrapolated point:
//   w⁺ = soft(y − step·(G·y − c), threshold),   y⁺ = w⁺ + β·(w⁺ − w).
// gy = G·y comes from the matmul kernel; the caller folds the loss's factor 2 into `step`.

struct Params {
  n: u32,
  step: f32,
  threshold: f32,
  beta: f32,
}

@group(0) @binding(0) var<storage, read> gy: array<f32>;
@group(0) @binding(1) var<storage, read> c: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> w: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.n) { return; }
  let z = y[i] - p.step * (gy[i] - c[i]);
  // max(|z| − t, 0) is exactly 0 inside the threshold, not a tiny number of either sign (nor −0).
  let shrunk = max(abs(z) - p.threshold, 0.0);
  let next = select(0.0, select(-shrunk, shrunk, z >= 0.0), shrunk > 0.0);
  let before = w[i];
  w[i] = next;
  y[i] = next + p.beta * (next - before);
}
