// Column standardisation for correlation matrices: x is [rows, cols] row-major (rows = samples,
// cols = units); one workgroup per column writes z[:, c] = (x[:, c] − mean) / ‖x[:, c] − mean‖,
// a unit-norm centred column, so that zaᵀ·zb is the Pearson correlation matrix of two such blocks
// with no further scaling. Two passes (mean, then squared deviations) rather than Σx² − n·mean²,
// whose cancellation loses all digits for units with a large mean and a small spread (ReLU units
// that are nearly always on). Each pass is a fixed strided sum per thread and a fixed tree over
// the workgroup: the same numbers on every run. A constant (dead) unit has no correlation; its
// column is written as zeros, so its correlations read 0, and sd[c] = 0 tells the caller.

struct Params {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> sd: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> part: array<f32, {{WG}}>;

/** Σ over the workgroup of every thread's `v`, returned to all threads. */
fn workgroupSum(lid: u32, v: f32) -> f32 {
  part[lid] = v;
  workgroupBarrier();
  for (var half = {{WG}}u / 2u; half > 0u; half = half / 2u) {
    if (lid < half) { part[lid] = part[lid] + part[lid + half]; }
    workgroupBarrier();
  }
  let total = part[0];
  // Nobody overwrites part[] for the next sum before everyone has read this one.
  workgroupBarrier();
  return total;
}

@compute @workgroup_size({{WG}})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let c = wid.x;
  let lid = lid3.x;
  var s = 0.0;
  for (var r = lid; r < p.rows; r = r + {{WG}}u) { s = s + x[r * p.cols + c]; }
  let mean = workgroupSum(lid, s) / f32(p.rows);
  var ss = 0.0;
  for (var r = lid; r < p.rows; r = r + {{WG}}u) {
    let d = x[r * p.cols + c] - mean;
    ss = ss + d * d;
  }
  let total = workgroupSum(lid, ss);
  // Dead: a spread below float32's resolution of the mean is rounding noise, not a signal.
  let dead = total <= f32(p.rows) * (1e-6 * mean) * (1e-6 * mean);
  let inv = select(inverseSqrt(total), 0.0, dead);
  for (var r = lid; r < p.rows; r = r + {{WG}}u) { z[r * p.cols + c] = (x[r * p.cols + c] - mean) * inv; }
  if (lid == 0u) { sd[c] = select(sqrt(total / f32(p.rows)), 0.0, dead); }
}
