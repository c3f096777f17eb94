// Elementwise updates and deterministic reductions over a model's parameters, one tensor per
// dispatch. Reductions never use atomics: each workgroup sums a fixed contiguous chunk in a fixed
// order into its own slot of `partials`, and `reduce_final` sums the slots in a fixed order, so the
// same inputs give bit-identical results.

struct Params {
  n: u32,
  // fill: value; axpby: a, b; lerp: t; reduce_final: b ≠ 0 takes the square root.
  a: f32,
  b: f32,
  // dot_partial: index of this tensor's first slot in the partials.
  slot: u32,
}

// Every entry binds the variables it uses as 0, 1, … in the order x, z, y, then the params
// (numbered by program.ts).
@group(0) @binding({{BIND_x}}) var<storage, read> x: array<f32>;
@group(0) @binding({{BIND_z}}) var<storage, read> z: array<f32>;
@group(0) @binding({{BIND_y}}) var<storage, read_write> y: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn linear(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// y ← a·x + b·y
@compute @workgroup_size({{WG}})
fn axpby(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i < p.n) { y[i] = p.a * x[i] + p.b * y[i]; }
}

// y ← x + t·(z − x)
@compute @workgroup_size({{WG}})
fn lerp(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i < p.n) { y[i] = x[i] + p.a * (z[i] - x[i]); }
}

var<workgroup> scratch: array<f32, {{WG}}>;

// Fixed-shape tree over the workgroup's per-thread sums; result in scratch[0].
fn tree_sum(lid: u32, v: f32) {
  scratch[lid] = v;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { scratch[lid] = scratch[lid] + scratch[lid + s]; }
    workgroupBarrier();
  }
}

// y[slot + group] ← Σ x·z over the group's chunk of {{CHUNK}} elements (thread t takes every
// WG-th element of the chunk from t).
@compute @workgroup_size({{WG}})
fn dot_partial(@builtin(local_invocation_id) lid3: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let start = group * {{CHUNK}}u;
  let stop = min(start + {{CHUNK}}u, p.n);
  var acc = 0.0;
  for (var i = start + lid; i < stop; i = i + {{WG}}u) { acc = acc + x[i] * z[i]; }
  tree_sum(lid, acc);
  if (lid == 0u) { y[p.slot + group] = scratch[0]; }
}

// y[0] ← Σ x[0..n) (then √ if b ≠ 0), one workgroup.
@compute @workgroup_size({{WG}})
fn reduce_final(@builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  var acc = 0.0;
  for (var i = lid; i < p.n; i = i + {{WG}}u) { acc = acc + x[i]; }
  tree_sum(lid, acc);
  if (lid == 0u) { y[0] = select(scratch[0], sqrt(scratch[0]), p.b != 0.0); }
}

@compute @workgroup_size({{WG}})
fn fill(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear(gid, nwg);
  if (i < p.n) { y[i] = p.a; }
}
