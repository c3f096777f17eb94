// Early-learning regularization (Liu et al. 2020, ELR) for a batch of logits [rows, cols]:
//   loss_r = CE(z_r, y_r) + λ·log(1 − ⟨q_r, t_i⟩),   q = clamp(softmax(z), lo, 1 − lo),
// where i = order[offset + r] is the example's id in the training pool and t_i its temporal
// ensemble target, kept in a pool-long buffer targets [n, cols] on the GPU and updated in the
// forward pass, before the loss reads it, as the paper's code does:
//   t_i ← β·t_i + (1 − β)·q / Σq   (the target is a constant of the loss: no gradient flows into it).
// The clamp keeps 1 − ⟨q, t⟩ ≥ lo (Σt ≤ 1), so the log never sees 0. One thread per row: rows are
// class counts long, and serial loops in a fixed order keep the sums deterministic. An example
// appears once in a batch (order is a permutation), so no two threads write one target row.

struct Params { rows: u32, cols: u32, offset: u32, lambda: f32, beta: f32, lo: f32, scale: f32, nan: f32 }

@group(0) @binding({{BIND_logits}}) var<storage, read> logits: array<f32>;
@group(0) @binding({{BIND_labels}}) var<storage, read> labels: array<u32>;
@group(0) @binding({{BIND_order}}) var<storage, read> order: array<u32>;
@group(0) @binding({{BIND_targets}}) var<storage, read_write> targets: array<f32>;
@group(0) @binding({{BIND_probs_out}}) var<storage, read_write> probs_out: array<f32>;
@group(0) @binding({{BIND_batch_targets}}) var<storage, read_write> batch_targets: array<f32>;
@group(0) @binding({{BIND_loss}}) var<storage, read_write> loss: array<f32>;
@group(0) @binding({{BIND_probs}}) var<storage, read> probs: array<f32>;
@group(0) @binding({{BIND_row_targets}}) var<storage, read> row_targets: array<f32>;
@group(0) @binding({{BIND_g}}) var<storage, read> g: array<f32>;
@group(0) @binding({{BIND_grad}}) var<storage, read_write> grad: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn clamped(v: f32) -> f32 {
  return clamp(v, p.lo, 1.0 - p.lo);
}

// Per row: the softmax, the target update, and the loss. The updated target row is also copied to
// batch_targets, so the backward pass needs neither the order nor the pool-long buffer.
@compute @workgroup_size({{WG}})
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  let tbase = order[p.offset + r] * p.cols;
  var m = logits[base];
  for (var k = 1u; k < p.cols; k++) { m = max(m, logits[base + k]); }
  var s = 0.0;
  for (var k = 0u; k < p.cols; k++) { s += exp(logits[base + k] - m); }
  var qs = 0.0;
  for (var k = 0u; k < p.cols; k++) { qs += clamped(exp(logits[base + k] - m) / s); }
  var dot = 0.0;
  for (var k = 0u; k < p.cols; k++) {
    let pk = exp(logits[base + k] - m) / s;
    let q = clamped(pk);
    let t = p.beta * targets[tbase + k] + (1.0 - p.beta) * q / qs;
    targets[tbase + k] = t;
    batch_targets[base + k] = t;
    probs_out[base + k] = pk;
    dot += q * t;
  }
  let y = labels[r];
  // A label outside [0, cols) has no loss: NaN (a uniform, as WGSL rejects a NaN constant).
  if (y >= p.cols) {
    loss[r] = p.nan;
    return;
  }
  loss[r] = log(s) - (logits[base + y] - m) + p.lambda * log(1.0 - dot);
}

// ∂loss/∂z for one row, times scale·g[0] (scale = 1/B for the batch mean): with c = 1 − ⟨q, t⟩ and
// u_k = −t_k·[lo < p_k < 1 − lo]/c the regularizer's gradient in the probabilities (the clamp
// passes no gradient where it bites), the softmax chain rule gives
//   ∂/∂z_j = p_j − onehot(y)_j + λ·p_j·(u_j − Σ_k u_k p_k).
@compute @workgroup_size({{WG}})
fn backward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  var dot = 0.0;
  for (var k = 0u; k < p.cols; k++) { dot += clamped(probs[base + k]) * row_targets[base + k]; }
  let inv = 1.0 / (1.0 - dot);
  var w = 0.0;
  for (var k = 0u; k < p.cols; k++) {
    let pk = probs[base + k];
    let inside = pk > p.lo && pk < 1.0 - p.lo;
    w += select(0.0, -row_targets[base + k] * inv, inside) * pk;
  }
  let y = labels[r];
  let sg = p.scale * g[0];
  for (var j = 0u; j < p.cols; j++) {
    let pj = probs[base + j];
    let inside = pj > p.lo && pj < 1.0 - p.lo;
    let u = select(0.0, -row_targets[base + j] * inv, inside);
    let d = pj - select(0.0, 1.0, j == y) + p.lambda * pj * (u - w);
    grad[base + j] = select(sg * d, p.nan, y >= p.cols);
  }
}
