// LayerNorm over the last axis of a [rows, D] view, one thread per row (rows are short here, and
// on CPU emulation a workgroup tree costs more than it saves). Mean and variance are two-pass, so
// a large common offset does not cancel digits. stats[2r] = mean, stats[2r + 1] = 1/√(var + eps).

struct Params { rows: u32, D: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  let base = r * p.D;
  var s = 0.0;
  for (var c = 0u; c < p.D; c++) { s += x[base + c]; }
  let mean = s / f32(p.D);
  var q = 0.0;
  for (var c = 0u; c < p.D; c++) {
    let d = x[base + c] - mean;
    q += d * d;
  }
  let rstd = inverseSqrt(q / f32(p.D) + p.eps);
  for (var c = 0u; c < p.D; c++) { y[base + c] = (x[base + c] - mean) * rstd * w[c] + bias[c]; }
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
}
