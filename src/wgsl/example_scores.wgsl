// Per-example data-pruning scores from a batch's logits [rows, cols] and labels [rows], written
// into a dataset-long score buffer at `offset` (so a whole split is scored batch by batch with no
// readback): EL2N = ‖softmax(z) − onehot(y)‖₂ (Paul et al. 2021), and with the hidden features
// h [rows, hidden] bound, the last layer's GraNd = ‖∂ℓ/∂(W, b)‖ = ‖p − y‖·√(‖h‖² + 1), since the
// gradient of W is the outer product (p − y)hᵀ and that of the bias is p − y. `keep` scales what
// is already there (0 overwrites, 1 sums the K inits' scores). One thread per row: rows are class
// counts long, and a serial loop in a fixed order keeps the sums deterministic.

struct Params { rows: u32, cols: u32, hidden: u32, offset: u32, keep: f32, nan: f32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<u32>;
@group(0) @binding(2) var<storage, read_write> scores: array<f32>;
@group(0) @binding({{BIND_h}}) var<storage, read> h: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  var m = logits[base];
  for (var k = 1u; k < p.cols; k++) { m = max(m, logits[base + k]); }
  var s = 0.0;
  for (var k = 0u; k < p.cols; k++) { s += exp(logits[base + k] - m); }
  let y = labels[r];
  var e2 = 0.0;
  for (var k = 0u; k < p.cols; k++) {
    let d = exp(logits[base + k] - m) / s - select(0.0, 1.0, k == y);
    e2 += d * d;
  }
  var score = sqrt(e2);
  // A label outside [0, cols) has no score: NaN (a uniform, since WGSL rejects a NaN constant),
  // never a silent zero.
  if (y >= p.cols) { score = p.nan; }
  {{GRAND}}
  // keep = 0 never reads the old value: a pooled buffer may hold anything, NaN included.
  let old = select(0.0, p.keep * scores[p.offset + r], p.keep != 0.0);
  scores[p.offset + r] = old + score;
}
