// One layer of the infinite-width kernel recursion of a fully connected network, elementwise on
// n×n matrices (Jacot et al. 2018; Lee et al. 2018). With Λ_ij = [[Σ_ii, Σ_ij], [Σ_ij, Σ_jj]] and
// (u, v) ~ N(0, Λ_ij):
//   Σ'_ij = σ_w²·E[φ(u)φ(v)] + σ_b²      (the NNGP kernel of the next layer)
//   Σ̇_ij = σ_w²·E[φ'(u)φ'(v)]
//   Θ'_ij = Σ'_ij + Θ_ij·Σ̇_ij            (the NTK)
// ReLU, erf and sin have closed forms: the arc-cosine kernel (Cho & Saul 2009), Williams' arcsine
// kernel (1997) and e^{−(a+b)/2}·sinh/cosh(c) (from sin u·sin v = ½[cos(u−v) − cos(u+v)]). Any
// activation goes by 2-D Gauss–Hermite quadrature with the q nodes and weights in `quad` (pairs x_k,
// w_k for ∫ e^{−x²}).
// Out of place: every entry reads the diagonal of Σ, which other threads would be overwriting.
// Binding numbers come from program.ts.

struct Params {
  n: u32,
  q: u32,
  sw2: f32,
  sb2: f32,
}

// 1 relu, 2 tanh, 3 erf, 4 sin, 5 gelu; CLOSED = 1 takes the closed form (relu, erf, sin), 0 quadrature.
const ACT: u32 = {{ACT}}u;
const CLOSED: u32 = {{CLOSED}}u;
const PI: f32 = 3.14159265358979;

@group(0) @binding({{BIND_sigma}}) var<storage, read> sigma: array<f32>;
@group(0) @binding({{BIND_theta}}) var<storage, read> theta: array<f32>;
@group(0) @binding({{BIND_quad}}) var<storage, read> quad: array<f32>;
@group(0) @binding({{BIND_sigmaOut}}) var<storage, read_write> sigmaOut: array<f32>;
@group(0) @binding({{BIND_thetaOut}}) var<storage, read_write> thetaOut: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

// Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32's resolution of erf near 1.
fn erf_(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
  return sign(x) * y;
}

// sinh without the cancellation of (eˣ − e⁻ˣ)/2 near 0, where deep chaotic kernels put their
// off-diagonal entries (1e-7 of the diagonal after 100 sin layers): its series below |x| = 0.5
// (truncation < 1e-8 relative).
fn sinh_(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let x2 = x * x;
    return x * (1.0 + x2 / 6.0 * (1.0 + x2 / 20.0 * (1.0 + x2 / 42.0)));
  }
  return sinh(x);
}

fn phi(x: f32) -> f32 {
  switch ACT {
    case 2u: { return tanh(x); }
    case 3u: { return erf_(x); }
    case 4u: { return sin(x); }
    case 5u: { return 0.5 * x * (1.0 + erf_(x * 0.70710678)); }
    default: { return max(x, 0.0); }
  }
}

fn dphi(x: f32) -> f32 {
  switch ACT {
    case 2u: { let t = tanh(x); return 1.0 - t * t; }
    case 3u: { return 1.1283791671 * exp(-x * x); }
    case 4u: { return cos(x); }
    case 5u: { return 0.5 * (1.0 + erf_(x * 0.70710678)) + x * 0.39894228 * exp(-0.5 * x * x); }
    default: { return select(0.0, 1.0, x > 0.0); }
  }
}

@compute @workgroup_size(256)
fn layer(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = p.n;
  let e = gid.x + gid.y * nwg.x * 256u;
  if (e >= n * n) {
    return;
  }
  let i = e / n;
  let j = e % n;
  let a = sigma[i * n + i];
  let b = sigma[j * n + j];
  let sa = sqrt(a);
  let sb = sqrt(b);
  let rho = clamp(sigma[e] / max(sa * sb, 1e-30), -1.0, 1.0);
  var k = 0.0;
  var kd = 0.0;
  if (CLOSED == 1u && ACT == 1u) {
    let th = acos(rho);
    k = sa * sb * (sqrt(1.0 - rho * rho) + (PI - th) * rho) / (2.0 * PI);
    kd = (PI - th) / (2.0 * PI);
  } else if (CLOSED == 1u && ACT == 3u) {
    // E[erf(u)erf(v)] = (2/π)·asin(2c/√((1+2a)(1+2b))); E[erf'(u)erf'(v)] = (4/π)/√((1+2a)(1+2b) − 4c²).
    let c = rho * sa * sb;
    let g = (1.0 + 2.0 * a) * (1.0 + 2.0 * b);
    k = 2.0 / PI * asin(clamp(2.0 * c / sqrt(g), -1.0, 1.0));
    kd = 4.0 / PI / sqrt(g - 4.0 * c * c);
  } else if (CLOSED == 1u && ACT == 4u) {
    let c = rho * sa * sb;
    let e = exp(-0.5 * (a + b));
    k = e * sinh_(c);
    kd = e * cosh(c);
  } else {
    let r = sqrt(1.0 - rho * rho);
    for (var s = 0u; s < p.q; s++) {
      let xs = quad[2u * s] * 1.41421356;
      let ws = quad[2u * s + 1u];
      let u = sa * xs;
      let fu = phi(u);
      let du = dphi(u);
      var inner = 0.0;
      var innerd = 0.0;
      for (var t = 0u; t < p.q; t++) {
        let v = sb * (rho * xs + r * quad[2u * t] * 1.41421356);
        inner += quad[2u * t + 1u] * phi(v);
        innerd += quad[2u * t + 1u] * dphi(v);
      }
      k += ws * fu * inner;
      kd += ws * du * innerd;
    }
    k /= PI;
    kd /= PI;
  }
  let s2 = p.sw2 * k + p.sb2;
  sigmaOut[e] = s2;
  thetaOut[e] = s2 + theta[e] * p.sw2 * kd;
}
