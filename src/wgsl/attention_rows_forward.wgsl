// CPU-adapter variant of the attention kernels: one thread per (batch, query, head) row for the
// forward pass and dQ, one per (batch, key, head) row for dK/dV, with no workgroup memory and no
// barriers (a barrier costs more than a whole row's arithmetic on SwiftShader). The head's vectors
// live in scalar registers (q0…, a0…); attention.ts generates the straight-line code per
// head dimension because SwiftShader's compiler neither unrolls loops nor keeps arrays in
// registers. Softmax is online over keys in a fixed order; masked keys are excluded by select, not
// by branches, which also keep compile times short. Same bindings (attention_forward_io.wgsl and
// attention_backward_io.wgsl, prepended with attention.wgsl) and outputs as the workgroup entries.

// Output [B, T, H, Dh], logsumexp [B, T, H] (BIG for a fully masked row) and, with ROW_PROBS, the
// probabilities [B, H, Tq, Tk].
@compute @workgroup_size(WG)
fn forward_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = thread_row(gid, nwg);
  if (r >= p.rows) { return; }
  let h = r % p.H;
  let i = (r / p.H) % p.Tq;
  let b = r / (p.H * p.Tq);
  let qb = r * p.D;
  {{LOAD_Q}}
  {{ZERO_ACC}}
  var m = NEG;
  var l = 0.0;
  for (var j = 0u; j < p.Tk; j++) {
    let kb = k_row(b, j, h);
    let s = {{DOT_QK}};
    let ok = allowed(b, i, j);
    let mn = select(m, max(m, s), ok);
    let corr = exp(m - mn);
    let pj = select(0.0, exp(s - mn), ok);
    l = l * corr + pj;
    {{ACC_PV}}
    m = mn;
  }
  let inv = select(1.0 / l, 0.0, l == 0.0);
  {{STORE_OUT}}
  let lse = select(m + log(l), BIG, l == 0.0);
  f_lse[r] = lse;
  {{ROW_PROBS}}
}
