// 0/1 masks: structured masks expanded from per-unit keep flags, thresholded magnitude masks,
// and w ← w ⊙ mask. Binding numbers come from program.ts.

struct Params {
  n: u32,
  // expand: the matrix view [rows, cols], a unit's block [br, bc] and units per block row.
  cols: u32,
  br: u32,
  bc: u32,
  ucols: u32,
}

const HAS_OLD: bool = {{HAS_OLD}};

@group(0) @binding({{BIND_a}}) var<storage, read> a: array<f32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<f32>;
@group(0) @binding({{BIND_t}}) var<storage, read> t: array<f32>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// out[r, c] = keep[r / br, c / bc] with keep = a.
@compute @workgroup_size({{WG}})
fn expand(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.n) { return; }
  let r = i / p.cols;
  let c = i - r * p.cols;
  out[i] = select(0.0, 1.0, a[(r / p.br) * p.ucols + c / p.bc] != 0.0);
}

// out ← out ⊙ a, in place.
@compute @workgroup_size({{WG}})
fn apply(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p.n) { out[i] = select(0.0, out[i], a[i] != 0.0); }
}

// out = (|a| ≥ t[0]) and (old mask b ≠ 0 when there is one).
@compute @workgroup_size({{WG}})
fn threshold(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.n) { return; }
  let keep = abs(a[i]) >= t[0] && !(HAS_OLD && b[i] == 0.0);
  out[i] = select(0.0, 1.0, keep);
}
