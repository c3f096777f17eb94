// kNN-Jaccard overlap of two neighbour lists per row (see src/gpu/kernels/knn-jaccard.ts).
//
// One thread per row r. a and b are [rows, K] u32 ids, K distinct ids per row, as top-k gives them.
// jac[r] = |A ∩ B| / |A ∪ B| = c / (2K − c), where c counts the ids of A found in B. Row r's own id
// is an id like any other: in the cross-space Jaccard it is the correct retrieval of sample r.

struct Params {
  rows: u32,
}

const K: u32 = {{K}}u;

@group(0) @binding({{BIND_a}}) var<storage, read> a: array<u32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<u32>;
@group(0) @binding({{BIND_jac}}) var<storage, read_write> jac: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn knn_jaccard(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  var nb: array<u32, K>;
  for (var j = 0u; j < K; j++) { nb[j] = b[r * K + j]; }
  var shared_ids = 0u;
  for (var i = 0u; i < K; i++) {
    let id = a[r * K + i];
    for (var j = 0u; j < K; j++) {
      if (nb[j] == id) { shared_ids++; break; }
    }
  }
  jac[r] = f32(shared_ids) / f32(2u * K - shared_ids);
}
