// dK/dV entry of the CPU-adapter attention variant; see attention_rows_forward.wgsl.

// dK[j] = scale · Σ_i dS_ij q_i and dV[j] = Σ_i P_ij dO_i for RT key rows j, written to
// [2, B, Tk, H, Dh] (dK then dV).
@compute @workgroup_size(WG)
fn backward_kv_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = thread_row(gid, nwg);
  let groups = (p.Tk + {{RT}}u - 1u) / {{RT}}u;
  let b = t / (p.H * groups);
  if (b * p.Tk * p.H >= p.rows) { return; }
  let h = t % p.H;
  let jk = (t / p.H) % groups * {{RT}}u;
  {{SETUP}}
  for (var i = 0u; i < p.Tq; i++) {
    {{STEP}}
  }
  {{STORE}}
}
