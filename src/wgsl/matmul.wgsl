// C[b] = act(op(A[b]) · op(B[b]) + bias), op = optional transpose; B is multiplied by its 0/1 mask
// on load, so pruned weights contribute exactly zero. This part holds the bindings, loaders and
// epilogue shared by the variants: matmul_tiles.wgsl with gemm_tiles.wgsl (128×128 workgroup-memory
// tiles, for GPUs), matmul_tiled.wgsl (64×64 tiles, the GPUs' fallback) and matmul_registers.wgsl
// (no workgroup memory, for SwiftShader/CPU adapters).
//
// Specialization (from matmul.ts): TRANS_A, TRANS_B; A_VEC / B_VEC when the operand's contiguous
// axis is a multiple of 4, so it is bound as vec4 rows; the snippets that use the optional
// bindings (ADD_BIAS, STORE_Z, the loaders A4/A1/B4/B1), and RESULT: what is
// written, act(z) or, accumulating, c + scale·z (C += scale·AB, how SGD folds into a gradient).

const TRANS_A: bool = {{TRANS_A}};
const TRANS_B: bool = {{TRANS_B}};
const A_VEC: bool = {{A_VEC}};
const B_VEC: bool = {{B_VEC}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  // Elements between consecutive batch entries; 0 broadcasts one matrix across the batch.
  strideA: u32,
  strideB: u32,
  strideC: u32,
  scale: f32,
}

@group(0) @binding(0) var<storage, read> a: array<{{A_ELEM}}>;
@group(0) @binding(1) var<storage, read> b: array<{{B_ELEM}}>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
// Optional: the 0/1 mask laid out like B, the bias [N], and the pre-activation output Z.
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<{{B_ELEM}}>;
@group(0) @binding({{BIND_bias}}) var<storage, read> bias: array<f32>;
@group(0) @binding({{BIND_zout}}) var<storage, read_write> zout: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

// Four consecutive elements starting at element index i (i is a multiple of 4 when bound as vec4).
fn a4(i: u32) -> vec4f { return {{A4}}; }
fn a1(i: u32) -> f32 { return {{A1}}; }
fn b4(i: u32) -> vec4f { return {{B4}}; }
fn b1(i: u32) -> f32 { return {{B1}}; }

fn a_index(m: u32, k: u32) -> u32 {
  if (TRANS_A) { return k * p.M + m; }
  return m * p.K + k;
}

fn b_index(k: u32, n: u32) -> u32 {
  if (TRANS_B) { return n * p.K + k; }
  return k * p.N + n;
}

fn epilogue(batch: u32, m: u32, n: u32, acc: f32) {
  if (m >= p.M || n >= p.N) { return; }
  let i = batch * p.strideC + m * p.N + n;
  let z = acc{{ADD_BIAS}};
  {{STORE_Z}}
  c[i] = {{RESULT}};
}

fn act_identity(x: f32) -> f32 {
  return x;
}

fn store4(batch: u32, m: u32, n: u32, v: vec4f) {
  for (var q = 0u; q < 4u; q++) { epilogue(batch, m, n + q, v[q]); }
}
