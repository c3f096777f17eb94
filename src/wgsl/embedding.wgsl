// Embedding lookups and positions, one thread per output element. Gradients of lookups gather
// instead of scattering (no atomics): each table entry loops over all ids in order, which is
// deterministic and, for the short sequences here, cheap enough.

// lookup / lookup_grad: n = outputs, d = embedding width, V = table rows (ids ≥ V read nothing).
// add_positions / positions_grad: T = sequence length used, V = rows of the position table.
struct Params { n: u32, d: u32, T: u32, V: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p2: Params;
@group(0) @binding(3) var<uniform> p3: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// out[r, c] = table[ids[r], c], or 0 for an id outside the table.
@compute @workgroup_size({{WG}})
fn lookup(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p3.n) { return; }
  let id = ids[i / p3.d];
  out[i] = select(0.0, src[id * p3.d + i % p3.d], id < p3.V);
}

// gtable[v, c] = Σ_{r : ids[r] = v} g[r, c]; rows = number of ids.
@compute @workgroup_size({{WG}})
fn lookup_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p3.n) { return; }
  let v = i / p3.d;
  let c = i % p3.d;
  var acc = 0.0;
  for (var r = 0u; r < p3.rows; r++) {
    if (ids[r] == v) { acc += src[r * p3.d + c]; }
  }
  out[i] = acc;
}

// x [.., T, d] + pos[t] (the first T rows of the position table).
@compute @workgroup_size({{WG}})
fn add_positions(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p3.n) { return; }
  out[i] = src[i] + pos[i % (p3.T * p3.d)];
}

// gpos[t, c] = Σ over the batch of g[.., t, c] for t < T, 0 for the unused rows; rows = batch.
@compute @workgroup_size({{WG}})
fn positions_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p2.n) { return; }
  let span = p2.T * p2.d;
  var acc = 0.0;
  if (i < span) {
    for (var b = 0u; b < p2.rows; b++) { acc += src[b * span + i]; }
  }
  dst[i] = acc;
}
