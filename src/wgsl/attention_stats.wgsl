@group(0) @binding(0) var<storage, read> s_o: array<f32>;
@group(0) @binding(1) var<storage, read> s_do: array<f32>;
@group(0) @binding(2) var<storage, read> s_lse: array<f32>;
@group(0) @binding(3) var<storage, read_write> s_stats: array<f32>;

// stats[2r] = lse[r], stats[2r + 1] = Σ_d dO[r, d]·O[r, d] (the softmax backward's row term), one
// thread per row; packed together so the backward kernels stay within 8 storage bindings.
@compute @workgroup_size(WG)
fn row_stats(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * WG;
  if (r >= p.rows) { return; }
  var s = 0.0;
  for (var d = 0u; d < p.D; d++) { s += s_do[r * p.D + d] * s_o[r * p.D + d]; }
  s_stats[2u * r] = s_lse[r];
  s_stats[2u * r + 1u] = s;
}
