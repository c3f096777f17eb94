// Patch ("locally connected") kernels of 1-D inputs and Gaussian random fields drawn from them
// (Favero, Cagnetta & Wyart 2021, 2022). A point x ∈ ℝ^d has d periodic patches of size s,
// x_p = (x_p, x_{p+1}, …, x_{p+s−1}) with indices mod d (one patch when s = d: all d would be the
// same), and
//   K(x, y) = (1/P)·Σ_p k(‖x_p − y_p‖/ℓ),   k(r) = e^{−r} (Laplace) or (1 + √3·r)·e^{−√3·r} (Matérn-3/2).
// gram        the n×m cross Gram K(A, B), written with row stride ld (so it can fill the top-left
//             block of a larger matrix) plus `shift` where i = j (a jitter on a Gram of A with itself).
// field       one random-Fourier-feature sample of the Gaussian random field with covariance K, at n
//             points: f(x) = (P·F)^{−½}·Σ_p Σ_f [a·cos(ω·x_p) + a′·sin(ω·x_p)], ω = g/(ℓ·√(χ²_ν/ν)),
//             g ~ N(0, I_s) (Rahimi & Recht 2007; the spectral densities of Laplace and Matérn-3/2
//             are multivariate Student-t with ν = 1 and 3). Each feature reads s + 5 standard normals
//             from `z`: g, three for χ²_ν, a and a′. Its covariance is K exactly for any F
//             (E over ω of cos ω·(x − y)).
// Every sum runs in a fixed order. Binding numbers come from program.ts.

struct Params {
  // Rows of A (gram) or points (field); columns of B (gram) or features per patch (field).
  n: u32,
  m: u32,
  d: u32,
  s: u32,
  patches: u32,
  ld: u32,
  inv_len: f32,
  shift: f32,
  // 0 Laplace, 1 Matérn-3/2.
  base: u32,
}

// Largest input dimension d (the private array of squared coordinate differences).
const MAX_D: u32 = 64u;
const SQRT3: f32 = 1.7320508;
const TWO_PI: f32 = 6.2831853;

@group(0) @binding({{BIND_a}}) var<storage, read> a: array<f32>;
@group(0) @binding({{BIND_b}}) var<storage, read> b: array<f32>;
@group(0) @binding({{BIND_z}}) var<storage, read> z: array<f32>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn base_kernel(r: f32) -> f32 {
  if (p.base == 1u) {
    return (1.0 + SQRT3 * r) * exp(-SQRT3 * r);
  }
  return exp(-r);
}

@compute @workgroup_size(16, 16)
fn gram(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.y;
  let j = gid.x;
  if (i >= p.n || j >= p.m) {
    return;
  }
  let d = p.d;
  var sq: array<f32, MAX_D>;
  for (var c = 0u; c < d; c++) {
    let e = a[i * d + c] - b[j * d + c];
    sq[c] = e * e;
  }
  var acc = 0.0;
  for (var q = 0u; q < p.patches; q++) {
    var r2 = 0.0;
    for (var c = 0u; c < p.s; c++) {
      r2 += sq[(q + c) % d];
    }
    acc += base_kernel(sqrt(r2) * p.inv_len);
  }
  out[i * p.ld + j] = acc / f32(p.patches) + select(0.0, p.shift, i == j);
}

@compute @workgroup_size(64)
fn field(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.n) {
    return;
  }
  let d = p.d;
  let s = p.s;
  let stride = s + 5u;
  var acc = 0.0;
  for (var q = 0u; q < p.patches; q++) {
    for (var f = 0u; f < p.m; f++) {
      let o = (q * p.m + f) * stride;
      let u0 = z[o + s];
      var chi = u0 * u0;
      if (p.base == 1u) {
        let u1 = z[o + s + 1u];
        let u2 = z[o + s + 2u];
        chi = (chi + u1 * u1 + u2 * u2) / 3.0;
      }
      var dot = 0.0;
      for (var c = 0u; c < s; c++) {
        dot += z[o + c] * a[i * d + (q + c) % d];
      }
      // A zero draw would make ω infinite (probability ~0, but a NaN would poison the sum).
      let wr = dot * p.inv_len / sqrt(max(chi, 1e-30));
      // Into [−π, π], where WGSL bounds the error of cos and sin (beyond it the precision is the
      // implementation's); |ω·x| itself carries a float32 error of ~|ω·x|·2⁻²³ either way.
      let w = wr - TWO_PI * round(wr / TWO_PI);
      acc += z[o + s + 3u] * cos(w) + z[o + s + 4u] * sin(w);
    }
  }
  out[i] = acc / sqrt(f32(p.patches * p.m));
}
