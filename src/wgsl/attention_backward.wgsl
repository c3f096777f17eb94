// dQ[i] = scale · Σ_j P_ij (dO_i·v_j − D_i) k_j, one workgroup per query row.
@compute @workgroup_size(WG)
fn backward_q(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let r = row_index(wid, nwg);
  if (r >= p.rows) { return; }
  let t = lid.x;
  let h = r % p.H;
  let i = (r / p.H) % p.Tq;
  let b = r / (p.H * p.Tq);
  if (t < p.D) {
    sa[t] = q[r * p.D + t] * p.scale;
    sc[t] = g_do[r * p.D + t];
  }
  workgroupBarrier();
  let lse = g_stats[2u * r];
  let dsum = g_stats[2u * r + 1u];
  var acc = 0.0;
  for (var c = 0u; c < p.Tk; c += WG) {
    let j = c + t;
    var ds = 0.0;
    if (allowed(b, i, j)) {
      let kb = k_row(b, j, h);
      var s = 0.0;
      var dp = 0.0;
      for (var d = 0u; d < p.D; d++) {
        s += sa[d] * k[kb + d];
        dp += sc[d] * v[kb + d];
      }
      ds = exp(s - lse) * (dp - dsum);
    }
    sb[t] = ds;
    workgroupBarrier();
    let n = min(WG, p.Tk - c);
    if (t < p.D) {
      for (var u = 0u; u < n; u++) {
        let du = sb[u];
        if (du != 0.0) { acc += du * k[k_row(b, c + u, h) + t]; }
      }
    }
    workgroupBarrier();
  }
  if (t < p.D) { g_out[r * p.D + t] = acc * p.scale; }
}

// dK[j] = scale · Σ_i dS_ij q_i and dV[j] = Σ_i P_ij dO_i, one workgroup per key row; written to
// one buffer [2, B, Tk, H, Dh] (dK then dV).
@compute @workgroup_size(WG)
fn backward_kv(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let r = row_index(wid, nwg);
  if (r >= p.rows) { return; }
  let t = lid.x;
  let h = r % p.H;
  let j = (r / p.H) % p.Tk;
  let b = r / (p.H * p.Tk);
  if (t < p.D) {
    sa[t] = k[r * p.D + t];
    sc[t] = v[r * p.D + t];
  }
  workgroupBarrier();
  var dk = 0.0;
  var dv = 0.0;
  for (var c = 0u; c < p.Tq; c += WG) {
    let i = c + t;
    var pr = 0.0;
    var ds = 0.0;
    if (allowed(b, i, j)) {
      let qb = q_row(b, i, h);
      var s = 0.0;
      var dp = 0.0;
      for (var d = 0u; d < p.D; d++) {
        s += (q[qb + d] * p.scale) * sa[d];
        dp += g_do[qb + d] * sc[d];
      }
      let qr = qb / p.D;
      pr = exp(s - g_stats[2u * qr]);
      ds = pr * (dp - g_stats[2u * qr + 1u]);
    }
    sb[t] = pr;
    sd[t] = ds;
    workgroupBarrier();
    let n = min(WG, p.Tq - c);
    if (t < p.D) {
      for (var u = 0u; u < n; u++) {
        let qb = q_row(b, c + u, h) + t;
        dv += sb[u] * g_do[qb];
        dk += sd[u] * q[qb];
      }
    }
    workgroupBarrier();
  }
  if (t < p.D) {
    g_out[r * p.D + t] = dk * p.scale;
    g_out[p.rows * p.D + r * p.D + t] = dv;
  }
}
