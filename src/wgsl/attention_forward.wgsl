// Output [B, T, H, Dh], logsumexp [B, T, H] (BIG for a fully masked row) and, with WRITE_PROBS,
// the probabilities [B, H, Tq, Tk].
@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let r = row_index(wid, nwg);
  if (r >= p.rows) { return; }
  let t = lid.x;
  let h = r % p.H;
  let i = (r / p.H) % p.Tq;
  let b = r / (p.H * p.Tq);
  if (t < p.D) { sa[t] = q[r * p.D + t] * p.scale; }
  workgroupBarrier();
  var m = NEG;
  var l = 0.0;
  var acc = 0.0;
  for (var c = 0u; c < p.Tk; c += WG) {
    let j = c + t;
    let ok = allowed(b, i, j);
    var s = NEG;
    if (ok) {
      let kb = k_row(b, j, h);
      s = 0.0;
      for (var d = 0u; d < p.D; d++) { s += sa[d] * k[kb + d]; }
    }
    sb[t] = s;
    workgroupBarrier();
    let n = min(WG, p.Tk - c);
    var mn = m;
    for (var u = 0u; u < n; u++) { mn = max(mn, sb[u]); }
    workgroupBarrier();
    sb[t] = select(0.0, exp(s - mn), ok);
    workgroupBarrier();
    let corr = exp(m - mn);
    l *= corr;
    acc *= corr;
    for (var u = 0u; u < n; u++) {
      let pu = sb[u];
      l += pu;
      if (t < p.D && pu != 0.0) { acc += pu * v[k_row(b, c + u, h) + t]; }
    }
    m = mn;
    workgroupBarrier();
  }
  if (t < p.D) { f_out[r * p.D + t] = select(acc / l, 0.0, l == 0.0); }
  let lse = select(m + log(l), BIG, l == 0.0);
  if (t == 0u) { f_lse[r] = lse; }
  {{WRITE_PROBS}}
}
