// The update step of k-means: each centroid becomes the mean of the points assigned to it; a
// centroid with no points keeps its old place (rather than 0/0). One thread per centroid
// coordinate, summing the points in index order: a fixed reduction order, no atomics.

struct Params {
  n: u32,
  d: u32,
  c: u32,
}

@group(0) @binding(0) var<storage, read> points: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read> old: array<f32>;
@group(0) @binding(3) var<storage, read_write> centroids: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * {{WG}}u;
  if (t >= p.c * p.d) { return; }
  let j = t / p.d;
  let k = t % p.d;
  var total = 0.0;
  var count = 0u;
  for (var i = 0u; i < p.n; i++) {
    if (labels[i] == j) {
      total += points[i * p.d + k];
      count += 1u;
    }
  }
  centroids[t] = select(old[t], total / f32(count), count > 0u);
}
