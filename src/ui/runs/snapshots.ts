// Two runs' snapshots of one name side by side: which names can be compared, the colour range the
// two share, and their difference where the shapes match.
import type { Snapshot } from '../../lab/experiment.ts';
import type { RunRecord } from '../history/types.ts';

/** Kinds drawn as a grid of values; a gallery (example images with labels) has no meaningful difference. */
const COMPARABLE: ReadonlySet<Snapshot['kind']> = new Set(['heatmap', 'image-grid', 'confusion']);

/** Snapshot names both runs recorded, of a kind that can be drawn side by side, sorted. */
export function comparableNames(a: RunRecord, b: RunRecord): string[] {
  return Object.keys(a.snapshots)
    .filter((k) => {
      const s = a.snapshots[k];
      const t = b.snapshots[k];
      return t !== undefined && COMPARABLE.has(s.kind) && s.kind === t.kind;
    })
    .sort();
}

/** A snapshot as a matrix: its first axis as rows, every other axis flattened into columns. */
export function matrixShape(s: Snapshot): [number, number] {
  const [rows = 1, ...rest] = s.shape;
  return [rows, rest.reduce((p, d) => p * d, 1)];
}

/** The smallest and largest finite value of both snapshots: the one colour scale they are drawn at. */
export function sharedRange(a: Snapshot, b: Snapshot): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [a, b]) {
    for (const v of s.data) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo > hi ? [0, 1] : [lo, hi];
}

export interface Difference {
  /** b − a, element by element. */
  data: Float64Array;
  maxAbs: number;
  /** Elements that are not equal. */
  different: number;
}

/** b − a where the two have one shape; null where they do not. */
export function difference(a: Snapshot, b: Snapshot): Difference | null {
  if (a.shape.join() !== b.shape.join() || a.data.length !== b.data.length) return null;
  const data = new Float64Array(a.data.length);
  let maxAbs = 0;
  let different = 0;
  for (let i = 0; i < data.length; i++) {
    const d = b.data[i] - a.data[i];
    data[i] = d;
    if (!Object.is(a.data[i], b.data[i])) different++;
    if (Number.isFinite(d)) maxAbs = Math.max(maxAbs, Math.abs(d));
  }
  return { data, maxAbs, different };
}
