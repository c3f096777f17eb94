// One snapshot drawn at a given colour scale: image grids as their tiles (paintTiles: values in
// [0, 1] as grey, so two grids already share a scale), any other kind as a matrix coloured over an
// explicit domain, with the scale beside it.
import * as d3 from 'd3';
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { ChartExport } from '../views/ChartExport.tsx';
import { paintTiles } from '../views/ImageGridView.tsx';
import { formatNumber } from './format.ts';
import { matrixShape } from './snapshots.ts';

export interface Scale {
  domain: [number, number];
  interpolate: (t: number) => string;
  /** What the colours mean, e.g. "B − A". */
  label: string;
}

export const greys = (t: number) => d3.interpolateGreys(1 - t);

/** A 256-entry colour table over the scale's domain: one lookup per cell instead of a colour parse. */
function lookup(scale: Scale): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = d3.rgb(scale.interpolate(i / 255));
    table.set([c.r, c.g, c.b], i * 3);
  }
  return table;
}

function paintMatrix(canvas: HTMLCanvasElement, s: Snapshot, scale: Scale): void {
  const [rows, cols] = matrixShape(s);
  canvas.width = cols;
  canvas.height = rows;
  const g = canvas.getContext('2d')!;
  const img = g.createImageData(cols, rows);
  const table = lookup(scale);
  const [lo, hi] = scale.domain;
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < rows * cols; i++) {
    const v = s.data[i];
    const k = Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, (v - lo) / span)) * 255) * 3 : -1;
    img.data[i * 4] = k < 0 ? 255 : table[k];
    img.data[i * 4 + 1] = k < 0 ? 0 : table[k + 1];
    img.data[i * 4 + 2] = k < 0 ? 255 : table[k + 2];
    img.data[i * 4 + 3] = 255;
  }
  g.putImageData(img, 0, 0);
}

function ColourScale({ scale }: { scale: Scale }) {
  const stops = d3.range(9).map((i) => `${scale.interpolate(i / 8)} ${(i / 8) * 100}%`);
  const [lo, hi] = scale.domain;
  return (
    <div className="colour-scale" data-lo={lo} data-hi={hi}>
      <span className="num small">{formatNumber(lo)}</span>
      <span className="colour-ramp" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
      <span className="num small">{formatNumber(hi)}</span>
      <span className="muted small">{scale.label}, linear</span>
    </div>
  );
}

export function SnapshotPane({
  title,
  s,
  scale,
  file,
  testId,
  data,
}: {
  title: string;
  s: Snapshot;
  scale: Scale;
  file: string;
  testId: string;
  /** data-* attributes with the numbers drawn, for checks. */
  data: Record<string, string | number>;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    if (s.kind === 'image-grid') paintTiles(ref.current, s);
    else paintMatrix(ref.current, s, scale);
  }, [s, scale]);
  const attrs = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <figure className="chart snapshot-pane" data-testid={testId} data-shape={s.shape.join('×')} {...attrs}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <ChartExport canvas={ref} file={file} />
      </figcaption>
      <div className="snapshot-canvas">
        <canvas
          ref={ref}
          className="pixels"
          role="img"
          aria-label={`${title}: ${s.name}, shape ${s.shape.join('×')}`}
        />
      </div>
      <ColourScale scale={scale} />
    </figure>
  );
}
