// BatchNorm over a [R, C] view (R = N, or N·H·W for NHWC activations). Statistics in two passes
// so that a GPU has work for more than C threads: `partials` gives each (chunk of rows, channel)
// its mean and sum of squared deviations (thread i = p·C + c, so neighbouring threads read
// neighbouring addresses); `batch_stats` merges the P chunks of a channel in order (Chan et al.'s
// pairwise update: deterministic, and more accurate than one long running sum). stats = [mean (C),
// biased variance (C)]. The running statistics follow PyTorch: running ← (1 − momentum)·running
// + momentum·batch, with the unbiased variance. `apply` is the per-element affine map.

struct Params { R: u32, C: u32, eps: f32, momentum: f32, chunk: u32, P: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> part_out: array<f32>;
@group(0) @binding(0) var<storage, read> part: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats_out: array<f32>;
@group(0) @binding(2) var<storage, read_write> run_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> run_var: array<f32>;
@group(0) @binding(1) var<storage, read> stats: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> p2: Params;
@group(0) @binding(4) var<uniform> p4: Params;
@group(0) @binding(5) var<uniform> p5: Params;

fn rows_of(p: u32, chunk: u32, R: u32) -> vec2u {
  let r0 = p * chunk;
  return vec2u(r0, min(R, r0 + chunk));
}

// part_out = [chunk means (P·C), chunk sums of squared deviations (P·C)].
@compute @workgroup_size({{WG}})
fn partials(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  let C = p2.C;
  if (i >= p2.P * C) { return; }
  let c = i % C;
  let rows = rows_of(i / C, p2.chunk, p2.R);
  var s = 0.0;
  for (var r = rows.x; r < rows.y; r++) { s += x[r * C + c]; }
  let mean = s / f32(rows.y - rows.x);
  var q = 0.0;
  for (var r = rows.x; r < rows.y; r++) {
    let d = x[r * C + c] - mean;
    q += d * d;
  }
  part_out[i] = mean;
  part_out[p2.P * C + i] = q;
}

@compute @workgroup_size({{WG}})
fn batch_stats(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * {{WG}}u;
  let C = p4.C;
  if (c >= C) { return; }
  var n = 0.0;
  var mean = 0.0;
  var q = 0.0;
  for (var p = 0u; p < p4.P; p++) {
    let rows = rows_of(p, p4.chunk, p4.R);
    let nb = f32(rows.y - rows.x);
    let d = part[p * C + c] - mean;
    let total = n + nb;
    mean += d * nb / total;
    q += part[p4.P * C + p * C + c] + d * d * n * nb / total;
    n = total;
  }
  let variance = q / f32(p4.R);
  stats_out[c] = mean;
  stats_out[C + c] = variance;
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
