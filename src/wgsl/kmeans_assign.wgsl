// The assignment step of k-means: each point (a row of `points`, [n, d]) goes to its nearest
// centroid (a row of `centroids`, [c, d]) by squared Euclidean distance; a tie goes to the lower
// centroid index (strict <), so the labels are deterministic. One thread per point.

struct Params {
  n: u32,
  d: u32,
  c: u32,
}

@group(0) @binding(0) var<storage, read> points: array<f32>;
@group(0) @binding(1) var<storage, read> centroids: array<f32>;
@group(0) @binding(2) var<storage, read_write> labels: array<u32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.n) { return; }
  var best = 0u;
  var bestDistance = 3.4e38;
  for (var j = 0u; j < p.c; j++) {
    var distance = 0.0;
    for (var k = 0u; k < p.d; k++) {
      let diff = points[i * p.d + k] - centroids[j * p.d + k];
      distance += diff * diff;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = j;
    }
  }
  labels[i] = best;
}
