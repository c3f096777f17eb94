// Backward entries of the CPU-adapter attention variant; see attention_rows_forward.wgsl.

// dQ[i] = scale · Σ_j P_ij (dO_i·v_j − D_i) k_j; g_stats holds (lse, D) per query row.
@compute @workgroup_size(WG)
fn backward_q_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = thread_row(gid, nwg);
  if (r >= p.rows) { return; }
  let h = r % p.H;
  let i = (r / p.H) % p.Tq;
  let b = r / (p.H * p.Tq);
  let qb = r * p.D;
  {{LOAD_Q}}
  {{LOAD_DO}}
  {{ZERO_ACC}}
  let lse = g_stats[2u * r];
  let dsum = g_stats[2u * r + 1u];
  for (var j = 0u; j < p.Tk; j++) {
    let kb = k_row(b, j, h);
    let s = {{DOT_QK}};
    let dp = {{DOT_DOV}};
    let ds = select(0.0, exp(s - lse) * (dp - dsum), allowed(b, i, j));
    {{ACC_DSK}}
  }
  {{STORE_DQ}}
}

// dK[j] = scale · Σ_i dS_ij q_i and dV[j] = Σ_i P_ij dO_i, written to [2, B, Tk, H, Dh] (dK then
// dV).
@compute @workgroup_size(WG)
fn backward_kv_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = thread_row(gid, nwg);
  if (r >= p.rows) { return; }
  let h = r % p.H;
  let j = (r / p.H) % p.Tk;
  let b = r / (p.H * p.Tk);
  let kb = r * p.D;
  {{LOAD_KV}}
  {{ZERO_DKV}}
  for (var i = 0u; i < p.Tq; i++) {
    let qb = q_row(b, i, h);
    let qr = qb / p.D;
    {{LOAD_QI}}
    let s = {{DOT_KQ}};
    let dp = {{DOT_VDO}};
    let ok = allowed(b, i, j);
    let pr = select(0.0, exp(s - g_stats[2u * qr]), ok);
    let ds = pr * (dp - g_stats[2u * qr + 1u]);
    {{ACC_DKV}}
  }
  {{STORE_DKV}}
}
