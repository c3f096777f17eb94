// Whether quad operations pair the invocations the CPU quads kernels expect (kernels/quads.ts):
// in an 8×8 workgroup, quadSwapX must exchange local_invocation_index i with i ^ 1 and quadSwapY
// with i ^ 2 (true on SwiftShader, whose SIMD quads are consecutive invocations; WGSL does not
// promise it).
enable subgroups;

@group(0) @binding(0) var<storage, read_write> ok: array<u32>;

@compute @workgroup_size(8, 8)
fn main(@builtin(local_invocation_index) i: u32) {
  // Both swaps before any branch: quad operations need uniform control flow.
  let x = quadSwapX(i);
  let y = quadSwapY(i);
  ok[i] = select(0u, 1u, x == (i ^ 1u) && y == (i ^ 2u));
}
