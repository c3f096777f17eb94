// BatchNorm backward from the statistics the forward used (stats = [mean, variance]), with
// x̂ = (x − mean)·rstd: gw = Σ gy ⊙ x̂ and gb = Σ gy per channel (one thread per channel); in train
// mode the statistics depend on x, so gx = w·rstd·(gy − gb/R − x̂·gw/R), in eval mode gx = w·rstd·gy.

struct Params { R: u32, C: u32, eps: f32, momentum: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gy: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read_write> gwb_out: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> gwb: array<f32>;
@group(0) @binding(5) var<storage, read_write> gx: array<f32>;
@group(0) @binding(4) var<uniform> p4: Params;
@group(0) @binding(6) var<uniform> p6: Params;

fn rstd(c: u32, C: u32, eps: f32) -> f32 {
  return inverseSqrt(stats[C + c] + eps);
}

// gwb_out = [gw (C), gb (C)].
@compute @workgroup_size({{WG}})
fn grad_params(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * {{WG}}u;
  if (c >= p4.C) { return; }
  let rs = rstd(c, p4.C, p4.eps);
  var gw = 0.0;
  var gb = 0.0;
  for (var r = 0u; r < p4.R; r++) {
    let g = gy[r * p4.C + c];
    gw += g * (x[r * p4.C + c] - stats[c]) * rs;
    gb += g;
  }
  gwb_out[c] = gw;
  gwb_out[p4.C + c] = gb;
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
