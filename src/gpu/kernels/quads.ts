/**
 * Code generation shared by the CPU kernels' 'quads' forms (matmul, conv forward / input
 * gradient, conv weight gradient). On SwiftShader every storage load is a per-lane gather, which
 * dominates an 8×8 register block; the four lanes of a SIMD quad (ctx.quadLanes) therefore work
 * as a 2×2 arrangement of 8×8 blocks: lanes that differ in bit 0 share rows, lanes that differ in
 * bit 1 share columns. Each lane loads 4 of its 8 rows and 4 of its 8 columns and takes the other
 * halves from its quadSwapX / quadSwapY partner, halving the gathers per multiply-add.
 */

import type { GpuContext } from '../context.ts';

/**
 * Whether a block of `rows` × `cols` outputs should use the quads form: the context allows it and
 * both sides exceed 8, since a quad covers 16 × 16 and at 8 or fewer half of it would be waste.
 */
export function quadsFor(ctx: GpuContext, rows: number, cols: number): boolean {
  return ctx.quadKernels && rows > 8 && cols > 8;
}

/**
 * What a quads kernel's WGSL starts with. Whole quads past the end return early (each kernel's
 * ORIGIN): that is uniform within every quad, which is all quad operations need, but WGSL's
 * analysis cannot see it, so its subgroup-uniformity diagnostic is turned off. Without the early
 * return, spare threads in small dispatches (a weight gradient with 4 useful threads in a
 * workgroup of 64) ran full reductions for nothing: 12× slower than without quads.
 */
export function quadsModule(code: string): string {
  return `enable subgroups;\ndiagnostic(off, subgroup_uniformity);\n${code}`;
}

/** Sets lane, ox and oy from the thread index `t` (whose low 2 bits are the quad lane). */
export const QUAD_LANE = ['let lane = t & 3u;', 'let ox = (lane & 1u) * 4u;', 'let oy = (lane >> 1u) * 4u;'];

/**
 * Offset of register row (own = 'ox') or column (own = 'oy') i of 8 from the lane's block
 * start: indices 0–3 are the half this lane loads, 4–7 its partner's.
 */
export function quadOffset(i: number, own: 'ox' | 'oy'): string {
  return i < 4 ? `${own} + ${i}u` : `4u - ${own} + ${i - 4}u`;
}

/** `let <name>4..7 = quadSwapX(<name>0..3)`: the partner's rows. */
export function swapRows(name: string): string[] {
  return [0, 1, 2, 3].map((i) => `let ${name}${i + 4} = quadSwapX(${name}${i});`);
}

/** `let <to> = quadSwapY(<from>)` for a vec4, or column by column for a mat4x4f. */
export function swapColumns(to: string, from: string, matrix: boolean): string {
  return matrix
    ? `let ${to} = mat4x4f(${[0, 1, 2, 3].map((r) => `quadSwapY(${from}[${r}])`).join(', ')});`
    : `let ${to} = quadSwapY(${from});`;
}
