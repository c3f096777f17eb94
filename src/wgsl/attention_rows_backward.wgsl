// dQ entry of the CPU-adapter attention variant; see attention_rows_forward.wgsl.

// dQ[i] = scale · Σ_j P_ij (dO_i·v_j − D_i) k_j for RT query rows i; g_stats holds (lse, D) per
// query row.
@compute @workgroup_size(WG)
fn backward_q_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = thread_row(gid, nwg);
  let groups = (p.Tq + {{RT}}u - 1u) / {{RT}}u;
  let b = t / (p.H * groups);
  if (b * p.Tq * p.H >= p.rows) { return; }
  let h = t % p.H;
  let iq = (t / p.H) % groups * {{RT}}u;
  {{SETUP}}
  for (var j = 0u; j < p.Tk; j++) {
    {{STEP}}
  }
  {{STORE}}
}
