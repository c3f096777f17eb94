// Ensembles of independent random MLPs in one dispatch per layer (philox.wgsl and activations.wgsl
// are prepended). Weights are never stored: network e's layer weight W[j][k] is the standard normal
// at Philox element (e mod draws)·nOut·nIn4 + j·nIn4 + k of the layer's stream (rows padded to a
// multiple of 4 so one block covers four k), scaled by σ_w[e]; its bias b[j] is element
// (e mod draws)·nOut + j of the bias stream, scaled by σ_b[e]. Networks whose index differs by a
// multiple of `draws` share a draw, so points of a (C_b, C_W) grid see common random numbers.
//
// Rows: every network carries ROWS vectors through the layer. The first PRIMAL are inputs
// (z' = σ_w·W·φ(z) + σ_b·b); row PRIMAL + t is the forward-mode tangent of primal row t
// (t' = σ_w·W·(φ'(z_t) ⊙ t), no bias), i.e. the input–output Jacobian applied to a direction.
// IN_ACT / IN_DACT are φ and φ' of the incoming rows (identity for the first layer's raw input).

struct Params {
  networks: u32,
  draws: u32,
  n_in: u32,
  n_out: u32,
  n_in4: u32,
  // Elements between consecutive networks' inputs; 0 when all networks read one shared input.
  x_stride: u32,
  seed_lo: u32,
  seed_hi: u32,
  w_stream_lo: u32,
  w_stream_hi: u32,
  b_stream_lo: u32,
  b_stream_hi: u32,
}

const ROWS: u32 = {{ROWS}}u;
const PRIMAL: u32 = {{PRIMAL}}u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
// [networks, 2]: σ_w = √(C_W / n_in), σ_b = √C_b.
@group(0) @binding(1) var<storage, read> scales: array<f32>;
@group(0) @binding(2) var<storage, read_write> z: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

fn in_act(v: f32) -> f32 { return {{IN_ACT}}; }
fn in_dact(v: f32) -> f32 { return {{IN_DACT}}; }

@compute @workgroup_size({{WG}})
fn forward(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * {{WG}}u;
  if (t >= p.networks * p.n_out) { return; }
  let e = t / p.n_out;
  let j = t % p.n_out;
  let draw = e % p.draws;
  let seed = vec2u(p.seed_lo, p.seed_hi);
  let w_stream = vec2u(p.w_stream_lo, p.w_stream_hi);
  let row = (draw * p.n_out + j) * p.n_in4;
  let xb = e * p.x_stride;
  var acc: array<f32, ROWS>;
  for (var k0 = 0u; k0 < p.n_in; k0 += 4u) {
    let w = philox_normal4(philox_block(seed, w_stream, (row + k0) / 4u));
    for (var l = 0u; l < 4u; l++) {
      let k = k0 + l;
      if (k >= p.n_in) { break; }
      for (var r = 0u; r < ROWS; r++) {
        var a: f32;
        if (r < PRIMAL) {
          a = in_act(x[xb + r * p.n_in + k]);
        } else {
          a = in_dact(x[xb + (r - PRIMAL) * p.n_in + k]) * x[xb + r * p.n_in + k];
        }
        acc[r] += w[l] * a;
      }
    }
  }
  let bi = draw * p.n_out + j;
  let bias = philox_normal4(philox_block(seed, vec2u(p.b_stream_lo, p.b_stream_hi), bi / 4u))[bi % 4u];
  let sw = scales[2u * e];
  let sb = scales[2u * e + 1u];
  for (var r = 0u; r < ROWS; r++) {
    z[(e * ROWS + r) * p.n_out + j] = sw * acc[r] + select(0.0, sb * bias, r < PRIMAL);
  }
}

struct MomentParams {
  networks: u32,
  n: u32,
}

@group(0) @binding(0) var<storage, read> zm: array<f32>;
@group(0) @binding(1) var<storage, read_write> stats: array<f32>;
@group(0) @binding(2) var<uniform> q: MomentParams;

// Per network: [mean z², mean z⁴ over primal rows and units, mean z₀·z₁ over units (0 with one
// input), mean t² over tangent rows and units (0 without tangents)], summed in a fixed order.
@compute @workgroup_size({{WG}})
fn moments(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = gid.x + gid.y * nwg.x * {{WG}}u;
  if (e >= q.networks) { return; }
  let base = e * ROWS * q.n;
  var s2 = 0.0;
  var s4 = 0.0;
  var s12 = 0.0;
  var st = 0.0;
  for (var j = 0u; j < q.n; j++) {
    for (var r = 0u; r < PRIMAL; r++) {
      let v = zm[base + r * q.n + j];
      s2 += v * v;
      s4 += v * v * v * v;
    }
    if (PRIMAL > 1u) { s12 += zm[base + j] * zm[base + q.n + j]; }
    for (var r = PRIMAL; r < ROWS; r++) {
      let v = zm[base + r * q.n + j];
      st += v * v;
    }
  }
  let n = f32(q.n);
  stats[4u * e] = s2 / (n * f32(PRIMAL));
  stats[4u * e + 1u] = s4 / (n * f32(PRIMAL));
  stats[4u * e + 2u] = s12 / n;
  stats[4u * e + 3u] = select(0.0, st / (n * f32(ROWS - PRIMAL)), ROWS > PRIMAL);
}
