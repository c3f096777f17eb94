// The first layer of a pruned net on 28×28 images: each hidden unit's surviving inputs as a tile,
// and the fraction of units keeping each pixel as a heatmap with its colour scale, plus the
// centre-vs-border survival that says whether the mask has found the digit area.
import { useEffect, useMemo, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';
import { ChartExport } from '../ChartExport.tsx';
import { pct } from './format.ts';
import { BORDER, CENTRE, SIDE, survival } from './survival.ts';

/** Tiles drawn: enough to see a pattern, few enough to stay legible. */
const TILES = 64;
const COLS = 8;

/** Each of the first TILES units' kept input pixels as a 28×28 tile, white = kept. */
function Tiles({ s }: { s: Snapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, units] = s.shape;
  const n = Math.min(TILES, units);
  useEffect(() => {
    const t = ref.current;
    if (!t) return;
    t.width = COLS * (SIDE + 1) + 1;
    t.height = Math.ceil(n / COLS) * (SIDE + 1) + 1;
    const g = t.getContext('2d')!;
    const img = g.createImageData(t.width, t.height);
    img.data.fill(128);
    for (let j = 0; j < n; j++) {
      const ox = (j % COLS) * (SIDE + 1) + 1;
      const oy = Math.floor(j / COLS) * (SIDE + 1) + 1;
      for (let p = 0; p < SIDE * SIDE; p++) {
        const k = ((oy + Math.floor(p / SIDE)) * t.width + ox + (p % SIDE)) * 4;
        const v = s.data[p * units + j] > 0 ? 255 : 0;
        img.data[k] = img.data[k + 1] = img.data[k + 2] = v;
        img.data[k + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
  }, [s, units, n]);
  return (
    <figure className="chart" data-testid="mask-tiles">
      <figcaption className="chart-head">
        <span className="chart-title">First layer: surviving inputs of {n} units</span>
        <ChartExport canvas={ref} file="first-layer-tiles" />
      </figcaption>
      <canvas
        ref={ref}
        className="pixels"
        role="img"
        aria-label="each hidden unit's surviving input pixels as a 28×28 tile (white = kept)"
      />
      <div className="chart-caption small muted mask-key">
        <span className="swatch tile-kept" /> kept <span className="swatch tile-pruned" /> pruned · one 28×28 tile per
        hidden unit
      </div>
    </figure>
  );
}

/** The survival map: fraction of units keeping each pixel, with the centre and border regions it is judged on. */
function SurvivalMap({ s, round }: { s: Snapshot; round: number }) {
  const [, units] = s.shape;
  const sv = useMemo(() => survival(s.data, units), [s, units]);
  let hi = 0;
  for (const v of sv.perPixel) hi = Math.max(hi, v);
  const scale: ColorScaleSpec = {
    scheme: 'viridis',
    domain: [0, hi > 0 ? hi : 1],
    label: 'units keeping the pixel',
    units: `fraction of ${units}`,
  };
  const lo = (SIDE - CENTRE) / 2;
  return (
    <div
      className="pruning-headline"
      data-testid="mask-survival"
      data-round={round}
      data-centre={sv.centre}
      data-border={sv.border}
      data-ratio={sv.ratio}
    >
      <Heatmap
        title="First layer: survival per input pixel"
        file="pixel-survival"
        rows={SIDE}
        cols={SIDE}
        data={sv.perPixel}
        scale={scale}
        x={{ label: 'pixel column', domain: [0, SIDE - 1] }}
        y={{ label: 'pixel row', domain: [0, SIDE - 1] }}
        topDown
        maxSize={460}
        overlay={({ x, y }) => (
          <g fill="none" strokeDasharray="3 3" strokeWidth={1.2} className="survival-regions">
            <rect
              x={x(lo - 0.5)}
              y={y(lo - 0.5)}
              width={x(lo + CENTRE - 0.5) - x(lo - 0.5)}
              height={y(lo + CENTRE - 0.5) - y(lo - 0.5)}
              stroke="#fff"
            />
            <rect
              x={x(BORDER - 0.5)}
              y={y(BORDER - 0.5)}
              width={x(SIDE - BORDER - 0.5) - x(BORDER - 0.5)}
              height={y(SIDE - BORDER - 0.5) - y(BORDER - 0.5)}
              stroke="#fff"
              strokeOpacity={0.6}
            />
          </g>
        )}
        caption={
          <>
            Centre ({CENTRE}×{CENTRE} inner square) keeps <strong>{pct(sv.centre)}</strong>, the {BORDER}-pixel border
            (outside the outer dashed square) <strong>{pct(sv.border)}</strong>:{' '}
            <strong data-testid="survival-ratio">{Number.isFinite(sv.ratio) ? `${sv.ratio.toFixed(2)}×` : '∞'}</strong>.
            Digits rarely ink the border, so its weights train less than the digit's and magnitude pruning removes them
            first.
          </>
        }
      />
    </div>
  );
}

/** The first-layer block: the survival map (the headline) and the unit tiles; nothing for non-28×28 inputs. */
export function FirstLayer({ s, round }: { s: Snapshot; round: number }) {
  if (s.shape.length !== 2 || s.shape[0] !== SIDE * SIDE) return null;
  return (
    <>
      <SurvivalMap s={s} round={round} />
      <Tiles s={s} />
    </>
  );
}
