// LayerNorm backward from the forward's per-row (mean, rstd). With x̂ = (x − mean)·rstd and
// ĝ = gy ⊙ w: gx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂)) per row (one thread per row);
// gw = Σ_rows gy ⊙ x̂ and gb = Σ_rows gy per column: one thread per column and chunk of rows
// (`chunk` rows, P chunks: a GPU gets more threads than columns), whose partials a column sum
// then combines in order.

struct Params { rows: u32, D: u32, eps: f32, chunk: u32, P: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> gy: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read_write> gx: array<f32>;
@group(0) @binding(3) var<storage, read_write> gwb: array<f32>;
@group(0) @binding(5) var<uniform> p5: Params;
@group(0) @binding(4) var<uniform> p4: Params;

@compute @workgroup_size({{WG}})
fn grad_x(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p5.rows) { return; }
  let base = r * p5.D;
  let mean = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var sg = 0.0;
  var sgx = 0.0;
  for (var c = 0u; c < p5.D; c++) {
    let g = gy[base + c] * w[c];
    sg += g;
    sgx += g * (x[base + c] - mean) * rstd;
  }
  let n = f32(p5.D);
  for (var c = 0u; c < p5.D; c++) {
    let xh = (x[base + c] - mean) * rstd;
    gx[base + c] = rstd * (gy[base + c] * w[c] - sg / n - xh * sgx / n);
  }
}

// part = [gw partials (P·D), gb partials (P·D)].
@compute @workgroup_size({{WG}})
fn grad_partials(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  let D = p4.D;
  if (i >= p4.P * D) { return; }
  let c = i % D;
  let r0 = (i / D) * p4.chunk;
  let r1 = min(p4.rows, r0 + p4.chunk);
  var gw = 0.0;
  var gb = 0.0;
  for (var r = r0; r < r1; r++) {
    let g = gy[r * D + c];
    gw += g * (x[r * D + c] - stats[2u * r]) * stats[2u * r + 1u];
    gb += g;
  }
  gwb[i] = gw;
  gwb[p4.P * D + i] = gb;
}
