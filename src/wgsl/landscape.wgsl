// Loss-landscape kernels; philox.wgsl is prepended by the wrapper (src/gpu/kernels/landscape.ts).
//
// Random subspace (Li et al. 2018, "Measuring the intrinsic dimension of objective landscapes"):
// θ = θ0 + P·z with P a dense D×d Gaussian matrix scaled by 1/√D (columns of unit expected norm)
// that is never stored: entry P[i, j] is lane j % 4 of the Philox block with counter
// (j / 4, i, stream lo, stream hi) and key = seed, so row i of P is d4 = ⌈d/4⌉ blocks and both
// P·z (one thread per row) and Pᵀ·g (one thread per 4 columns and row chunk) generate every block
// exactly once per pass. z is padded with zeros to 4·d4.
//
// The sign variant (expand_sign, project_sign_partial) draws P[i, j] = ±1 instead (Achlioptas'
// Rademacher projection, the same 1/√D scale, so columns have norm exactly 1): bit j % 32 of lane
// (j / 32) % 4 of the block with counter (j / 128, i, stream). One Philox block then gives 128
// entries instead of 4 normals, about 30× less arithmetic, which is what makes a d sweep feasible
// on a CPU adapter. z is padded with zeros to 32·words (m = words of 32 columns).
//
// Every entry binds the roles it uses as 0, 1, … in the order a, b, c, out, then the params
// (numbered by program.ts).

struct Params {
  n: u32,
  // subspace: blocks per row; filter_normalize: columns; accumulate: result slot.
  m: u32,
  seed_lo: u32,
  seed_hi: u32,
  stream_lo: u32,
  stream_hi: u32,
  // expand: first row of this call within θ; project_final: d; accumulate: 1 overwrites the slot.
  k: u32,
  // subspace: 1/√D; plane: a.
  s: f32,
  // plane: b.
  t: f32,
}

@group(0) @binding({{BIND_a}}) var<storage, read> a: array<f32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<f32>;
@group(0) @binding({{BIND_c}}) var<storage, read> c: array<f32>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn linear(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

fn p_block(row: u32, block: u32) -> vec4f {
  let bits = philox4x32_10(vec4u(block, row, p.stream_lo, p.stream_hi), vec2u(p.seed_lo, p.seed_hi));
  return philox_normal4(bits);
}

// out[i] ← a[i] + s·Σ_j P[k + i, j]·b[j]   (a = θ0 slice, b = z padded, out = θ slice)
@compute @workgroup_size({{WG}})
fn expand(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i >= p.n) { return; }
  var acc = 0.0;
  for (var j = 0u; j < p.m; j++) {
    let z = vec4f(b[4u * j], b[4u * j + 1u], b[4u * j + 2u], b[4u * j + 3u]);
    acc = acc + dot(p_block(p.k + i, j), z);
  }
  out[i] = a[i] + p.s * acc;
}

fn sign_word(row: u32, word: u32) -> u32 {
  let bits = philox4x32_10(vec4u(word / 4u, row, p.stream_lo, p.stream_hi), vec2u(p.seed_lo, p.seed_hi));
  return bits[word % 4u];
}

// ±1 for bit l of w (bit set → +1).
fn sign_of(w: u32, l: u32) -> f32 {
  return f32((w >> l) & 1u) * 2.0 - 1.0;
}

// As expand, with sign entries (m = words).
@compute @workgroup_size({{WG}})
fn expand_sign(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i >= p.n) { return; }
  var acc = 0.0;
  var bits = vec4u(0u);
  for (var w = 0u; w < p.m; w++) {
    if (w % 4u == 0u) {
      bits = philox4x32_10(vec4u(w / 4u, p.k + i, p.stream_lo, p.stream_hi), vec2u(p.seed_lo, p.seed_hi));
    }
    let word = bits[w % 4u];
    for (var l = 0u; l < 32u; l++) { acc = acc + sign_of(word, l) * b[32u * w + l]; }
  }
  out[i] = a[i] + p.s * acc;
}

// As project_partial, with sign entries: thread t = chunk·m + w sums 32 columns, written at
// out[32t … 32t + 31].
@compute @workgroup_size({{WG}})
fn project_sign_partial(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = linear(gid, nwg);
  let chunks = (p.n + {{CHUNK}}u - 1u) / {{CHUNK}}u;
  if (t >= chunks * p.m) { return; }
  let w = t % p.m;
  let chunk = t / p.m;
  let stop = min((chunk + 1u) * {{CHUNK}}u, p.n);
  var acc: array<f32, 32>;
  for (var l = 0u; l < 32u; l++) { acc[l] = 0.0; }
  for (var i = chunk * {{CHUNK}}u; i < stop; i++) {
    let word = sign_word(i, w);
    let g = a[i];
    for (var l = 0u; l < 32u; l++) { acc[l] = acc[l] + sign_of(word, l) * g; }
  }
  for (var l = 0u; l < 32u; l++) { out[32u * t + l] = acc[l]; }
}

// out[(chunk·m + j)·4 + l] ← Σ_{i in chunk} P[i, 4j + l]·a[i] over rows [chunk·CHUNK, …) ∩ [0, n).
@compute @workgroup_size({{WG}})
fn project_partial(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = linear(gid, nwg);
  let chunks = (p.n + {{CHUNK}}u - 1u) / {{CHUNK}}u;
  if (t >= chunks * p.m) { return; }
  let j = t % p.m;
  let chunk = t / p.m;
  let stop = min((chunk + 1u) * {{CHUNK}}u, p.n);
  var acc = vec4f(0.0);
  for (var i = chunk * {{CHUNK}}u; i < stop; i++) {
    acc = acc + a[i] * p_block(i, j);
  }
  for (var l = 0u; l < 4u; l++) { out[4u * t + l] = acc[l]; }
}

// out[j] ← s·Σ_chunk a[chunk·m + j] (m = padded width here), chunks summed in order (n = number of chunks); the padding
// j ≥ k (= d) is zeroed so an optimizer never moves z beyond the subspace's d coordinates.
@compute @workgroup_size({{WG}})
fn project_final(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = linear(gid, nwg);
  let width = p.m;
  if (j >= width) { return; }
  var acc = 0.0;
  for (var chunk = 0u; chunk < p.n; chunk++) { acc = acc + a[chunk * width + j]; }
  out[j] = select(0.0, p.s * acc, j < p.k);
}

// out[i] ← a[i] + s·b[i] + t·c[i]: one point of the plane θ* + α·u + β·v.
@compute @workgroup_size({{WG}})
fn plane(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i < p.n) { out[i] = a[i] + p.s * b[i] + p.t * c[i]; }
}

// Filter normalization (Li et al. 2018, "Visualizing the loss landscape"): for W [n, m] stored
// row-major (inputs × units), each unit's incoming column of the direction `out` is rescaled to the
// norm of the same column of the weights `a`. A zero direction column stays zero.
@compute @workgroup_size({{WG}})
fn filter_normalize(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = linear(gid, nwg);
  if (j >= p.m) { return; }
  var nw = 0.0;
  var nd = 0.0;
  for (var i = 0u; i < p.n; i++) {
    let w = a[i * p.m + j];
    let d = out[i * p.m + j];
    nw = nw + w * w;
    nd = nd + d * d;
  }
  let scale = select(0.0, sqrt(nw) / sqrt(nd), nd > 0.0);
  for (var i = 0u; i < p.n; i++) { out[i * p.m + j] = out[i * p.m + j] * scale; }
}

var<workgroup> scratch: array<vec2f, {{WG}}>;

// out[2m], out[2m + 1] (+)= Σ a (per-example loss), Σ b (correct) over n examples: one workgroup,
// strided per-thread sums then a fixed tree, so a landscape point never needs a read-back.
@compute @workgroup_size({{WG}})
fn accumulate(@builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  var acc = vec2f(0.0);
  for (var i = lid; i < p.n; i = i + {{WG}}u) { acc = acc + vec2f(a[i], b[i]); }
  scratch[lid] = acc;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { scratch[lid] = scratch[lid] + scratch[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let keep = select(vec2f(out[2u * p.m], out[2u * p.m + 1u]), vec2f(0.0), p.k == 1u);
    let v = keep + scratch[0];
    out[2u * p.m] = v.x;
    out[2u * p.m + 1u] = v.y;
  }
}
