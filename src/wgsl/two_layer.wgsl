// Output-layer pass of a two-layer net f(x) = c·(Σᵢ aᵢ φ(zᵢ) − h₀(x)) with fixed readouts a, one
// thread per example. From the pre-activations Z [P, W] (W = N, or 2N when the linearized twin's
// U = X·ΔW sits in columns N..2N−1) it writes per-example stats (loss, twin loss, f, twin f) and
// G [P, W] = ∂loss/∂Z (divided by P), so that ∂loss/∂W = Xᵀ·G is one matmul. The twin is
// f_lin = c·Σᵢ aᵢ φ'(z⁰ᵢ) uᵢ, with D0 [P, N] holding φ'(z⁰). ACT picks φ, LOSS the loss.

struct Params { P: u32, N: u32, W: u32, c: f32, eps: f32 }

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> h0: array<f32>;
@group(0) @binding(3) var<storage, read> d0: array<f32>;
@group(0) @binding(4) var<storage, read> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> g: array<f32>;
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;

fn act(v: f32) -> f32 {
  {{ACT}}
}

fn dact(v: f32) -> f32 {
  {{DACT}}
}

// Loss of output f against target t, and its derivative in f.
fn loss(f: f32, t: f32) -> vec2f {
  {{LOSS}}
}

@compute @workgroup_size({{WG}})
fn output_pass(@builtin(global_invocation_id) gid: vec3u) {
  let m = gid.x;
  if (m >= p.P) { return; }
  let row = m * p.W;
  var h = 0.0;
  for (var i = 0u; i < p.N; i++) { h += a[i] * act(z[row + i]); }
  let f = p.c * (h - h0[m]);
  let lf = loss(f, y[m]);
  let inv = 1.0 / f32(p.P);
  for (var i = 0u; i < p.N; i++) { g[row + i] = lf.y * inv * p.c * a[i] * dact(z[row + i]); }
  var fl = 0.0;
  var ll = vec2f(0.0, 0.0);
  if (p.W > p.N) {
    for (var i = 0u; i < p.N; i++) { fl += a[i] * d0[m * p.N + i] * z[row + p.N + i]; }
    fl *= p.c;
    ll = loss(fl, y[m]);
    for (var i = 0u; i < p.N; i++) { g[row + p.N + i] = ll.y * inv * p.c * a[i] * d0[m * p.N + i]; }
  }
  stats[4u * m] = lf.x;
  stats[4u * m + 1u] = ll.x;
  stats[4u * m + 2u] = f;
  stats[4u * m + 3u] = fl;
}
