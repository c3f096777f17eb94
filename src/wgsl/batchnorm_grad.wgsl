// BatchNorm backward from the statistics the forward used (stats = [mean, variance]), with
// x̂ = (x − mean)·rstd: gw = Σ gy ⊙ x̂ and gb = Σ gy per channel, in two passes as the forward's
// statistics (`grad_partials` per chunk of rows and channel, `grad_params` sums the chunks in
// order); in train mode the statistics depend on x, so gx = w·rstd·(gy − gb/R − x̂·gw/R), in eval
// mode gx = w·rstd·gy.

struct Params { R: u32, C: u32, eps: f32, momentum: f32, chunk: u32, P: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gy: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> part_out: array<f32>;
@group(0) @binding(0) var<storage, read> part: array<f32>;
@group(0) @binding(1) var<storage, read_write> gwb_out: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> gwb: array<f32>;
@group(0) @binding(5) var<storage, read_write> gx: array<f32>;
@group(0) @binding(3) var<uniform> p3: Params;
@group(0) @binding(4) var<uniform> p4: Params;
@group(0) @binding(6) var<uniform> p6: Params;

fn rstd(c: u32, C: u32, eps: f32) -> f32 {
  return inverseSqrt(stats[C + c] + eps);
}

// part_out = [Σ gy·(x − mean) (P·C), Σ gy (P·C)] over each chunk of rows.
@compute @workgroup_size({{WG}})
fn grad_partials(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  let C = p4.C;
  if (i >= p4.P * C) { return; }
  let c = i % C;
  let r0 = (i / C) * p4.chunk;
  let r1 = min(p4.R, r0 + p4.chunk);
  var gw = 0.0;
  var gb = 0.0;
  for (var r = r0; r < r1; r++) {
    let g = gy[r * C + c];
    gw += g * (x[r * C + c] - stats[c]);
    gb += g;
  }
  part_out[i] = gw;
  part_out[p4.P * C + i] = gb;
}

// gwb_out = [gw (C), gb (C)].
@compute @workgroup_size({{WG}})
fn grad_params(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * {{WG}}u;
  let C = p3.C;
  if (c >= C) { return; }
  var gw = 0.0;
  var gb = 0.0;
  for (var p = 0u; p < p3.P; p++) {
    gw += part[p * C + c];
    gb += part[p3.P * C + p * C + c];
  }
  gwb_out[c] = gw * rstd(c, C, p3.eps);
  gwb_out[C + c] = gb;
}

@compute @workgroup_size({{WG}})
fn grad_x(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p6.R * p6.C) { return; }
  let c = i % p6.C;
  let rs = rstd(c, p6.C, p6.eps);
  var g = gy[i];
  if ({{TRAIN}}) {
    let n = f32(p6.R);
    g = g - gwb[p6.C + c] / n - (x[i] - stats[c]) * rs * gwb[c] / n;
  }
  gx[i] = w[c] * rs * g;
}
