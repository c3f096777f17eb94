// kNN-Jaccard overlap of two neighbour lists per row (see src/gpu/kernels/knn-jaccard.ts).
//
// One thread per row r. a and b are [rows, K + 1] u32 neighbour ids, best first, as top-k of a
// row's similarities to every row (itself included) gives them. Each list keeps its first K ids
// other than r: a sample is not its own neighbour (it is usually its own best match, but a tie or
// a duplicate may push it down or out, so it is skipped wherever it stands and the list cut at K).
// jac[r] = |A ∩ B| / |A ∪ B| = c / (2K − c); ids within a list are distinct, so c counts pairs.

struct Params {
  rows: u32,
}

const K: u32 = {{K}}u;
const M: u32 = K + 1u;

@group(0) @binding({{BIND_a}}) var<storage, read> a: array<u32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<u32>;
@group(0) @binding({{BIND_jac}}) var<storage, read_write> jac: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn knn_jaccard(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  var nb: array<u32, K>;
  var kept = 0u;
  for (var j = 0u; j < M && kept < K; j++) {
    let id = b[r * M + j];
    if (id != r) { nb[kept] = id; kept++; }
  }
  var shared_ids = 0u;
  var seen = 0u;
  for (var i = 0u; i < M && seen < K; i++) {
    let id = a[r * M + i];
    if (id == r) { continue; }
    seen++;
    for (var j = 0u; j < K; j++) {
      if (nb[j] == id) { shared_ids++; break; }
    }
  }
  jac[r] = f32(shared_ids) / f32(2u * K - shared_ids);
}
