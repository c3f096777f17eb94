// Batched evaluation of many points of a weight plane at once (src/lab/landscape-batched.ts).
// Point p of a chunk has parameters θ_p = base + a_p·u + b_p·v, so any quantity linear in θ is
// c_p · (three stacked terms) with c_p = (1, a_p, b_p): per-point weights, biases, and the first
// layer's pre-activations (X·W + b is linear in (W, b)). Entries bind different buffers, so
// variables share binding numbers across entries (never within one). Every output element is
// computed by one thread in a fixed order: results are deterministic.

struct Params { points: u32, n: u32, cols: u32 }

@group(0) @binding(0) var<storage, read> a0: array<f32>;
@group(0) @binding(1) var<storage, read> b1: array<f32>;
@group(0) @binding(2) var<storage, read_write> o2: array<f32>;
@group(0) @binding(3) var<uniform> p3: Params;

fn act_identity(x: f32) -> f32 {
  return x;
}

fn thread_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// o2[p, j] = act(c[p, 0]·s[0, j] + c[p, 1]·s[1, j] + c[p, 2]·s[2, j]) for coefficients a0 [P, 3]
// and stacked terms b1 [3, n].
@compute @workgroup_size({{WG}})
fn combine(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = thread_index(gid, nwg);
  if (i >= p3.points * p3.n) {
    return;
  }
  let pt = i / p3.n;
  let j = i - pt * p3.n;
  let z = a0[3u * pt] * b1[j] + a0[3u * pt + 1u] * b1[p3.n + j] + a0[3u * pt + 2u] * b1[2u * p3.n + j];
  o2[i] = {{ACT}}(z);
}

// o2[p, r, j] = act(a0[p, r, j] + b1[p, j]): a per-point bias row under rows of n = R·cols values.
@compute @workgroup_size({{WG}})
fn bias_act(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = thread_index(gid, nwg);
  if (i >= p3.points * p3.n) {
    return;
  }
  let pt = i / p3.n;
  let j = i % p3.cols;
  o2[i] = {{ACT}}(a0[i] + b1[pt * p3.cols + j]);
}

// The output layer and its loss in one pass, one thread per (point, example) row: logits
// act_out(h·W_p + b_p) with W_p = w1[p] [inw, C] and b_p = bias2[p] [C], then softmax cross-entropy
// against lab3[row] (every point scores the same `rows` examples) into loss4 and, 1 where the
// first argmax is the label, cor5. The hidden row h comes from {{HIDDEN}}: the previous layer's
// output x0 [P, rows, inw], or for a one-hidden-layer net straight from the first layer's stacked
// terms x0 [3, rows·inw] and the point's coefficients cf6, so no [P, rows, inw] tensor is stored.
// Looping over C classes per row beats a matmul whose 64-column tiles would mostly idle at C = 10.
// As in softmax.wgsl, a label outside [0, C) gives loss NaN instead of reading out of bounds.
struct HeadParams { points: u32, rows: u32, inw: u32, nan: f32 }

@group(0) @binding(0) var<storage, read> x0: array<f32>;
@group(0) @binding(1) var<storage, read> w1: array<f32>;
@group(0) @binding(2) var<storage, read> bias2: array<f32>;
@group(0) @binding(3) var<storage, read> lab3: array<u32>;
@group(0) @binding(4) var<storage, read_write> loss4: array<f32>;
@group(0) @binding(5) var<storage, read_write> cor5: array<f32>;
@group(0) @binding({{BIND_cf6}}) var<storage, read> cf6: array<f32>;
// cf6 is bound only for a stacked input; the parameters follow the last buffer bound.
@group(0) @binding({{BIND_hp}}) var<uniform> hp: HeadParams;

@compute @workgroup_size({{WG}})
fn head(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = thread_index(gid, nwg);
  if (row >= hp.points * hp.rows) {
    return;
  }
  let pt = row / hp.rows;
  let r = row - pt * hp.rows;
  let n = hp.rows * hp.inw;
  let wbase = pt * hp.inw * {{C}}u;
  // The class loop is unrolled into vec4 accumulators (HEAD_* from plane-batch.ts): a private
  // array indexed inside the hot loop ran several times slower on SwiftShader.
  {{HEAD_DECL}}
  for (var k = 0u; k < hp.inw; k++) {
    let hk = {{HIDDEN}};
    let wk = wbase + k * {{C}}u;
    {{HEAD_STEP}}
  }
  var logit: array<f32, {{C}}>;
  {{HEAD_STORE}}
  var m = 0.0;
  var am = 0u;
  for (var j = 0u; j < {{C}}u; j++) {
    logit[j] = {{ACT_OUT}}(logit[j] + bias2[pt * {{C}}u + j]);
    if (j == 0u || logit[j] > m) {
      m = logit[j];
      am = j;
    }
  }
  var s = 0.0;
  for (var j = 0u; j < {{C}}u; j++) {
    s += exp(logit[j] - m);
  }
  let label = lab3[r];
  if (label < {{C}}u) {
    loss4[row] = log(s) - (logit[label] - m);
    cor5[row] = select(0.0, 1.0, am == label);
  } else {
    loss4[row] = hp.nan;
    cor5[row] = 0.0;
  }
}
