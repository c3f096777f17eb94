// GPU variant of the attention kernels with the loop's rows in workgroup memory: a workgroup of WG
// threads owns WG consecutive rows of one (batch, head), one per thread — query rows for the
// forward pass and dQ, key rows for dK/dV — and walks the other side in tiles of TILE rows. The
// workgroup loads each tile together (LOAD_TILE: thread lt loads row lt, zero-padded to DC vec4s):
// K into t0 and V into t1, or for dK/dV Q into t0, dO into t1 and each query row's (lse, D) into
// ts; every thread then reads the tile's rows in the same order, as broadcasts. The per-row
// registers and the SETUP / STEP / STORE bodies are those of attention_rows.wgsl with one row per
// thread (attention.ts generates them; STEP reads row u of the tile). Same bindings and outputs
// as the other variants. Rows past the end repeat the last row (the same values, stored twice),
// so every thread reaches every barrier. Workgroup memory: (2·TILE·DC·16 + TILE·8) bytes, within
// WebGPU's default 16 KiB (attention.ts sizes TILE by DC).

const TILE: u32 = {{TILE}}u;
const DC: u32 = {{DC}}u;
var<workgroup> t0: array<vec4f, TILE * DC>;
var<workgroup> t1: array<vec4f, TILE * DC>;
var<workgroup> ts: array<vec2f, TILE>;

@compute @workgroup_size(WG)
fn tiles(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
         @builtin(local_invocation_index) lt: u32) {
  let w = row_index(wid, nwg);
  let groups = (p.{{OWN}} + WG - 1u) / WG;
  let b = w / (p.H * groups);
  if (b * p.{{OWN}} * p.H >= p.rows) { return; }
  let h = w % p.H;
  let {{R0}} = (w / p.H) % groups * WG + lt;
  {{SETUP}}
  for (var c0 = 0u; c0 < p.{{OTHER}}; c0 += TILE) {
    let n = min(TILE, p.{{OTHER}} - c0);
    // The previous tile is read by all before it is overwritten.
    workgroupBarrier();
    if (lt < n) {
      {{LOAD_TILE}}
    }
    workgroupBarrier();
    for (var u = 0u; u < n; u++) {
      let {{LOOP}} = c0 + u;
      {{STEP}}
    }
  }
  {{STORE}}
}
