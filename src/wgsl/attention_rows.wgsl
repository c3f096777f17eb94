// CPU-adapter variant of the attention kernels, register-tiled: each thread owns RT query rows of
// one (batch, head) for the forward pass and dQ, or RT key rows for dK/dV, with no workgroup
// memory and no barriers (a barrier costs more than a whole row's arithmetic on SwiftShader).
// SwiftShader runs every per-lane load with a computed index as a gather, so the kernels are
// load-bound: sharing each loaded K/V (or Q/dO) row among RT rows divides the loads by RT, and
// vec4 loads (when Dh is a multiple of 4) cut the index arithmetic and bounds checks by 4.
// attention.ts generates the straight-line bodies per pass, head dimension, tile and masking
// (SwiftShader's compiler neither unrolls loops nor keeps arrays in registers): vectors of the
// head are ceil(Dh/4) vec4 registers, zero-padded past Dh, e.g. q<r>_<c> = q[row r][4c .. 4c + 3].
// Rows past the end repeat the last row (same values, stored twice). Softmax is online over keys
// in a fixed order; masked keys are excluded by select, not by branches. Same bindings
// (attention_forward_io.wgsl or attention_backward_io.wgsl, prepended with attention.wgsl) and
// outputs as the workgroup entries:
// - forward (OWN = Tq, loop over keys j): output [B, T, H, Dh], logsumexp [B, T, H] (BIG for a
//   fully masked row) and, with probs, the probabilities [B, H, Tq, Tk];
// - dQ (OWN = Tq, loop over keys j): dQ[i] = scale · Σ_j P_ij (dO_i·v_j − D_i) k_j, g_stats holding
//   (lse, D) per query row;
// - dK/dV (OWN = Tk, loop over queries i): dK[j] = scale · Σ_i dS_ij q_i and dV[j] = Σ_i P_ij dO_i,
//   written to [2, B, Tk, H, Dh] (dK then dV).
// R0 names the thread's first own row (iq or jk), as the generated bodies expect.
@compute @workgroup_size(WG)
fn rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = thread_row(gid, nwg);
  let groups = (p.{{OWN}} + {{RT}}u - 1u) / {{RT}}u;
  let b = t / (p.H * groups);
  if (b * p.{{OWN}} * p.H >= p.rows) { return; }
  let h = t % p.H;
  let {{R0}} = (t / p.H) % groups * {{RT}}u;
  {{SETUP}}
  for (var {{LOOP}} = 0u; {{LOOP}} < p.{{OTHER}}; {{LOOP}}++) {
    {{STEP}}
  }
  {{STORE}}
}
