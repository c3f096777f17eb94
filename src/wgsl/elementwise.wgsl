// Elementwise kernels, one dispatch per op. Expressions are spliced in through the UNARY, GRAD and
// BINARY defines (the entries not dispatched get a dummy), so each op is its own pipeline; activations.wgsl is prepended by the TS wrapper. Entry points bind
// different buffers, so the variables below share binding numbers across entries (never within one).

struct Params { n: u32, bn: u32, alpha: f32, beta: f32 }

@group(0) @binding(0) var<storage, read> in0: array<f32>;
@group(0) @binding(1) var<storage, read> in1: array<f32>;
@group(0) @binding(0) var<storage, read_write> out0: array<f32>;
@group(0) @binding(1) var<storage, read_write> out1: array<f32>;
@group(0) @binding(2) var<storage, read_write> out2: array<f32>;
@group(0) @binding(1) var<uniform> p1: Params;
@group(0) @binding(2) var<uniform> p2: Params;
@group(0) @binding(3) var<uniform> p3: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// out = UNARY(x)
@compute @workgroup_size({{WG}})
fn unary(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p2.n) {
    let x = in0[i];
    out1[i] = {{UNARY}};
  }
}

// out = GRAD(v, g): v is the op's input or output (whichever its derivative needs), g the output grad.
@compute @workgroup_size({{WG}})
fn unary_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p3.n) {
    let v = in0[i];
    let g = in1[i];
    out2[i] = {{GRAD}};
  }
}

// out = BINARY(a, b) with b indexed modulo its size: same shape (bn = n), a row broadcast over the
// last axis (bn = columns) or a scalar (bn = 1), all in one code path.
@compute @workgroup_size({{WG}})
fn binary(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p3.n) {
    let a = in0[i];
    let b = in1[i % p3.bn];
    out2[i] = {{BINARY}};
  }
}

// out = alpha·x + beta (scale, addScalar).
@compute @workgroup_size({{WG}})
fn affine(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p2.n) {
    out1[i] = p2.alpha * in0[i] + p2.beta;
  }
}

// out = alpha·x + beta·y
@compute @workgroup_size({{WG}})
fn axpby(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p3.n) {
    out2[i] = p3.alpha * in0[i] + p3.beta * in1[i];
  }
}

// out = alpha
@compute @workgroup_size({{WG}})
fn fill(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i < p1.n) {
    out0[i] = p1.alpha;
  }
}
