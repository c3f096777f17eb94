@group(0) @binding(0) var<storage, read> s_o: array<{{VEC}}>;
@group(0) @binding(1) var<storage, read> s_do: array<{{VEC}}>;
@group(0) @binding(2) var<storage, read> s_lse: array<f32>;
@group(0) @binding(3) var<storage, read_write> s_stats: array<f32>;

// stats[2r] = lse[r], stats[2r + 1] = Σ_d dO[r, d]·O[r, d] (the softmax backward's row term), one
// thread per row; packed together so the backward kernels stay within 8 storage bindings. VEC is
// vec4f when Dh is a multiple of 4 (a quarter of the loads), with the lanes summed at the end.
@compute @workgroup_size(WG)
fn row_stats(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * WG;
  if (r >= p.rows) { return; }
  let n = p.D / {{VEC_LEN}}u;
  var s = {{VEC}}(0.0);
  for (var d = 0u; d < n; d++) { s += s_do[r * n + d] * s_o[r * n + d]; }
  s_stats[2u * r] = s_lse[r];
  s_stats[2u * r + 1u] = {{VEC_SUM}};
}
