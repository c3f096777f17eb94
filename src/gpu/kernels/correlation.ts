/**
 * Unit–unit Pearson correlation between two activation blocks of the same samples: a is [n, p],
 * b is [n, q] (rows = probe samples, columns = units), the result is [p, q] with
 * r[i, j] = corr(a[:, i], b[:, j]). Each block's columns are standardised to centred unit-norm
 * columns (standardize_columns.wgsl), then one matmul zaᵀ·zb gives every correlation at once.
 * Constant (dead) units correlate 0 with everything; `sd` marks them with 0. Not differentiated:
 * the correlations are read, not trained through.
 */
import code from '../../wgsl/standardize_columns.wgsl?raw';
import { defineProgram } from '../program.ts';
import type { Tensor } from '../tensor.ts';
import { matmul } from './matmul.ts';

const standardizeProgram = defineProgram({
  name: 'standardize-columns',
  code,
  workgroupSize: 256,
  bindings: { x: 'read', z: 'read_write', sd: 'read_write' },
  uniforms: { rows: 'u32', cols: 'u32' },
});

export interface Standardized {
  /** [n, p]: each column centred and scaled to unit Euclidean norm (zeros for a dead unit). */
  z: Tensor;
  /** [p]: each column's population standard deviation; 0 marks a dead unit. */
  sd: Tensor;
}

function assertRows(x: Tensor, what: string): void {
  x.assertLive();
  if (x.dtype !== 'f32' || x.shape.length !== 2)
    throw new Error(`${what} takes an f32 [samples, units] tensor, got ${x.dtype} [${x.shape}]`);
  if (x.shape[0] < 2) throw new Error(`${what}: a correlation needs at least 2 samples, got ${x.shape[0]}`);
}

export function standardizeColumns(x: Tensor): Standardized {
  assertRows(x, 'standardizeColumns');
  const [rows, cols] = x.shape;
  const max = x.ctx.limits.maxComputeWorkgroupsPerDimension;
  if (cols > max) throw new Error(`standardizeColumns: ${cols} columns exceed the ${max} workgroups of one dispatch`);
  const z = x.ctx.empty([rows, cols]);
  const sd = x.ctx.empty([cols]);
  standardizeProgram.run(x.ctx, { bindings: { x, z, sd }, uniforms: { rows, cols }, workgroups: [cols] });
  return { z, sd };
}

/** r = corr(a, b): [p, q] from a [n, p] and b [n, q] over the same n samples. */
export function correlation(a: Tensor, b: Tensor): Tensor {
  assertRows(a, 'correlation');
  assertRows(b, 'correlation');
  if (a.shape[0] !== b.shape[0]) throw new Error(`correlation: sample counts differ, [${a.shape}] vs [${b.shape}]`);
  const za = standardizeColumns(a).z;
  const zb = a === b ? za : standardizeColumns(b).z;
  return matmul(za, zb, { transA: true });
}
