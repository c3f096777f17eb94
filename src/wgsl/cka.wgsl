// Linear CKA in its Gram form (Kornblith et al. 2019): with column-centred activations Xc [n, p]
// and Yc [n, q] of the same n inputs, K = Xc·Xcᵀ and L = Yc·Ycᵀ (n×n, from the matmul kernel) and
// CKA = ⟨K, L⟩ / (‖K‖·‖L‖). The Gram form costs n²·(p + q), cheaper than the feature form's
// p·q·n when a guide's conv maps are wide and the batch is small. Every sum runs in a fixed order
// (no atomics), so the same activations always give bit-identical CKA.

// center: a = rows, b = columns. pair_stats: a = n² (elements per Gram), b = Grams in L.
// gram_grad: a = n² (b unused).
struct Params { a: u32, b: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> pc: Params;

// One thread per column: out = x minus the column's mean. Centring is the projection H = I − 11ᵀ/n,
// symmetric, so the same entry also maps a centred tensor's gradient to its input's.
@compute @workgroup_size({{WG}})
fn center(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = gid.x + gid.y * nwg.x * {{WG}}u;
  if (j >= pc.b) { return; }
  var s = 0.0;
  for (var i = 0u; i < pc.a; i++) { s += x[i * pc.b + j]; }
  let m = s / f32(pc.a);
  for (var i = 0u; i < pc.a; i++) { out[i * pc.b + j] = x[i * pc.b + j] - m; }
}

@group(0) @binding(0) var<storage, read> k: array<f32>;
@group(0) @binding(1) var<storage, read> l: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;
@group(0) @binding(3) var<uniform> ps: Params;

var<workgroup> shKL: array<f32, {{WG}}>;
var<workgroup> shKK: array<f32, {{WG}}>;
var<workgroup> shLL: array<f32, {{WG}}>;

// Blocks of partial sums keep long strided runs accurate (as in reduce.wgsl).
const BLOCK: u32 = 64u;

// One workgroup per pair (Gram a of K [A, n²], Gram b of L [B, n²]): stats[(a·B + b)·4 + ·] =
// (CKA, ⟨K, L⟩, ‖K‖, ‖L‖). A Gram that is all zeros (a dead layer) has no direction: CKA 0.
@compute @workgroup_size({{WG}})
fn pair_stats(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let ka = wid.x * ps.a;
  let lb = wid.y * ps.a;
  var kl = 0.0;
  var kk = 0.0;
  var ll = 0.0;
  var i = lid.x;
  while (i < ps.a) {
    var bkl = 0.0;
    var bkk = 0.0;
    var bll = 0.0;
    for (var j = 0u; j < BLOCK && i < ps.a; j++) {
      let u = k[ka + i];
      let v = l[lb + i];
      bkl += u * v;
      bkk += u * u;
      bll += v * v;
      i += {{WG}}u;
    }
    kl += bkl;
    kk += bkk;
    ll += bll;
  }
  shKL[lid.x] = kl;
  shKK[lid.x] = kk;
  shLL[lid.x] = ll;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      shKL[lid.x] += shKL[lid.x + s];
      shKK[lid.x] += shKK[lid.x + s];
      shLL[lid.x] += shLL[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let o = (wid.x * ps.b + wid.y) * 4u;
    let nk = sqrt(shKK[0]);
    let nl = sqrt(shLL[0]);
    let den = nk * nl;
    stats[o] = select(0.0, shKL[0] / den, den > 0.0);
    stats[o + 1u] = shKL[0];
    stats[o + 2u] = nk;
    stats[o + 3u] = nl;
  }
}

@group(0) @binding(0) var<storage, read> gk: array<f32>;
@group(0) @binding(1) var<storage, read> gl: array<f32>;
@group(0) @binding(2) var<storage, read> pair: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> dgram: array<f32>;
@group(0) @binding(5) var<uniform> pg: Params;

// Gradient of g·CKA with respect to the first Gram K of a pair (the other Gram L, the pair's stats):
// ∂CKA/∂K = L/(‖K‖‖L‖) − CKA·K/‖K‖². Written doubled, as dK + dKᵀ: the Gram K = Xc·Xcᵀ then
// passes it on as ∂/∂Xc = (dK + dKᵀ)·Xc with one matmul. Zero where CKA is undefined (a zero Gram).
@compute @workgroup_size({{WG}})
fn gram_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= pg.a) { return; }
  let nk = pair[2];
  let den = nk * pair[3];
  if (!(den > 0.0)) {
    dgram[i] = 0.0;
    return;
  }
  dgram[i] = 2.0 * g[0] * (gl[i] / den - pair[0] * gk[i] / (nk * nk));
}
