// Radix select of the k-th largest |x| over one or more tensors, with no read-back. For x ≥ 0 the
// f32 bit pattern orders like the value when read as u32, so the answer is found one 8-bit digit
// at a time from the top: `histogram` counts, among the entries whose higher digits equal the
// prefix found so far, how many have each value of the current digit; `pick` walks the 256 bins
// from the top to the bin holding the k-th entry, appends it to the prefix and subtracts the
// entries above it from k. Four rounds fix all 32 bits, and the prefix is then the value itself.
//
// Counts are u32 atomics: integer addition is exact and order-independent, so the result is the
// same whatever order the workgroups run in.
//
// state = [prefix, k remaining, 1 when k exceeded the number of counted entries].
// Binding numbers come from program.ts (each entry binds only what it uses).

struct Params {
  n: u32,
  // Lowest bit of this round's digit.
  shift: u32,
  // The bits above this round's digit (already fixed in the prefix); 0 in the first round.
  himask: u32,
}

const MASKED: bool = {{MASKED}};

@group(0) @binding({{BIND_x}}) var<storage, read> x: array<f32>;
@group(0) @binding({{BIND_mask}}) var<storage, read> mask: array<f32>;
@group(0) @binding({{BIND_hist}}) var<storage, read_write> hist: array<atomic<u32>, 256>;
@group(0) @binding({{BIND_state}}) var<storage, read_write> state: array<u32, 3>;
@group(0) @binding({{BIND_out}}) var<storage, read_write> out: array<f32>;
@group(0) @binding({{BIND_p}}) var<uniform> p: Params;

var<workgroup> local: array<atomic<u32>, 256>;

// One workgroup per CHUNK elements: a private histogram in workgroup memory keeps the global
// atomics to at most 256 per workgroup (most |w| share a few top digits, so direct global
// atomics would all hit the same bins).
@compute @workgroup_size(256)
fn histogram(@builtin(local_invocation_id) lid3: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let lid = lid3.x;
  atomicStore(&local[lid], 0u);
  workgroupBarrier();
  let start = (wid.x + wid.y * nwg.x) * {{CHUNK}}u;
  let stop = min(start + {{CHUNK}}u, p.n);
  let prefix = state[0] & p.himask;
  for (var i = start + lid; i < stop; i += 256u) {
    if (MASKED && mask[i] == 0.0) { continue; }
    let bits = bitcast<u32>(abs(x[i]));
    if ((bits & p.himask) == prefix) { atomicAdd(&local[(bits >> p.shift) & 255u], 1u); }
  }
  workgroupBarrier();
  let c = atomicLoad(&local[lid]);
  if (c > 0u) { atomicAdd(&hist[lid], c); }
}

// One thread: choose this round's digit, clear the histogram for the next round, and after the
// last round (shift 0) write the value — 0 when fewer than k entries were counted.
@compute @workgroup_size(1)
fn pick() {
  let k = state[1];
  var above = 0u;
  var bin = 256u;
  for (var b = 256u; b > 0u; b--) {
    let c = atomicLoad(&hist[b - 1u]);
    atomicStore(&hist[b - 1u], 0u);
    if (bin == 256u) {
      if (above + c >= k) { bin = b - 1u; } else { above += c; }
    }
  }
  if (state[2] == 0u) {
    if (bin == 256u) {
      state[2] = 1u;
    } else {
      state[0] |= bin << p.shift;
      state[1] = k - above;
    }
  }
  if (p.shift == 0u) { out[0] = select(bitcast<f32>(state[0]), 0.0, state[2] != 0u); }
}
