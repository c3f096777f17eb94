// Per-layer masks of the pruning family as 0/1 images: a fully connected mask [in, out] with one
// row per output unit, a conv mask [outC, inC, k, k] as kernel tiles per filter with its density.
import { type ReactNode, type RefObject, useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import { ChartExport } from '../ChartExport.tsx';
import { pct } from './format.ts';

/**
 * A mask image in its figure: title and details, PNG export, a scroll box for zoomed images, and
 * what the two grey levels mean (a 0/1 image needs no colour bar, but it needs a key).
 */
function MaskFigure({
  testId,
  name,
  detail,
  canvas,
  width,
  label,
}: {
  testId: string;
  name: string;
  detail: ReactNode;
  canvas: RefObject<HTMLCanvasElement | null>;
  width: number | string;
  label: string;
}) {
  return (
    <figure className="chart mask-heatmap" data-testid={testId}>
      <figcaption className="chart-head">
        <span className="chart-title">
          {name} <span className="muted small">({detail})</span>
        </span>
        <ChartExport canvas={canvas} file={name} />
      </figcaption>
      <div style={{ overflow: 'auto', maxHeight: 360 }}>
        <canvas
          ref={canvas}
          style={{ width, imageRendering: 'pixelated', display: 'block' }}
          role="img"
          aria-label={label}
        />
      </div>
      <div className="chart-caption small muted mask-key">
        <span className="swatch mask-kept" /> kept <span className="swatch mask-pruned" /> pruned
      </div>
    </figure>
  );
}

/** A mask [in, out] drawn with one row per output unit; `zoom` px per weight without smoothing (0 = fit the width). */
export function MaskHeatmap({ s, zoom }: { s: Snapshot; zoom: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [rows, cols] = s.shape;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = rows;
    c.height = cols;
    const g = c.getContext('2d')!;
    const img = g.createImageData(rows, cols);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) {
        const v = s.data[i * cols + j] > 0 ? 30 : 235;
        const k = (j * rows + i) * 4;
        img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
        img.data[k + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
  }, [s, rows, cols]);
  const kept = useMemo(() => {
    let n = 0;
    for (let i = 0; i < s.data.length; i++) n += s.data[i] > 0 ? 1 : 0;
    return n / s.data.length;
  }, [s]);
  const name = s.name.replace(/^mask\/r\d+\//, '');
  return (
    <MaskFigure
      testId="mask-heatmap"
      name={name}
      detail={
        <>
          {rows}×{cols}, {pct(kept)} kept
        </>
      }
      canvas={ref}
      width={zoom > 0 ? rows * zoom : '100%'}
      label={`mask of ${name}: rows are output units, columns inputs`}
    />
  );
}

/**
 * A conv mask [outC, inC, k, k]: one row per output filter, one k×k tile per input channel
 * (dark = kept), and beside each row the filter's density as a bar, so dead filters and
 * channels show as blank rows and columns.
 */
export function ConvMaskHeatmap({ s, zoom }: { s: Snapshot; zoom: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [outC, inC, kh, kw] = s.shape;
  const bar = 24;
  const density = useMemo(() => {
    const per = inC * kh * kw;
    return Array.from({ length: outC }, (_, o) => {
      let n = 0;
      for (let i = o * per; i < (o + 1) * per; i++) n += s.data[i] > 0 ? 1 : 0;
      return n / per;
    });
  }, [s, outC, inC, kh, kw]);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = inC * (kw + 1) + 1 + bar;
    c.height = outC * (kh + 1) + 1;
    const g = c.getContext('2d')!;
    const img = g.createImageData(c.width, c.height);
    img.data.fill(160);
    for (let o = 0; o < outC; o++) {
      for (let i = 0; i < inC; i++) {
        for (let y = 0; y < kh; y++) {
          for (let x = 0; x < kw; x++) {
            const v = s.data[((o * inC + i) * kh + y) * kw + x] > 0 ? 30 : 245;
            const k = ((o * (kh + 1) + 1 + y) * c.width + i * (kw + 1) + 1 + x) * 4;
            img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
          }
        }
      }
      const len = Math.round(density[o] * (bar - 2));
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < bar - 1; x++) {
          const k = ((o * (kh + 1) + 1 + y) * c.width + inC * (kw + 1) + 1 + x) * 4;
          const on = x < len;
          img.data[k] = on ? 60 : 235;
          img.data[k + 1] = on ? 120 : 235;
          img.data[k + 2] = on ? 200 : 235;
        }
      }
    }
    for (let k = 3; k < img.data.length; k += 4) img.data[k] = 255;
    g.putImageData(img, 0, 0);
  }, [s, outC, inC, kh, kw, density]);
  const kept = d3.mean(density) ?? 0;
  const dead = density.filter((d) => d === 0).length;
  const name = s.name.replace(/^mask\/r\d+\//, '');
  return (
    <MaskFigure
      testId="conv-mask"
      name={name}
      detail={
        <>
          {outC} filters × {inC} channels of {kh}×{kw}, {pct(kept)} kept, {dead} dead filters
        </>
      }
      canvas={ref}
      width={zoom > 0 ? (inC * (kw + 1) + 1 + bar) * zoom : '100%'}
      label={`mask of ${name}: rows are output filters, tiles the ${kh}×${kw} kernel per input channel, bars the filter's density`}
    />
  );
}
