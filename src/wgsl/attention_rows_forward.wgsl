// CPU-adapter variant of the attention kernels, register-tiled: each thread owns RT query rows of
// one (batch, head) for the forward pass and dQ, or RT key rows for dK/dV, with no workgroup
// memory and no barriers (a barrier costs more than a whole row's arithmetic on SwiftShader).
// SwiftShader runs every per-lane load with a computed index as a gather, so the kernels are
// load-bound: sharing each loaded K/V (or Q/dO) row among RT rows divides the loads by RT, and
// vec4 loads (when Dh is a multiple of 4) cut the index arithmetic and bounds checks by 4.
// attention.ts generates the straight-line bodies per head dimension, tile and masking
// (SwiftShader's compiler neither unrolls loops nor keeps arrays in registers): vectors of the
// head are ceil(Dh/4) vec4 registers, zero-padded past Dh, e.g. q<r>_<c> = q[row r][4c .. 4c + 3].
// Rows past the end repeat the last row (same values, stored twice). Softmax is online over keys
// in a fixed order; masked keys are excluded by select, not by branches. Same bindings
// (attention_forward_io.wgsl and attention_backward_io.wgsl, prepended with attention.wgsl) and
// outputs as the workgroup entries.

// Output [B, T, H, Dh], logsumexp [B, T, H] (BIG for a fully masked row) and, with probs, the
// probabilities [B, H, Tq, Tk].
@compute @workgroup_size(WG)
fn forward_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
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
