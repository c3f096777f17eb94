// Does a re-run reproduce a stored run? Every recorded metric point is compared bit for bit
// (Object.is: -0 differs from 0, NaN equals NaN), point by point in recording order, and the
// final snapshots byte for byte.
import type { Snapshot } from '../../lab/experiment.ts';
import type { RunRecord } from '../history/types.ts';

export interface SeriesComparison {
  name: string;
  equal: number;
  different: number;
  /** Points only one of the runs recorded. */
  missing: number;
  maxAbsDiff: number;
  /** The step of the largest difference, when there is one. */
  worstStep: number | null;
}

export interface Reproduction {
  series: SeriesComparison[];
  equal: number;
  different: number;
  missing: number;
  maxAbsDiff: number;
  snapshotsEqual: number;
  snapshotsDifferent: number;
  /** Every point and snapshot of either run is in the other, bit for bit. */
  bitExact: boolean;
}

type Recorded = Pick<RunRecord, 'metrics' | 'snapshots'>;

function bytes(a: Snapshot['data']): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (a.data.constructor !== b.data.constructor || a.shape.join() !== b.shape.join()) return false;
  const x = bytes(a.data);
  const y = bytes(b.data);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function compareRuns(a: Recorded, b: Recorded): Reproduction {
  const names = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
  const series = names.map((name): SeriesComparison => {
    const sa = a.metrics[name] ?? { steps: [], values: [] };
    const sb = b.metrics[name] ?? { steps: [], values: [] };
    const n = Math.min(sa.values.length, sb.values.length);
    const c: SeriesComparison = {
      name,
      equal: 0,
      different: 0,
      missing: Math.max(sa.values.length, sb.values.length) - n,
      maxAbsDiff: 0,
      worstStep: null,
    };
    for (let i = 0; i < n; i++) {
      const sameStep = sa.steps[i] === sb.steps[i];
      if (sameStep && Object.is(sa.values[i], sb.values[i])) {
        c.equal++;
        continue;
      }
      c.different++;
      // A NaN against a number, or points at different steps, are as far apart as it gets.
      const d = sameStep ? Math.abs(sa.values[i] - sb.values[i]) : Infinity;
      const gap = Number.isNaN(d) ? Infinity : d;
      if (gap > c.maxAbsDiff || c.worstStep === null) {
        c.maxAbsDiff = Math.max(c.maxAbsDiff, gap);
        c.worstStep = sa.steps[i];
      }
    }
    return c;
  });
  const snapNames = new Set([...Object.keys(a.snapshots), ...Object.keys(b.snapshots)]);
  let snapshotsEqual = 0;
  for (const k of snapNames) {
    const x = a.snapshots[k];
    const y = b.snapshots[k];
    if (x && y && sameSnapshot(x, y)) snapshotsEqual++;
  }
  const sum = (f: (c: SeriesComparison) => number) => series.reduce((t, c) => t + f(c), 0);
  const different = sum((c) => c.different);
  const missing = sum((c) => c.missing);
  const snapshotsDifferent = snapNames.size - snapshotsEqual;
  return {
    series,
    equal: sum((c) => c.equal),
    different,
    missing,
    maxAbsDiff: Math.max(0, ...series.map((c) => c.maxAbsDiff)),
    snapshotsEqual,
    snapshotsDifferent,
    bitExact: different === 0 && missing === 0 && snapshotsDifferent === 0,
  };
}
