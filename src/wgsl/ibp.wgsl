// Interval bound propagation (IBP) through an MLP's Linear and ReLU layers, optionally inside the
// region of a neural activation pattern (NAP). Each row of a batch is one box: an input x ± ε
// clipped to the data range, pushed layer by layer as bounds [lower | upper] laid out
// [2, rows, width] (all lower rows, then all upper rows). A row's NAP (spec[row] = its class, or
// NONE for the plain ε-ball) adds the constraints its fixed neurons impose: a neuron fixed on keeps
// only pre-activations ≥ 0, one fixed off is 0 and needs pre-activations ≤ 0. Where a constraint
// cannot hold anywhere in the box the region is empty, and `empty[row]` records it. Sums run in
// index order in one thread: the same bounds on every run. Floating-point rounding is not bounded
// outward (as in common IBP code), so the bounds are sound up to float32 rounding.
// Binding numbers come from program.ts.

struct Params {
  rows: u32,
  inF: u32,
  outF: u32,
  // relu: pattern words per NAP, and the first word of this layer's neurons.
  words: u32,
  offset: u32,
  // box: inputs, radii per input (rows = copies·n·radii), data range.
  n: u32,
  radii: u32,
  lo: f32,
  hi: f32,
}

const NONE: u32 = 0xffffffffu;

@group(0) @binding({{BIND_x}}) var<storage, read> x: array<f32>;
@group(0) @binding({{BIND_eps}}) var<storage, read> eps: array<f32>;
@group(0) @binding({{BIND_bin}}) var<storage, read> bin: array<f32>;
@group(0) @binding({{BIND_w}}) var<storage, read> w: array<f32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<f32>;
@group(0) @binding({{BIND_spec}}) var<storage, read> spec: array<u32>;
@group(0) @binding({{BIND_fixed}}) var<storage, read> fixed: array<u32>;
@group(0) @binding({{BIND_value}}) var<storage, read> value: array<u32>;
@group(0) @binding({{BIND_keep}}) var<storage, read> keep: array<u32>;
@group(0) @binding({{BIND_bout}}) var<storage, read_write> bout: array<f32>;
@group(0) @binding({{BIND_empty}}) var<storage, read_write> empty: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// Row r = (copy·n + i)·radii + e is input i at radius eps[e]: [clamp(x − ε), clamp(x + ε)] per
// feature, one thread per (row, feature).
@compute @workgroup_size({{WG}})
fn box(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = index(gid, nwg);
  if (t >= p.rows * p.inF) { return; }
  let r = t / p.inF;
  let k = t - r * p.inF;
  let i = (r / p.radii) % p.n;
  let e = eps[r % p.radii];
  let v = x[i * p.inF + k];
  bout[t] = clamp(v - e, p.lo, p.hi);
  bout[p.rows * p.inF + t] = clamp(v + e, p.lo, p.hi);
}

// Bounds of x·W + b (W [inF, outF]) over the box: centre·W + b ± radius·|W|, one thread per (row, output).
@compute @workgroup_size({{WG}})
fn linear(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = index(gid, nwg);
  if (t >= p.rows * p.outF) { return; }
  let r = t / p.outF;
  let j = t - r * p.outF;
  let upper = p.rows * p.inF;
  var mid = b[j];
  var rad = 0.0;
  for (var k = 0u; k < p.inF; k++) {
    let l = bin[r * p.inF + k];
    let u = bin[upper + r * p.inF + k];
    let wk = w[k * p.outF + j];
    mid += 0.5 * (l + u) * wk;
    rad += 0.5 * (u - l) * abs(wk);
  }
  bout[t] = mid - rad;
  bout[p.rows * p.outF + t] = mid + rad;
}

// ReLU of pre-activation bounds [rows, inF], inside the row's NAP when it has one; one thread per
// row, so that it alone updates empty[row].
@compute @workgroup_size({{WG}})
fn relu(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = index(gid, nwg);
  if (r >= p.rows) { return; }
  let s = spec[r];
  let upper = p.rows * p.inF;
  var infeasible = 0u;
  for (var j = 0u; j < p.inF; j++) {
    let l = bin[r * p.inF + j];
    let u = bin[upper + r * p.inF + j];
    var lo = max(l, 0.0);
    var hi = max(u, 0.0);
    if (s != NONE) {
      let word = s * p.words + p.offset + j / 32u;
      let bit = 1u << (j % 32u);
      if ((fixed[word] & bit) != 0u) {
        if ((value[word] & bit) != 0u) {
          // Fixed on: pre ≥ 0, where the ReLU is the identity.
          if (u < 0.0) { infeasible = 1u; }
        } else {
          // Fixed off: pre ≤ 0, output 0.
          if (l > 0.0) { infeasible = 1u; }
          lo = 0.0;
          hi = 0.0;
        }
      }
    }
    bout[r * p.inF + j] = lo;
    bout[upper + r * p.inF + j] = hi;
  }
  empty[r] = max(empty[r], infeasible);
}

// The last Linear layer's logits z = h·W + b (W [inF, outF]) over the box of h: per row, the least
// lower bound over classes j ≠ t = keep[row] of z_t − z_j, taken on the difference directly
// (centre·d + b_t − b_j − radius·|d| with d = W[:, t] − W[:, j]), which is tighter than the two
// logits' bounds apart. Positive: every point of the box (of the NAP region) is classified t.
@compute @workgroup_size({{WG}})
fn margin(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = index(gid, nwg);
  if (r >= p.rows) { return; }
  let t = keep[r];
  let upper = p.rows * p.inF;
  var least = 3.4e38;
  for (var j = 0u; j < p.outF; j++) {
    if (j == t) { continue; }
    var mid = b[t] - b[j];
    var rad = 0.0;
    for (var k = 0u; k < p.inF; k++) {
      let l = bin[r * p.inF + k];
      let u = bin[upper + r * p.inF + k];
      let d = w[k * p.outF + t] - w[k * p.outF + j];
      mid += 0.5 * (l + u) * d;
      rad += 0.5 * (u - l) * abs(d);
    }
    least = min(least, mid - rad);
  }
  bout[r] = least;
}
