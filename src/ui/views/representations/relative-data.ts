// What the relative-representations view reads from a run: the stitching matrix of each kind of
// code at the run's last epoch (the scrubbed one, when the run is cut), its history, and the codes.
import type { RunRecord } from '../../history/types.ts';
import type { Panel } from '../../charts/Heatmap.tsx';

export const MODES = ['absolute', 'relative'] as const;
export type Mode = (typeof MODES)[number];
export const RUNS = [0, 1] as const;

export interface Stitching {
  epoch: number;
  /** Row-major [encoder, head] accuracies. */
  matrix: number[];
  unstitched: number;
  stitched: number;
  cosine: number | null;
  cka: number | null;
  /**
   * Mean over probe images of the Jaccard overlap of the 10 run-2 codes nearest to its run-1 code
   * and the 10 nearest to its run-2 code (itself included): the paper's cross-space retrieval.
   */
  knnJaccard: number | null;
  series: { epochs: number[]; unstitched: number[]; stitched: number[] };
}

const lastOf = (run: RunRecord, name: string): number | null => run.metrics[name]?.values.at(-1) ?? null;

export function stitchingOf(run: RunRecord, mode: Mode): Stitching | null {
  const cells = RUNS.flatMap((i) => RUNS.map((j) => run.metrics[`accuracy/${mode} e${i + 1} h${j + 1}`]));
  if (cells.some((c) => !c || c.values.length === 0)) return null;
  // Epochs measured by every cell (a cut run may end between two cells of one epoch).
  const epochs = cells[0]!.steps.filter((s) => cells.every((c) => c!.steps.includes(s)));
  if (epochs.length === 0) return null;
  const at = (k: number, s: number) => cells[k]!.values[cells[k]!.steps.indexOf(s)];
  const unstitched = epochs.map((s) => (at(0, s) + at(3, s)) / 2);
  const stitched = epochs.map((s) => (at(1, s) + at(2, s)) / 2);
  const epoch = epochs[epochs.length - 1];
  return {
    epoch,
    matrix: [0, 1, 2, 3].map((k) => at(k, epoch)),
    unstitched: unstitched[unstitched.length - 1],
    stitched: stitched[stitched.length - 1],
    cosine: lastOf(run, `similarity/cosine ${mode}`),
    cka: lastOf(run, `similarity/cka ${mode}`),
    knnJaccard: lastOf(run, `similarity/knn-jaccard ${mode}`),
    series: { epochs, unstitched, stitched },
  };
}

export interface Codes {
  panels: Panel[];
  rows: number;
  cols: number;
  perClass: number;
  /** Largest |value| of both runs' codes: one symmetric colour scale for both panels. */
  absMax: number;
}

export function codesOf(run: RunRecord, mode: Mode): Codes | null {
  const shots = RUNS.map((r) => run.snapshots[`codes/${mode} ${r + 1}`]);
  if (shots.some((s) => !s || s.kind !== 'heatmap')) return null;
  const [rows, cols] = shots[0]!.shape;
  const classes = new Set(shots[0]!.truth ?? []).size || 1;
  let absMax = 0;
  for (const s of shots) for (const v of s!.data) absMax = Math.max(absMax, Math.abs(v));
  return {
    panels: shots.map((s, r) => ({ label: `run ${r + 1}`, rows, cols, data: s!.data })),
    rows,
    cols,
    perClass: Math.round(rows / classes),
    absMax: absMax || 1,
  };
}
