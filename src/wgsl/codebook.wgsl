// The codebook bottleneck's two non-matmul steps (see src/gpu/kernels/codebook.ts).
//
// `normalize_rows`: out[r, :] = x[r, :] / ‖x[r, :]‖ (0 rows stay 0), one thread per row. The
// codebook is normalized so that h·ĉ ranks codes by cosine similarity: ‖h‖ is the same for every
// code of a row, so it need not be divided out.
//
// `top_k`: one thread per row of scores [rows, codes] keeps the K best codes by insertion into a
// private list (ties go to the lower code index: a strict > keeps the earlier one, so the choice
// never depends on thread timing), writes their ids best first, and writes the row's selection
// weights: 1/K on each chosen code, 0 elsewhere, so weights·C is the mean of the chosen codes and
// weightsᵀ·g is the codebook's gradient, both as plain matmuls. A forced row (forced[r] ≠ NONE)
// selects that one code with weight 1 instead: the intervention that activates a chosen code.

struct Params {
  rows: u32,
  cols: u32,
}

const NONE: u32 = 0xffffffffu;
const K: u32 = {{K}}u;
const FORCED: bool = {{FORCED}};

@group(0) @binding({{BIND_x}}) var<storage, read> x: array<f32>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<f32>;
@group(0) @binding({{BIND_scores}}) var<storage, read> scores: array<f32>;
@group(0) @binding({{BIND_forced}}) var<storage, read> forced: array<u32>;
@group(0) @binding({{BIND_ids}}) var<storage, read_write> ids: array<u32>;
@group(0) @binding({{BIND_weights}}) var<storage, read_write> weights: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn row_of(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

@compute @workgroup_size({{WG}})
fn normalize_rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = row_of(gid, nwg);
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  var ss = 0.0;
  for (var j = 0u; j < p.cols; j++) { ss += x[base + j] * x[base + j]; }
  let inv = select(0.0, inverseSqrt(ss), ss > 0.0);
  for (var j = 0u; j < p.cols; j++) { out[base + j] = x[base + j] * inv; }
}

@compute @workgroup_size({{WG}})
fn top_k(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = row_of(gid, nwg);
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  for (var c = 0u; c < p.cols; c++) { weights[base + c] = 0.0; }
  if (FORCED && forced[r] != NONE) {
    for (var j = 0u; j < K; j++) { ids[r * K + j] = forced[r]; }
    weights[base + forced[r]] = 1.0;
    return;
  }
  var best: array<f32, K>;
  var which: array<u32, K>;
  var filled = 0u;
  for (var c = 0u; c < p.cols; c++) {
    let s = scores[base + c];
    if (filled == K && !(s > best[K - 1u])) { continue; }
    // Shift the worse entries down one place and insert s after those it does not beat.
    var at = min(filled, K - 1u);
    while (at > 0u && s > best[at - 1u]) {
      best[at] = best[at - 1u];
      which[at] = which[at - 1u];
      at -= 1u;
    }
    best[at] = s;
    which[at] = c;
    filled = min(filled + 1u, K);
  }
  for (var j = 0u; j < K; j++) {
    ids[r * K + j] = which[j];
    weights[base + which[j]] = 1.0 / f32(K);
  }
}

// `revive`: one thread per code. A code that no row chose since the last revival (usage 0) is
// reset to one of the current input rows, picked by a counter-based hash of (code, salt), the
// paper's remedy for dead codes (they never get a gradient, so they would stay dead).
struct ReviveParams {
  codes: u32,
  cols: u32,
  inputs: u32,
  salt: u32,
}

@group(0) @binding({{BIND_usage}}) var<storage, read> usage: array<f32>;
@group(0) @binding({{BIND_book}}) var<storage, read_write> book: array<f32>;
@group(0) @binding({{BIND_q}}) var<uniform> q: ReviveParams;

// lowbias32 (C. Wellons): a well-mixed 32-bit integer hash.
fn mix32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

@compute @workgroup_size({{WG}})
fn revive(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * {{WG}}u;
  if (c >= q.codes || usage[c] > 0.0) { return; }
  let r = mix32(c ^ mix32(q.salt)) % q.inputs;
  for (var j = 0u; j < q.cols; j++) { book[c * q.cols + j] = x[r * q.cols + j]; }
}
