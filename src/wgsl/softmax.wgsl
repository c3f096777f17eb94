// Row-wise kernels over a [rows, cols] view: softmax and its gradient, the fused softmax
// cross-entropy and its gradient, and the mean-squared error and its gradient. Long rows take one
// workgroup per row, with trees in workgroup memory; short rows (the *_rows entries) take one
// thread per row and loop serially, because barriers dominate on CPU adapters (~0.45 ms per
// workgroup on SwiftShader) and a 64-thread tree over 10 classes leaves most threads idle anyway.
// Entry points bind different buffers, so variables share binding numbers across entries (never
// within one). Both kinds reduce in a fixed order: results are deterministic.

struct Params { rows: u32, cols: u32, scale: f32, nan: f32 }

@group(0) @binding(0) var<storage, read> a0: array<f32>;
@group(0) @binding(1) var<storage, read> b1: array<f32>;
@group(0) @binding(1) var<storage, read> lab1: array<u32>;
@group(0) @binding(1) var<storage, read_write> y1: array<f32>;
@group(0) @binding(2) var<storage, read> g2: array<f32>;
@group(0) @binding(2) var<storage, read_write> c2: array<f32>;
@group(0) @binding(3) var<storage, read_write> per3: array<f32>;
@group(0) @binding(3) var<storage, read_write> o3: array<f32>;
@group(0) @binding(4) var<storage, read_write> cor4: array<f32>;
@group(0) @binding(2) var<uniform> p2: Params;
@group(0) @binding(3) var<uniform> p3: Params;
@group(0) @binding(4) var<uniform> p4: Params;
@group(0) @binding(5) var<uniform> p5: Params;

var<workgroup> sh: array<f32, {{WG}}>;
var<workgroup> shi: array<u32, {{WG}}>;

fn row_of(wid: vec3u, nwg: vec3u) -> u32 {
  return wid.x + wid.y * nwg.x;
}

fn tree_sum(lid: u32, v: f32) -> f32 {
  sh[lid] = v;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      sh[lid] += sh[lid + s];
    }
    workgroupBarrier();
  }
  let r = sh[0];
  workgroupBarrier(); // everyone has read sh[0] before the next tree overwrites it
  return r;
}

fn tree_max(lid: u32, v: f32) -> f32 {
  sh[lid] = v;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      sh[lid] = max(sh[lid], sh[lid + s]);
    }
    workgroupBarrier();
  }
  let r = sh[0];
  workgroupBarrier();
  return r;
}

// Maximum and its first index; the result is left in sh[0], shi[0].
fn tree_argmax(lid: u32, v: f32, i: u32) {
  sh[lid] = v;
  shi[lid] = i;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let v2 = sh[lid + s];
      let i2 = shi[lid + s];
      if (v2 > sh[lid] || (v2 == sh[lid] && i2 < shi[lid])) {
        sh[lid] = v2;
        shi[lid] = i2;
      }
    }
    workgroupBarrier();
  }
}

// y = softmax(x) along the row; the row max is subtracted so exp never overflows. Every thread
// starts its max from the row's first element, which is a valid identity.
@compute @workgroup_size({{WG}})
fn softmax(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = row_of(wid, nwg);
  if (row >= p2.rows) {
    return;
  }
  let n = p2.cols;
  let base = row * n;
  var m = a0[base];
  for (var k = lid.x; k < n; k += {{WG}}u) {
    m = max(m, a0[base + k]);
  }
  m = tree_max(lid.x, m);
  var s = 0.0;
  for (var k = lid.x; k < n; k += {{WG}}u) {
    s += exp(a0[base + k] - m);
  }
  s = tree_sum(lid.x, s);
  for (var k = lid.x; k < n; k += {{WG}}u) {
    y1[base + k] = exp(a0[base + k] - m) / s;
  }
}

// out = y ⊙ (g − Σ g⊙y) per row: the softmax vector-Jacobian product, from the output y.
@compute @workgroup_size({{WG}})
fn softmax_grad(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = row_of(wid, nwg);
  if (row >= p3.rows) {
    return;
  }
  let base = row * p3.cols;
  var d = 0.0;
  for (var k = lid.x; k < p3.cols; k += {{WG}}u) {
    d += a0[base + k] * b1[base + k];
  }
  d = tree_sum(lid.x, d);
  for (var k = lid.x; k < p3.cols; k += {{WG}}u) {
    c2[base + k] = a0[base + k] * (b1[base + k] - d);
  }
}

// The loss and correctness of one row from its max m (at index am) and Σ exp(x − m).
fn xent_store(row: u32, base: u32, m: f32, s: f32, am: u32) {
  let label = lab1[row];
  if (label < p5.cols) {
    per3[row] = log(s) - (a0[base + label] - m);
    cor4[row] = select(0.0, 1.0, am == label);
  } else {
    per3[row] = p5.nan;
    cor4[row] = 0.0;
  }
}

// Fused softmax cross-entropy for one row of logits: probabilities, loss = logsumexp − x[label],
// and whether the first argmax equals the label. A label outside [0, cols) reads nothing and gives
// loss NaN (p.nan), so a corrupted batch shows up in the divergence checks instead of silently.
@compute @workgroup_size({{WG}})
fn xent(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = row_of(wid, nwg);
  if (row >= p5.rows) {
    return;
  }
  let n = p5.cols;
  let base = row * n;
  var m = a0[base];
  var am = 0u;
  for (var k = lid.x; k < n; k += {{WG}}u) {
    let v = a0[base + k];
    if (v > m) {
      m = v;
      am = k;
    }
  }
  tree_argmax(lid.x, m, am);
  m = sh[0];
  am = shi[0];
  workgroupBarrier();
  var s = 0.0;
  for (var k = lid.x; k < n; k += {{WG}}u) {
    s += exp(a0[base + k] - m);
  }
  s = tree_sum(lid.x, s);
  for (var k = lid.x; k < n; k += {{WG}}u) {
    c2[base + k] = exp(a0[base + k] - m) / s;
  }
  if (lid.x == 0u) {
    xent_store(row, base, m, s, am);
  }
}

// d(scale · g · Σ loss)/d logits = (probs − onehot(label)) · scale · g[0]; g is the upstream
// gradient of the scalar loss, left on the GPU. rows = total elements here.
@compute @workgroup_size({{WG}})
fn xent_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p4.rows) {
    return;
  }
  let hit = lab1[i / p4.cols] == i % p4.cols;
  o3[i] = (a0[i] - select(0.0, 1.0, hit)) * p4.scale * g2[0];
}

// Mean over the row of (pred − target)².
@compute @workgroup_size({{WG}})
fn mse(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = row_of(wid, nwg);
  if (row >= p3.rows) {
    return;
  }
  let base = row * p3.cols;
  var s = 0.0;
  for (var k = lid.x; k < p3.cols; k += {{WG}}u) {
    let d = a0[base + k] - b1[base + k];
    s += d * d;
  }
  s = tree_sum(lid.x, s);
  if (lid.x == 0u) {
    c2[row] = s / f32(p3.cols);
  }
}

// (pred − target) · scale · g[0], with scale = 2/N for the mean over all N elements.
@compute @workgroup_size({{WG}})
fn mse_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i < p4.rows) {
    o3[i] = (a0[i] - b1[i]) * p4.scale * g2[0];
  }
}

// One thread per row: the same results as the workgroup entries above up to summation order.
fn thread_row(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

@compute @workgroup_size({{WG}})
fn softmax_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = thread_row(gid, nwg);
  if (row >= p2.rows) {
    return;
  }
  let n = p2.cols;
  let base = row * n;
  var m = a0[base];
  for (var k = 1u; k < n; k++) {
    m = max(m, a0[base + k]);
  }
  var s = 0.0;
  for (var k = 0u; k < n; k++) {
    s += exp(a0[base + k] - m);
  }
  for (var k = 0u; k < n; k++) {
    y1[base + k] = exp(a0[base + k] - m) / s;
  }
}

@compute @workgroup_size({{WG}})
fn softmax_grad_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = thread_row(gid, nwg);
  if (row >= p3.rows) {
    return;
  }
  let base = row * p3.cols;
  var d = 0.0;
  for (var k = 0u; k < p3.cols; k++) {
    d += a0[base + k] * b1[base + k];
  }
  for (var k = 0u; k < p3.cols; k++) {
    c2[base + k] = a0[base + k] * (b1[base + k] - d);
  }
}

@compute @workgroup_size({{WG}})
fn xent_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = thread_row(gid, nwg);
  if (row >= p5.rows) {
    return;
  }
  let n = p5.cols;
  let base = row * n;
  var m = a0[base];
  var am = 0u;
  for (var k = 1u; k < n; k++) {
    let v = a0[base + k];
    if (v > m) {
      m = v;
      am = k;
    }
  }
  var s = 0.0;
  for (var k = 0u; k < n; k++) {
    s += exp(a0[base + k] - m);
  }
  for (var k = 0u; k < n; k++) {
    c2[base + k] = exp(a0[base + k] - m) / s;
  }
  xent_store(row, base, m, s, am);
}

@compute @workgroup_size({{WG}})
fn mse_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = thread_row(gid, nwg);
  if (row >= p3.rows) {
    return;
  }
  let base = row * p3.cols;
  var s = 0.0;
  for (var k = 0u; k < p3.cols; k++) {
    let d = a0[base + k] - b1[base + k];
    s += d * d;
  }
  c2[row] = s / f32(p3.cols);
}
