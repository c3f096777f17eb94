// The convolution weight [outC, inC, kh, kw] rearranged into the GEMM operand that
// conv2d_gemm.wgsl reads: [kh, kw, R, NP] with the mask multiplied in and each row zero-padded to
// NP (a multiple of 4). Forward: R = inC, columns = outC; input gradient (TRANSPOSE): R = outC,
// columns = inC. A weight-sized pass, far cheaper than the GEMM it feeds.

const WG: u32 = 256u;

struct Params {
  total: u32,
  taps: u32,
  R: u32,
  NP: u32,
  N: u32,
  inC: u32,
  transpose: u32,
}

@group(0) @binding(0) var<storage, read> w: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
// Optional: the weight's 0/1 mask.
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

@compute @workgroup_size(256)
fn repack(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= p.total) { return; }
  let n = i % p.NP;
  let r = (i / p.NP) % p.R;
  let tap = i / (p.NP * p.R);
  if (n >= p.N) {
    out[i] = 0.0;
    return;
  }
  let o = select(n, r, p.transpose != 0u);
  let ci = select(r, n, p.transpose != 0u);
  let src = (o * p.inC + ci) * p.taps + tap;
  out[i] = w[src]{{MASK}};
}
