// ∂W1 of a convolution's filter bank for every model of a batch (ensemble-mlp.ts): dW[e, i, c] =
// Σ_rows P[row, i]·∂Z[e, row, c] over every patch row of every example. As a batched matmul this is
// a tiny [d, c] output per model with a reduction over all n·L patch rows, which leaves almost
// every thread idle; here each output element is one thread summing its rows in order
// (deterministic, no atomics).

struct Params {
  models: u32,
  rows: u32,
  inputs: u32,
  channels: u32,
}

// [rows, inputs]: patch rows shared by every model.
@group(0) @binding(0) var<storage, read> patches: array<f32>;
// [models, rows, channels]
@group(0) @binding(1) var<storage, read> dz: array<f32>;
// [models, inputs, channels]
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * {{WG}}u;
  if (t >= p.models * p.inputs * p.channels) { return; }
  let c = t % p.channels;
  let i = (t / p.channels) % p.inputs;
  let e = t / (p.channels * p.inputs);
  let zb = e * p.rows * p.channels + c;
  var acc = 0.0;
  for (var r = 0u; r < p.rows; r++) { acc += patches[r * p.inputs + i] * dz[zb + r * p.channels]; }
  dw[t] = acc;
}
