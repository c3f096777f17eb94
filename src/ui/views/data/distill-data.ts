// What the DataDAM views draw (datadam.ts): the synthetic and the real start images per images-per-
// class (snapshots synthetic/<ipc>, real/<ipc>: [classes·ipc, H, W, C], class by class, in [0, 1]),
// and test accuracy vs images per class for the distilled set and the real control (acc/<set>).
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';

/** Grey between a class's tiles. */
const GUTTER = 0.5;

/** Images-per-class values the run has snapshots of, ascending. */
export function distilledIpcs(run: RunRecord | null): number[] {
  return Object.keys(run?.snapshots ?? {})
    .map((k) => /^synthetic\/(\d+)$/.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export interface ClassMosaic {
  label: string;
  rows: number;
  cols: number;
  /** Channel 0 only: the greyscale datasets' single channel. */
  data: Float32Array;
}

/** One panel per class: its `perClass` images tiled ⌈√perClass⌉ wide with 1-pixel grey gutters. */
export function classMosaics(s: Snapshot, perClass: number): ClassMosaic[] {
  const [n, h, w, c] = s.shape;
  const classes = n / perClass;
  const across = Math.ceil(Math.sqrt(perClass));
  const down = Math.ceil(perClass / across);
  const rows = down * (h + 1) - 1;
  const cols = across * (w + 1) - 1;
  return Array.from({ length: classes }, (_, k) => {
    const data = new Float32Array(rows * cols).fill(GUTTER);
    for (let j = 0; j < perClass; j++) {
      const img = k * perClass + j;
      const oy = Math.floor(j / across) * (h + 1);
      const ox = (j % across) * (w + 1);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) data[(oy + y) * cols + ox + x] = s.data[((img * h + y) * w + x) * c];
    }
    return { label: s.labels?.[k] ?? String(k), rows, cols, data };
  });
}

/** Mean |a − b| over all pixels of two snapshots of the same shape: how far the images moved. */
export function meanAbsChange(a: Snapshot, b: Snapshot): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return a.data.length > 0 ? s / a.data.length : 0;
}

export interface SetCurve {
  /** 'distilled' or 'random' (the real start set). */
  set: string;
  ipc: number[];
  accuracy: number[];
}

/** Test accuracy (%) vs images per class, one curve per training set, ascending. */
export function accuracyCurves(run: RunRecord | null): SetCurve[] {
  return Object.entries(run?.metrics ?? {})
    .map(([name, s]) => ({ m: /^acc\/(\w+)$/.exec(name), s }))
    .filter(({ m, s }) => m && s.steps.length > 0)
    .map(({ m, s }) => {
      const order = s.steps.map((_, i) => i).sort((i, j) => s.steps[i] - s.steps[j]);
      return { set: m![1], ipc: order.map((i) => s.steps[i]), accuracy: order.map((i) => s.values[i]) };
    });
}
