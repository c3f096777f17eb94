// y = act(x·W + bias) with W [K, N] stored as CSR of Wᵀ: row n lists the kept inputs k of output
// neuron n with their weights, so each thread walks one row, for eight batch rows at once (every
// index and weight loaded is used eight times). Sums run in row order: deterministic.
// activations.wgsl is prepended.

struct Params {
  B: u32,
  K: u32,
  N: u32,
}

const HAS_BIAS: bool = {{HAS_BIAS}};

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> row_ptr: array<u32>;
@group(0) @binding(2) var<storage, read> col: array<u32>;
@group(0) @binding(3) var<storage, read> val: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
// Without a bias, `val` is bound here and never read.
@group(0) @binding(5) var<storage, read> bias: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

fn act_identity(v: f32) -> f32 {
  return v;
}

@compute @workgroup_size({{WG}})
fn csr_matmul(@builtin(global_invocation_id) gid: vec3u) {
  let n = gid.x;
  let b0 = gid.y * 8u;
  if (n >= p.N || b0 >= p.B) { return; }
  // Rows past the batch repeat the last one and are not stored: no bounds checks in the loop.
  let last = p.B - 1u;
  let x0 = b0 * p.K;
  let x1 = min(b0 + 1u, last) * p.K;
  let x2 = min(b0 + 2u, last) * p.K;
  let x3 = min(b0 + 3u, last) * p.K;
  let x4 = min(b0 + 4u, last) * p.K;
  let x5 = min(b0 + 5u, last) * p.K;
  let x6 = min(b0 + 6u, last) * p.K;
  let x7 = min(b0 + 7u, last) * p.K;
  var lo = vec4f(0.0);
  var hi = vec4f(0.0);
  let stop = row_ptr[n + 1u];
  for (var j = row_ptr[n]; j < stop; j++) {
    let k = col[j];
    let v = val[j];
    lo += v * vec4f(x[x0 + k], x[x1 + k], x[x2 + k], x[x3 + k]);
    hi += v * vec4f(x[x4 + k], x[x5 + k], x[x6 + k], x[x7 + k]);
  }
  var add = 0.0;
  if (HAS_BIAS) { add = bias[n]; }
  for (var q = 0u; q < 4u; q++) {
    if (b0 + q < p.B) { y[(b0 + q) * p.N + n] = {{ACTIVATION}}(lo[q] + add); }
    if (b0 + 4u + q < p.B) { y[(b0 + 4u + q) * p.N + n] = {{ACTIVATION}}(hi[q] + add); }
  }
}
