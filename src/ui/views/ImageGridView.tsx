import { useEffect, useMemo, useRef } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { ChartExport } from './ChartExport.tsx';
import { HeatmapPanels } from '../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../charts/color-scale.ts';
import { meanCentreShare } from './tile-centre.ts';

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

/** What a grey tile's shades mean: the runner scales each unit's tile to its own range. */
const tileScale = (learned: boolean): ColorScaleSpec => ({
  scheme: 'greys',
  domain: [0, 1],
  label: learned ? 'learned weight' : 'weight',
  // Short enough for a phone's legend; the caption says what 0 and 1 are.
  units: 'scaled 0–1 per unit',
});

/** Snapshots are named weights/<parameter> (the weights) or learned/<parameter> (W − W₀). */
function titleOf(s: Snapshot): { parameter: string; learned: boolean; title: string } {
  const learned = s.name.startsWith('learned/');
  const parameter = s.name.replace(/^(weights|learned)\//, '');
  const what = learned
    ? `Learned first-layer weights: ${parameter} − its initial value`
    : `First-layer weights: ${parameter}`;
  return { parameter, learned, title: `${what} (step ${s.step}, ${s.shape[0]} units)` };
}

function Grid({ s }: { s: Snapshot }) {
  const { parameter, learned, title } = titleOf(s);
  const [n, h, w, c] = s.shape;
  const panels = useMemo(
    () =>
      Array.from({ length: n }, (_, i) => ({
        label: String(i + 1),
        rows: h,
        cols: w,
        data: s.data.subarray(i * h * w, (i + 1) * h * w),
      })),
    [s, n, h, w],
  );
  const file = `${learned ? 'learned-' : ''}${parameter}`;
  const centre = useMemo(() => meanCentreShare(s.data, n, h, w), [s, n, h, w]);
  if (c === 1)
    return (
      <div data-centre-share={centre} data-step={s.step} data-testid={learned ? 'learned-weights' : 'raw-weights'}>
        <HeatmapPanels
          title={title}
          file={file}
          testId={learned ? 'learned-tiles' : 'weight-tiles'}
          scale={tileScale(learned)}
          panels={panels}
          cellSize={1.5}
          minPanel={40}
          caption={
            learned
              ? 'Each tile is what one hidden unit has learned, its incoming weights minus their random initial values, laid out as the input image and scaled to its own range (black = its lowest, white = its highest): strokes and blobs of the digits.'
              : 'Each tile is one hidden unit’s incoming weights laid out as the input image, scaled to its own range (black = lowest, white = highest). The random initialization still dominates them after a short run; the learned part is drawn separately.'
          }
        />
      </div>
    );
  return <RgbGrid s={s} title={title} file={file} />;
}

/** Colour inputs (CIFAR-10): each tile's three channels as RGB, so no single colour scale applies. */
function RgbGrid({ s, title, file }: { s: Snapshot; title: string; file: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s);
  }, [s]);
  return (
    <figure className="chart" data-testid="weight-tiles">
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <ChartExport canvas={ref} file={file} />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        role="img"
        aria-label={`${title}: ${s.shape[0]} tiles of ${s.shape[1]}×${s.shape[2]} weights at step ${s.step}`}
      />
      <div className="chart-caption small muted">
        Each tile is one hidden unit’s incoming weights as an RGB image, all three channels scaled together to the
        unit’s own range (black = its lowest weight, full colour = its highest).
      </div>
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
        // The learned change first: it is where the strokes show.
        [...snapshots]
          .sort((a, b) => Number(b.name.startsWith('learned/')) - Number(a.name.startsWith('learned/')))
          .map((s) => <Grid key={s.name} s={s} />)
      )}
    </div>
  );
}
