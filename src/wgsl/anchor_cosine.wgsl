// Relative representations (Moschella et al. 2022): each latent row z_b is encoded by its cosine
// similarity to every anchor latent a_k, sim[b, k] = ⟨z_b, a_k⟩ / (‖z_b‖·‖a_k‖).
//
// inv_norms: 1/‖row‖ of a [rows, D] matrix (one thread per row; clamped away from 0, where the
//            cosine is undefined and the gradient is left to that clamp).
// cosine:    sim [B, K], one thread per entry, D products each.
// grad:      with ẑ = z/‖z‖, â = a/‖a‖ and G = ∂L/∂sim,
//            ∂L/∂z[b] = (1/‖z_b‖) Σ_k G[b,k]·(â_k − sim[b,k]·ẑ_b)   (which = 0, thread per (b, d))
//            ∂L/∂a[k] = (1/‖a_k‖) Σ_b G[b,k]·(ẑ_b − sim[b,k]·â_k)   (which = 1, thread per (k, d))
//            Each thread sums its K (or B) terms in index order: deterministic, no atomics.

struct Params { B: u32, K: u32, D: u32, which: u32 }

const MIN_NORM: f32 = 1e-6;

@group(0) @binding({{BIND_p}}) var<uniform> p: Params;
@group(0) @binding({{BIND_rows}}) var<storage, read> rows: array<f32>;
@group(0) @binding({{BIND_inv}}) var<storage, read_write> inv: array<f32>;
@group(0) @binding({{BIND_z}}) var<storage, read> z: array<f32>;
@group(0) @binding({{BIND_a}}) var<storage, read> a: array<f32>;
@group(0) @binding({{BIND_inv_z}}) var<storage, read> inv_z: array<f32>;
@group(0) @binding({{BIND_inv_a}}) var<storage, read> inv_a: array<f32>;
@group(0) @binding({{BIND_sim}}) var<storage, read_write> sim: array<f32>;
@group(0) @binding({{BIND_sim_in}}) var<storage, read> sim_in: array<f32>;
@group(0) @binding({{BIND_g}}) var<storage, read> g: array<f32>;
@group(0) @binding({{BIND_grad}}) var<storage, read_write> grad: array<f32>;

fn flat(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// p.B rows of p.D.
@compute @workgroup_size({{WG}})
fn inv_norms(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = flat(gid, nwg);
  if (r >= p.B) { return; }
  var ss = 0.0;
  for (var d = 0u; d < p.D; d++) {
    let v = rows[r * p.D + d];
    ss += v * v;
  }
  inv[r] = 1.0 / max(sqrt(ss), MIN_NORM);
}

@compute @workgroup_size({{WG}})
fn cosine(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat(gid, nwg);
  if (i >= p.B * p.K) { return; }
  let b = i / p.K;
  let k = i % p.K;
  var dot = 0.0;
  for (var d = 0u; d < p.D; d++) {
    dot += z[b * p.D + d] * a[k * p.D + d];
  }
  sim[i] = dot * inv_z[b] * inv_a[k];
}

@compute @workgroup_size({{WG}})
fn grad_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = flat(gid, nwg);
  let D = p.D;
  if (p.which == 0u) {
    if (i >= p.B * D) { return; }
    let b = i / D;
    let d = i % D;
    let zh = z[i] * inv_z[b];
    var acc = 0.0;
    for (var k = 0u; k < p.K; k++) {
      let s = b * p.K + k;
      acc += g[s] * (a[k * D + d] * inv_a[k] - sim_in[s] * zh);
    }
    grad[i] = acc * inv_z[b];
  } else {
    if (i >= p.K * D) { return; }
    let k = i / D;
    let d = i % D;
    let ah = a[i] * inv_a[k];
    var acc = 0.0;
    for (var b = 0u; b < p.B; b++) {
      let s = b * p.K + k;
      acc += g[s] * (z[b * D + d] * inv_z[b] - sim_in[s] * ah);
    }
    grad[i] = acc * inv_a[k];
  }
}
