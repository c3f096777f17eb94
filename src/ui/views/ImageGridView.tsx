import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { ChartExport } from './ChartExport.tsx';

/** Paints tiles [n, h, w, c] (values in [0,1], or bytes) into a grid with 1-pixel gutters. */
export function paintTiles(canvas: HTMLCanvasElement, s: Snapshot, indices?: number[]): void {
  const [n, h, w, c] = s.shape;
  const which = indices ?? Array.from({ length: n }, (_, i) => i);
  const cols = Math.ceil(Math.sqrt(which.length));
  const rows = Math.ceil(which.length / cols);
  canvas.width = cols * (w + 1) + 1;
  canvas.height = rows * (h + 1) + 1;
  const g = canvas.getContext('2d')!;
  const img = g.createImageData(canvas.width, canvas.height);
  img.data.fill(128);
  const scale = s.data instanceof Uint8Array ? 1 : 255;
  which.forEach((t, k) => {
    const ox = (k % cols) * (w + 1) + 1;
    const oy = Math.floor(k / cols) * (h + 1) + 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((t * h + y) * w + x) * c;
        const dst = ((oy + y) * canvas.width + ox + x) * 4;
        for (let ch = 0; ch < 3; ch++)
          img.data[dst + ch] = Math.max(0, Math.min(255, s.data[src + (c === 3 ? ch : 0)] * scale));
        img.data[dst + 3] = 255;
      }
    }
  });
  g.putImageData(img, 0, 0);
}

function Grid({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s);
  }, [s]);
  // Snapshots are named weights/<parameter>; the title names the parameter.
  const parameter = s.name.replace(/^weights\//, '');
  return (
    <figure className="chart">
      <figcaption className="chart-head">
        <span className="chart-title">
          {parameter}{' '}
          <span className="muted small">
            (step {s.step}, {s.shape[0]} units)
          </span>
        </span>
        <ChartExport canvas={ref} file={parameter} />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        role="img"
        aria-label={`${parameter}: ${s.shape[0]} tiles of ${s.shape[1]}×${s.shape[2]} weights at step ${s.step}`}
      />
    </figure>
  );
}

export function ImageGridView({ snapshots }: { snapshots: Snapshot[] }) {
  return (
    <div data-testid="view-weights">
      {snapshots.length === 0 ? (
        <figure className="chart">
          <figcaption className="chart-head">
            <span className="chart-title">First-layer weights</span>
          </figcaption>
          <div className="empty">
            Each first-layer unit’s incoming weights will be drawn here as an image: noise at first, strokes as it
            learns.
          </div>
        </figure>
      ) : (
        snapshots.map((s) => <Grid key={s.name} s={s} />)
      )}
    </div>
  );
}
