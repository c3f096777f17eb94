// BatchNorm over a [R, C] view (R = N, or N·H·W for NHWC activations): per-channel statistics
// with one thread per channel looping over the rows in order (deterministic), then a per-element
// affine map. stats = [mean (C), biased variance (C)]. The running statistics follow PyTorch:
// running ← (1 − momentum)·running + momentum·batch, with the unbiased variance.

struct Params { R: u32, C: u32, eps: f32, momentum: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats_out: array<f32>;
@group(0) @binding(2) var<storage, read_write> run_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> run_var: array<f32>;
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<uniform> p4: Params;
@group(0) @binding(5) var<uniform> p5: Params;

@compute @workgroup_size({{WG}})
fn batch_stats(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * {{WG}}u;
  if (c >= p4.C) { return; }
  var s = 0.0;
  for (var r = 0u; r < p4.R; r++) { s += x[r * p4.C + c]; }
  let mean = s / f32(p4.R);
  var q = 0.0;
  for (var r = 0u; r < p4.R; r++) {
    let d = x[r * p4.C + c] - mean;
    q += d * d;
  }
  let variance = q / f32(p4.R);
  stats_out[c] = mean;
  stats_out[p4.C + c] = variance;
  let unbiased = select(variance, q / f32(p4.R - 1u), p4.R > 1u);
  run_mean[c] = (1.0 - p4.momentum) * run_mean[c] + p4.momentum * mean;
  run_var[c] = (1.0 - p4.momentum) * run_var[c] + p4.momentum * unbiased;
}

@compute @workgroup_size({{WG}})
fn apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p5.R * p5.C) { return; }
  let c = i % p5.C;
  y[i] = (x[i] - stats[c]) * inverseSqrt(stats[p5.C + c] + p5.eps) * w[c] + bias[c];
}
