// Which label a network fits, per example: for a batch of logits [rows, cols] with the training
// labels `given` [rows] (noisy where flipped) and the true labels `truth` [rows], writes into a
// split-long buffer fit [2, n] at `offset`: fit[0, i] = 1 where the first argmax is the true label,
// fit[1, i] = 1 where it is the given label (else 0). Summing each half over a split of flipped
// examples gives how many are fitted to the true label and how many are memorized, with no readback
// per example. One thread per row; rows are class counts long.

struct Params { rows: u32, cols: u32, offset: u32, n: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> given: array<u32>;
@group(0) @binding(2) var<storage, read> truth: array<u32>;
@group(0) @binding(3) var<storage, read_write> fit: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size({{WG}})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * {{WG}}u;
  if (r >= p.rows) { return; }
  let base = r * p.cols;
  var best = logits[base];
  var arg = 0u;
  for (var k = 1u; k < p.cols; k++) {
    let v = logits[base + k];
    if (v > best) {
      best = v;
      arg = k;
    }
  }
  fit[p.offset + r] = select(0.0, 1.0, arg == truth[r]);
  fit[p.n + p.offset + r] = select(0.0, 1.0, arg == given[r]);
}
