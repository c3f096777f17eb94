// Fused in-place optimizer updates: one thread per weight reads w, g and its state once and
// writes them back. The host passes the step's learning rate and Adam's bias corrections as
// params, so a schedule never needs a read-back. With a mask, masked weights and their state are
// multiplied by the mask after the update (pruned weights stay exactly 0 and carry no momentum).

struct Params {
  n: u32,
  lr: f32,
  weight_decay: f32,
  // 1: w ← w·(1 − lr·wd) before the step (SGDW/AdamW); 0: wd·w is added to the gradient (L2).
  decoupled: u32,
  // SGD: momentum μ; Adam: β₁.
  beta1: f32,
  beta2: f32,
  eps: f32,
  // Adam's 1 − β₁ᵗ and 1 − β₂ᵗ.
  bc1: f32,
  bc2: f32,
  nesterov: u32,
}

// Bindings are w, g, [s1], [s2], [mask], params in that order (numbered by program.ts).
@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding({{BIND_s1}}) var<storage, read_write> s1: array<f32>;
@group(0) @binding({{BIND_s2}}) var<storage, read_write> s2: array<f32>;
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// Weight after decoupled decay, and the gradient with L2 decay folded in.
fn decayed(i: u32) -> vec2f {
  let wi = w[i];
  if (p.decoupled != 0u) { return vec2f(wi * (1.0 - p.lr * p.weight_decay), g[i]); }
  return vec2f(wi, g[i] + p.weight_decay * wi);
}

// PyTorch's SGD (dampening 0): v ← μv + g; step = g + μv (Nesterov) or v; w ← w − lr·step.
@compute @workgroup_size({{WG}})
fn sgd(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.n) { return; }
  let wg = decayed(i);
  let v = p.beta1 * s1[i] + wg.y;
  let step = select(v, wg.y + p.beta1 * v, p.nesterov != 0u);
  let keep = {{KEEP}};
  s1[i] = v * keep;
  w[i] = (wg.x - p.lr * step) * keep;
}

// Plain SGD (μ = 0): the velocity would equal the gradient, so like PyTorch it keeps none and
// each weight costs two reads and one write instead of three and two.
@compute @workgroup_size({{WG}})
fn sgd_plain(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.n) { return; }
  let wg = decayed(i);
  w[i] = (wg.x - p.lr * wg.y) * {{KEEP}};
}

// Adam/AdamW: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·(m/bc1) / (√(v/bc2) + eps).
@compute @workgroup_size({{WG}})
fn adam(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.n) { return; }
  let wg = decayed(i);
  let m = p.beta1 * s1[i] + (1.0 - p.beta1) * wg.y;
  let v = p.beta2 * s2[i] + (1.0 - p.beta2) * wg.y * wg.y;
  let keep = {{KEEP}};
  s1[i] = m * keep;
  s2[i] = v * keep;
  w[i] = (wg.x - p.lr * (m / p.bc1) / (sqrt(v / p.bc2) + p.eps)) * keep;
}
