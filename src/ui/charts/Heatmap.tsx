// One heatmap figure: cells, optional axes in data units, an overlay (e.g. a trajectory), a colour
// legend with units, and SVG/PNG export. Small multiples share one legend (HeatmapPanels).
import * as d3 from 'd3';
import { type MouseEvent, type ReactNode, type RefObject, useId, useRef } from 'react';
import { ChartExport } from '../views/ChartExport.tsx';
import { type ColorScaleSpec, colorOf } from './color-scale.ts';
import { contourBands } from './contours.ts';
import { ColorLegend, LEGEND_HEIGHT, legendTitle } from './ColorLegend.tsx';
import { paintGrid } from './paint.ts';
import { useWidth } from './use-width.ts';

export interface Grid {
  rows: number;
  cols: number;
  /** Row-major values; row 0 is drawn at the top unless the axis says otherwise. */
  data: ArrayLike<number>;
}

export interface Axis {
  label: string;
  /** Data values at the centre of the first and last cell; the axis runs linearly between them. */
  domain: readonly [number, number];
  /** Categorical axis: one name per cell (first to last), drawn at the cells instead of numeric ticks. */
  names?: readonly string[];
}

export interface HeatmapProps extends Grid {
  title: string;
  file: string;
  scale: ColorScaleSpec;
  x?: Axis;
  /** The y axis; its domain[0] is the first row's value, drawn at the bottom (a math plot), unless topDown. */
  y?: Axis;
  topDown?: boolean;
  /** Drawn over the cells with scales from data units to pixels (axes given) or cell indices to pixels. */
  overlay?: (s: { x: d3.ScaleLinear<number, number>; y: d3.ScaleLinear<number, number> }) => ReactNode;
  /** Largest plot side in px; cells stay square. */
  maxSize?: number;
  /**
   * Draw filled contour bands at the scale's levels instead of cells: for a smooth surface sampled
   * on a coarse grid (a loss landscape), where blocks would show the grid rather than the surface.
   */
  contours?: boolean;
  caption?: ReactNode;
  testId?: string;
}

const AXIS_M = { left: 44, bottom: 34, top: 6, right: 10 };
/** Rough width of one character of 11 px axis text, for room for categorical names. */
const CHAR_PX = 6.5;
const longest = (a?: Axis) => Math.max(0, ...(a?.names ?? []).map((n) => n.length));

/** Categorical x names wider than their cell are slanted. */
const slanted = (x: Axis | undefined, cell: number) => x?.names !== undefined && CHAR_PX * longest(x) > cell - 4;

/** Margins with room for categorical names: the y names beside the plot, slanted x names below it. */
function margins(x: Axis | undefined, y: Axis | undefined, cellOf: (left: number) => number): typeof AXIS_M {
  const left = Math.max(AXIS_M.left, 24 + CHAR_PX * longest(y));
  const slant = slanted(x, cellOf(left));
  return { ...AXIS_M, left, bottom: slant ? Math.max(AXIS_M.bottom, 30 + 0.7 * CHAR_PX * longest(x)) : AXIS_M.bottom };
}

function useImage(g: Grid, scale: ColorScaleSpec): string {
  const { data, rows, cols } = g;
  // The colour fields, not the spec object's identity, decide the pixels: a spec literal is new each render.
  const key = JSON.stringify([scale.scheme, scale.domain, scale.log, scale.center, scale.reverse]);
  const paint = useRef({ key: '', data: null as ArrayLike<number> | null, href: '' });
  const c = paint.current;
  if (c.key !== key || c.data !== data) {
    c.key = key;
    c.data = data;
    c.href = paintGrid(data, rows, cols, scale);
  }
  return c.href;
}

/** Stats of what was drawn, for tests and for anyone reading the DOM: data-min, data-max, data-mean. */
export function gridStats(data: ArrayLike<number>) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    n++;
  }
  return { 'data-min': n ? min : undefined, 'data-max': n ? max : undefined, 'data-mean': n ? sum / n : undefined };
}

/** A heatmap figure's title bar: its title (the figure's label) and its SVG/PNG export. */
function FigureHead({
  id,
  title,
  svg,
  file,
}: {
  id: string;
  title: string;
  svg: RefObject<SVGSVGElement | null>;
  file: string;
}) {
  return (
    <figcaption className="chart-head">
      <span id={`${id}-t`} className="chart-title">
        {title}
      </span>
      <span className="chart-tools">
        <ChartExport svg={svg} file={file} />
      </span>
    </figcaption>
  );
}

export function Heatmap(props: HeatmapProps) {
  const { title, file, scale, x, y, topDown, overlay, maxSize = 420, caption, testId, rows, cols, contours } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth(maxSize, 200);
  const id = useId();
  const href = useImage(props, scale);
  const axes = x !== undefined || y !== undefined;
  const cellOf = (left: number, right: number) => Math.min(maxSize, width - left - right) / Math.max(rows, cols);
  const m = axes ? margins(x, y, (left) => cellOf(left, AXIS_M.right)) : { left: 2, bottom: 2, top: 2, right: 2 };
  const cell = cellOf(m.left, m.right);
  const pw = cell * cols;
  const ph = cell * rows;
  const H = m.top + ph + m.bottom + LEGEND_HEIGHT + 4;
  const W = Math.max(m.left + pw + m.right, 200);
  // Cell centres sit at the axis values, so the domain spans half a cell less at each end.
  const sx = d3
    .scaleLinear()
    .domain(x ? [x.domain[0], x.domain[1]] : [0, cols - 1])
    .range([m.left + cell / 2, m.left + pw - cell / 2]);
  const yr: [number, number] = topDown
    ? [m.top + cell / 2, m.top + ph - cell / 2]
    : [m.top + ph - cell / 2, m.top + cell / 2];
  const sy = d3
    .scaleLinear()
    .domain(y ? [y.domain[0], y.domain[1]] : [0, rows - 1])
    .range(y ? yr : [m.top + cell / 2, m.top + ph - cell / 2]);
  // The image is painted with row 0 on top; a bottom-up y axis flips it.
  const flip = y !== undefined && !topDown;
  return (
    <figure
      className="chart heatmap"
      aria-labelledby={`${id}-t`}
      ref={boxRef}
      data-testid={testId}
      {...gridStats(props.data)}
    >
      <FigureHead id={id} title={title} svg={svgRef} file={file} />
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        // Drawn at its own pixel size (the .chart-svg rule would stretch it to the box), shrunk only to fit.
        style={{ width: W, maxWidth: '100%' }}
        className="chart-svg heatmap-svg"
        role="img"
        aria-label={`${title}: ${rows} × ${cols} cells, colour = ${legendTitle(scale)}`}
      >
        {contours && scale.levels ? (
          <ContourCells
            grid={props}
            scale={scale}
            clipId={`${id.replace(/:/g, '')}-clip`}
            box={{ x: m.left, y: m.top, w: pw, h: ph, cell }}
            flip={flip}
          />
        ) : (
          <image
            href={href}
            x={m.left}
            y={m.top}
            width={pw}
            height={ph}
            preserveAspectRatio="none"
            style={{ imageRendering: 'pixelated' }}
            transform={flip ? `translate(0,${2 * m.top + ph}) scale(1,-1)` : undefined}
          />
        )}
        {axes && <HeatmapAxes sx={sx} sy={sy} x={x} y={y} m={m} pw={pw} ph={ph} />}
        {overlay?.({ x: sx, y: sy })}
        <ColorLegend spec={scale} x={m.left} y={m.top + ph + m.bottom + 2} width={Math.max(120, Math.min(pw, 320))} />
      </svg>
      {caption && <div className="chart-caption small muted">{caption}</div>}
    </figure>
  );
}

/** Filled contour bands in the plot box, clipped to it, each in its band's colour. */
function ContourCells({
  grid,
  scale,
  clipId,
  box,
  flip,
}: {
  grid: Grid;
  scale: ColorScaleSpec;
  clipId: string;
  box: { x: number; y: number; w: number; h: number; cell: number };
  flip: boolean;
}) {
  // The last level only closes the top band; each band is drawn from its lower level.
  const bands = contourBands(grid.data, grid.rows, grid.cols, (scale.levels ?? []).slice(0, -1), scale.log);
  const fill = colorOf(scale);
  // Cell units to pixels; a bottom-up y axis puts row 0 at the bottom.
  const toPx = `translate(${box.x},${flip ? box.y + box.h : box.y}) scale(${box.cell},${flip ? -box.cell : box.cell})`;
  return (
    <g clipPath={`url(#${clipId})`} className="heatmap-contours" data-bands={bands.length}>
      <defs>
        <clipPath id={clipId}>
          <rect x={box.x} y={box.y} width={box.w} height={box.h} />
        </clipPath>
      </defs>
      <rect x={box.x} y={box.y} width={box.w} height={box.h} fill={fill(scale.levels?.[0] ?? NaN)} />
      <g transform={toPx}>
        {bands.map((b) => (
          <path
            key={b.level}
            d={b.d}
            fill={fill(b.level)}
            stroke="rgba(255,255,255,0.3)"
            strokeWidth={0.5}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </g>
    </g>
  );
}

function HeatmapAxes({
  sx,
  sy,
  x,
  y,
  m,
  pw,
  ph,
}: {
  sx: d3.ScaleLinear<number, number>;
  sy: d3.ScaleLinear<number, number>;
  x?: Axis;
  y?: Axis;
  m: typeof AXIS_M;
  pw: number;
  ph: number;
}) {
  const ticks = (a: Axis | undefined, s: d3.ScaleLinear<number, number>, per: number) =>
    !a ? [] : a.names ? a.names.map((_, i) => i) : s.ticks(Math.max(2, Math.floor(per)));
  const xt = ticks(x, sx, pw / 70);
  const yt = ticks(y, sy, ph / 50);
  const fx = x?.names ? (i: number) => x.names![i] : sx.tickFormat(Math.max(2, Math.floor(pw / 70)));
  const fy = y?.names ? (i: number) => y.names![i] : sy.tickFormat(Math.max(2, Math.floor(ph / 50)));
  const slant = slanted(x, Math.abs(sx(1) - sx(0)));
  const base = m.top + ph;
  return (
    <g fontSize={11} fill="currentColor">
      {xt.map((t) => (
        <g key={`x${t}`} transform={`translate(${sx(t)},0)`}>
          <line y1={base} y2={base + 4} stroke="currentColor" />
          {slant ? (
            <text transform={`translate(0,${base + 10}) rotate(-40)`} textAnchor="end" dy="0.32em">
              {fx(t)}
            </text>
          ) : (
            <text y={base + 15} textAnchor="middle">
              {fx(t)}
            </text>
          )}
        </g>
      ))}
      {yt.map((t) => (
        <g key={`y${t}`} transform={`translate(0,${sy(t)})`}>
          <line x1={m.left - 4} x2={m.left} stroke="currentColor" />
          <text x={m.left - 6} dy="0.32em" textAnchor="end">
            {fy(t)}
          </text>
        </g>
      ))}
      {x && (
        <text x={m.left + pw / 2} y={base + m.bottom - 5} textAnchor="middle">
          {x.label}
        </text>
      )}
      {y && (
        <text transform={`translate(11,${m.top + ph / 2}) rotate(-90)`} textAnchor="middle">
          {y.label}
        </text>
      )}
    </g>
  );
}

export interface Panel extends Grid {
  label: string;
  /** Start a new row of panels here (e.g. one row per layer), wrapping as usual within the row. */
  newRow?: boolean;
}

/** A cell of one panel (row and column in cell indices), e.g. the one under the pointer. */
export interface PanelCellHit {
  panel: number;
  row: number;
  col: number;
}

/** Drawn over one panel's cells, in that panel's pixels: `cell` is the side of one cell. */
export type PanelOverlay = (panel: number, s: { w: number; h: number; cell: number }) => ReactNode;

/**
 * Small multiples: several grids (masks of the layers, attention heads) at one colour scale,
 * labelled, wrapped to the width, with one legend and one export for the whole figure.
 */
export function HeatmapPanels({
  title,
  file,
  scale,
  panels,
  cellSize = 3,
  minPanel = 64,
  caption,
  testId,
  overlay,
  onCell,
}: {
  title: string;
  file: string;
  scale: ColorScaleSpec;
  panels: readonly Panel[];
  /** Pixels per cell before the panel is scaled to at least minPanel px on its longer side. */
  cellSize?: number;
  minPanel?: number;
  caption?: ReactNode;
  testId?: string;
  /** Marks drawn over each panel (outlined cells, a hovered row, an image), in that panel's pixels. */
  overlay?: PanelOverlay;
  /** The cell under the pointer (null when it leaves a panel), for linking panels or views. */
  onCell?: (hit: PanelCellHit | null) => void;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth(600, 200);
  const id = useId();
  const gap = 10;
  const labelH = 14;
  const sizes = panels.map((p) => {
    const k = Math.max(cellSize, minPanel / Math.max(p.rows, p.cols));
    const w = Math.min(p.cols * k, width - 4);
    return { w, h: (w / p.cols) * p.rows };
  });
  // Greedy rows of panels, wrapped at the figure's width.
  let px = 0;
  let py = 0;
  let rowH = 0;
  const at = sizes.map(({ w, h }, i) => {
    if (px > 0 && (px + w > width || panels[i].newRow)) {
      px = 0;
      py += rowH + labelH + gap;
      rowH = 0;
    }
    const pos = { x: px, y: py };
    px += w + gap;
    rowH = Math.max(rowH, h);
    return pos;
  });
  const H = py + rowH + labelH + gap + LEGEND_HEIGHT;
  const W = Math.max(200, Math.min(width, Math.max(0, ...at.map((a, i) => a.x + sizes[i].w))));
  return (
    <figure className="chart heatmap-panels" aria-labelledby={`${id}-t`} ref={boxRef} data-testid={testId}>
      <FigureHead id={id} title={title} svg={svgRef} file={file} />
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        // Drawn at its own pixel size (the .chart-svg rule would stretch it to the box), shrunk only to fit.
        style={{ width: W, maxWidth: '100%' }}
        className="chart-svg heatmap-svg"
        role="img"
        aria-label={`${title}: ${panels.length} panels, colour = ${legendTitle(scale)}`}
      >
        {panels.map((p, i) => (
          <PanelCell
            key={p.label}
            p={p}
            scale={scale}
            x={at[i].x}
            y={at[i].y}
            w={sizes[i].w}
            h={sizes[i].h}
            overlay={overlay && ((s) => overlay(i, s))}
            onCell={onCell && ((c) => onCell(c && { panel: i, ...c }))}
          />
        ))}
        <ColorLegend spec={scale} x={0} y={H - LEGEND_HEIGHT} width={Math.max(120, Math.min(W, 320))} />
      </svg>
      {caption && <div className="chart-caption small muted">{caption}</div>}
    </figure>
  );
}

function PanelCell({
  p,
  scale,
  x,
  y,
  w,
  h,
  overlay,
  onCell,
}: {
  p: Panel;
  scale: ColorScaleSpec;
  x: number;
  y: number;
  w: number;
  h: number;
  overlay?: (s: { w: number; h: number; cell: number }) => ReactNode;
  onCell?: (c: { row: number; col: number } | null) => void;
}) {
  const href = useImage(p, scale);
  const s = gridStats(p.data);
  const cell = w / p.cols;
  // Pointer position in the panel's own pixels (the SVG may be scaled to its box), as a cell.
  const move = (e: MouseEvent<SVGRectElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const col = Math.floor(((e.clientX - r.left) / r.width) * p.cols);
    const row = Math.floor(((e.clientY - r.top) / r.height) * p.rows);
    onCell?.(row >= 0 && row < p.rows && col >= 0 && col < p.cols ? { row, col } : null);
  };
  return (
    <g
      transform={`translate(${x},${y})`}
      className="heatmap-panel"
      data-label={p.label}
      data-min={s['data-min']}
      data-max={s['data-max']}
      data-mean={s['data-mean']}
    >
      <text y={10} fontSize={11} fill="currentColor">
        {p.label}
      </text>
      <image
        href={href}
        y={14}
        width={w}
        height={h}
        preserveAspectRatio="none"
        style={{ imageRendering: 'pixelated' }}
      />
      {overlay && <g transform="translate(0,14)">{overlay({ w, h, cell })}</g>}
      {onCell && (
        <rect
          y={14}
          width={w}
          height={h}
          fill="transparent"
          style={{ cursor: 'crosshair' }}
          onMouseMove={move}
          onMouseLeave={() => onCell(null)}
        />
      )}
    </g>
  );
}
