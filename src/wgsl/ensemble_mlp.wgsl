// Many two-layer ReLU MLPs trained at once on one shared data set (ensemble-mlp.ts): model e maps
// an input row x (a ones column appended, so W1's last row is the hidden bias) to
// f_e(x) = W2[e]ᵀ·ReLU(W1[e]ᵀ·x), scored by the square loss summed over outputs and averaged over
// rows. The step's two big products (H = ReLU(X·W1), ∂W1 = Xᵀ·∂Z) and ∂W2 = Hᵀ·G are batched
// matmuls (matmul.ts); these entries are the thin parts between them, each one dispatch over all
// models. The output width is a handful of classes, so the head recomputes f from H and W2 inside
// each thread instead of storing it.
//
// All entries share one layout: `src` is the targets y [rows, outputs] (shared by every model) for
// `head` and `risk`, and G [models, rows, outputs] for `hidden_grad`.

struct Params {
  models: u32,
  rows: u32,
  hidden: u32,
  outputs: u32,
  // head: ∂loss/∂f factor (2 / rows); risk: 1 / rows.
  scale: f32,
}

// [models, rows, hidden]: ReLU outputs of the hidden layer.
@group(0) @binding(0) var<storage, read> h: array<f32>;
// [models, hidden, outputs]
@group(0) @binding(1) var<storage, read> w2: array<f32>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

fn output_of(e: u32, r: u32, k: u32) -> f32 {
  let hb = (e * p.rows + r) * p.hidden;
  let wb = e * p.hidden * p.outputs + k;
  var f = 0.0;
  for (var j = 0u; j < p.hidden; j++) { f += h[hb + j] * w2[wb + j * p.outputs]; }
  return f;
}

// G [models, rows, outputs] = scale·(f − y): the gradient of the loss in the outputs.
@compute @workgroup_size({{WG}})
fn head(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * {{WG}}u;
  if (t >= p.models * p.rows * p.outputs) { return; }
  let k = t % p.outputs;
  let r = (t / p.outputs) % p.rows;
  let e = t / (p.outputs * p.rows);
  dst[t] = p.scale * (output_of(e, r, k) - src[r * p.outputs + k]);
}

// ∂Z [models, rows, hidden] = (G·W2ᵀ) ⊙ [h > 0]: ReLU passes the gradient where it was active.
@compute @workgroup_size({{WG}})
fn hidden_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * {{WG}}u;
  if (t >= p.models * p.rows * p.hidden) { return; }
  if (h[t] <= 0.0) {
    dst[t] = 0.0;
    return;
  }
  let j = t % p.hidden;
  let er = t / p.hidden;
  let e = er / p.rows;
  let gb = er * p.outputs;
  let wb = (e * p.hidden + j) * p.outputs;
  var acc = 0.0;
  for (var k = 0u; k < p.outputs; k++) { acc += src[gb + k] * w2[wb + k]; }
  dst[t] = acc;
}

// risk [models] = scale·Σ_rows Σ_outputs (f − y)², one thread per model summing in a fixed order
// (deterministic; no atomics).
@compute @workgroup_size({{WG}})
fn risk(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = gid.x + gid.y * nwg.x * {{WG}}u;
  if (e >= p.models) { return; }
  var total = 0.0;
  for (var r = 0u; r < p.rows; r++) {
    var row = 0.0;
    for (var k = 0u; k < p.outputs; k++) {
      let d = output_of(e, r, k) - src[r * p.outputs + k];
      row += d * d;
    }
    total += row;
  }
  dst[e] = p.scale * total;
}
