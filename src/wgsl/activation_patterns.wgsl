// Binary activation patterns of ReLU layers (neuron on ⇔ its output > 0), packed 32 neurons to a
// u32 word, and what neural activation patterns (NAPs) need of them: per-class activation counts,
// the mined masks, and each example's violations of each class's NAP. A pattern is `words` words;
// each layer owns its own run of words from `offset`, so no word mixes layers and unused high
// bits stay 0. Counts are integers summed by one thread in row order: no atomics, and the same
// numbers on every device. Binding numbers come from program.ts.

struct Params {
  rows: u32,
  // pack: the layer's neurons and its first word.
  width: u32,
  offset: u32,
  words: u32,
  classes: u32,
  // mine: a neuron is fixed when it is on (or off) in at least delta of the class's examples.
  delta: f32,
}

@group(0) @binding({{BIND_act}}) var<storage, read> act: array<f32>;
@group(0) @binding({{BIND_patterns}}) var<storage, read> patterns: array<u32>;
@group(0) @binding({{BIND_labels}}) var<storage, read> labels: array<u32>;
@group(0) @binding({{BIND_counts}}) var<storage, read> counts: array<u32>;
@group(0) @binding({{BIND_sizes}}) var<storage, read> sizes: array<u32>;
@group(0) @binding({{BIND_valid}}) var<storage, read> valid: array<u32>;
@group(0) @binding({{BIND_fixed}}) var<storage, read> fixed: array<u32>;
@group(0) @binding({{BIND_value}}) var<storage, read> value: array<u32>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<u32>;
@group(0) @binding({{BIND_out2}}) var<storage, read_write> out2: array<u32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

fn index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * {{WG}}u;
}

// out[r, offset + w] = bits of act[r, 32w … 32w + 31] > 0, one thread per (row, word of the layer).
@compute @workgroup_size({{WG}})
fn pack(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  let layerWords = (p.width + 31u) / 32u;
  if (i >= p.rows * layerWords) { return; }
  let r = i / layerWords;
  let w = i - r * layerWords;
  var bits = 0u;
  let first = w * 32u;
  let last = min(first + 32u, p.width);
  for (var j = first; j < last; j++) {
    if (act[r * p.width + j] > 0.0) { bits |= 1u << (j - first); }
  }
  out[r * p.words + p.offset + w] = bits;
}

// out[c, b] = how many rows of label c have bit b on, one thread per (class, bit), rows in order.
@compute @workgroup_size({{WG}})
fn class_counts(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  let bits = p.words * 32u;
  if (i >= p.classes * bits) { return; }
  let c = i / bits;
  let b = i - c * bits;
  let w = b / 32u;
  let mask = 1u << (b % 32u);
  var n = 0u;
  for (var r = 0u; r < p.rows; r++) {
    if (labels[r] == c && (patterns[r * p.words + w] & mask) != 0u) { n += 1u; }
  }
  out[i] = n;
}

// The NAP of each class as two masks: out (fixed) has the bits of neurons on or off in at least
// delta of the class's `sizes[c]` examples, out2 (value) those fixed on. Only `valid` bits (real
// neurons, not the padding of a layer's last word) can be fixed. One thread per (class, word).
@compute @workgroup_size({{WG}})
fn mine(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.classes * p.words) { return; }
  let c = i / p.words;
  let w = i - c * p.words;
  let n = f32(sizes[c]);
  var f = 0u;
  var v = 0u;
  for (var k = 0u; k < 32u; k++) {
    let on = f32(counts[c * p.words * 32u + w * 32u + k]);
    if (n > 0.0 && on >= p.delta * n) { f |= 1u << k; v |= 1u << k; }
    else if (n > 0.0 && n - on >= p.delta * n) { f |= 1u << k; }
  }
  f &= valid[w];
  out[i] = f;
  out2[i] = v & f;
}

// out[r, c] = how many neurons the NAP of class c fixes that row r's pattern contradicts
// (0: the row follows the NAP), one thread per (row, class).
@compute @workgroup_size({{WG}})
fn violations(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.rows * p.classes) { return; }
  let r = i / p.classes;
  let c = i - r * p.classes;
  var n = 0u;
  for (var w = 0u; w < p.words; w++) {
    n += countOneBits((patterns[r * p.words + w] ^ value[c * p.words + w]) & fixed[c * p.words + w]);
  }
  out[i] = n;
}

// out[a, c] = how many rows of label a follow the NAP of class c (counts[r, c] = 0; counts here
// are violations()), one thread per (label, class), rows in order.
@compute @workgroup_size({{WG}})
fn tally(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = index(gid, nwg);
  if (i >= p.classes * p.classes) { return; }
  let a = i / p.classes;
  let c = i - a * p.classes;
  var n = 0u;
  for (var r = 0u; r < p.rows; r++) {
    if (labels[r] == a && counts[r * p.classes + c] == 0u) { n += 1u; }
  }
  out[i] = n;
}
