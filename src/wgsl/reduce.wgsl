// Reductions over a view [outer, len, inner] of a tensor. The map (MAP of v), the combine (COMB of
// a, b, associative), the identity (p.ident) and the finish (FINISH of acc) are spliced in, so sum,
// mean, max and sum of squares share one code path. Every output is reduced in a fixed order
// (no atomics), so the same input always gives bit-identical output.

// d (cols only): the axis is cut into P = ⌈b / d⌉ runs of d, each reduced by its own thread.
struct Params { a: u32, b: u32, c: u32, scale: f32, ident: f32, d: u32, P: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<storage, read_write> outu: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

// Long sequential runs lose precision (error grows with the run length), so each thread sums
// blocks of BLOCK items before adding the block into its accumulator.
const BLOCK: u32 = 64u;

fn map(v: f32) -> f32 {
  return {{MAP}};
}

fn comb(a: f32, b: f32) -> f32 {
  return {{COMB}};
}

fn finish(acc: f32) -> f32 {
  return {{FINISH}};
}

var<workgroup> sh: array<f32, {{WG}}>;

// One workgroup per row of a [rows, len] view (a = rows, b = len, c = total elements, so the last
// row of a chunked full reduction may be short). Threads stride the row, so loads are coalesced.
@compute @workgroup_size({{WG}})
fn rows(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.a) {
    return;
  }
  let base = row * p.b;
  let end = min(p.b, p.c - base);
  var acc = p.ident;
  var k = lid.x;
  while (k < end) {
    var blk = p.ident;
    for (var j = 0u; j < BLOCK && k < end; j++) {
      blk = comb(blk, map(x[base + k]));
      k += {{WG}}u;
    }
    acc = comb(acc, blk);
  }
  sh[lid.x] = acc;
  workgroupBarrier();
  for (var s = {{WG}}u / 2u; s > 0u; s >>= 1u) {
    if (lid.x < s) {
      sh[lid.x] = comb(sh[lid.x], sh[lid.x + s]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    out[row] = finish(sh[0]);
  }
}

// One thread per output of an [outer, len, inner] view (a = outer, b = len, c = inner) and run of
// d along the axis: column sums and short rows; out is [a, P, c], so with d = b (P = 1) each thread
// reduces a whole column, and a long axis over few columns is split into partials that a second
// pass combines. Neighbouring threads read neighbouring columns, so loads are coalesced.
@compute @workgroup_size({{WG}})
fn cols(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.a * p.P * p.c) {
    return;
  }
  let q = i / p.c;
  let base = (q / p.P) * p.b * p.c + i % p.c;
  var k = (q % p.P) * p.d;
  let end = min(p.b, k + p.d);
  var acc = p.ident;
  while (k < end) {
    var blk = p.ident;
    for (var j = 0u; j < BLOCK && k < end; j++) {
      blk = comb(blk, map(x[base + k * p.c]));
      k++;
    }
    acc = comb(acc, blk);
  }
  out[i] = finish(acc);
}

// Index of the largest value along the axis of an [outer, len, inner] view; the first on ties.
@compute @workgroup_size({{WG}})
fn argmax(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i >= p.a * p.c) {
    return;
  }
  let base = (i / p.c) * p.b * p.c + i % p.c;
  var best = x[base];
  var arg = 0u;
  for (var k = 1u; k < p.b; k++) {
    let v = x[base + k * p.c];
    if (v > best) {
      best = v;
      arg = k;
    }
  }
  outu[i] = arg;
}

// Adjoint of a sum along an axis: out[o, k, j] = x[o, j] · scale over an [outer, len, inner] view
// of the output (a = total outputs, b = len, c = inner).
@compute @workgroup_size({{WG}})
fn expand(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * {{WG}}u;
  if (i < p.a) {
    out[i] = x[(i / (p.b * p.c)) * p.c + i % p.c] * p.scale;
  }
}
