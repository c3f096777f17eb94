// The "pointer" view of the pointer-network experiment: for one held-out input per test length,
// the input with the greedy answer drawn (sorting: value against output step; hull: the point
// cloud with the true hull dashed and the predicted polygon), the pointer distribution at each
// decoding step as a heatmap (step × slot, slot 0 = end, red outline = the target), and the
// exact-match (and hull area coverage) per test length as bars. Snapshot and metric names follow
// src/lab/experiments/attention/pointer.ts.
import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { color } from '../palette.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const SIDE = 260;
const PAD = 24;

/** Test lengths with a shown input, ascending. */
function lengthsOf(run: RunRecord | null): number[] {
  return Object.keys(run?.snapshots ?? {})
    .map((k) => /^pointer\/points\/n(\d+)$/.exec(k))
    .flatMap((m) => (m ? [Number(m[1])] : []))
    .sort((a, b) => a - b);
}

/** The input indices of a slot sequence up to the first end slot (mirrors pointer-tasks.untilEnd). */
const inputsOf = (slots: Uint32Array): number[] => {
  const out: number[] = [];
  for (const s of slots) {
    if (s === 0) break;
    out.push(s - 1);
  }
  return out;
};

function PointsPlot({ points, hull }: { points: Snapshot; hull: boolean }) {
  const [n, dims] = points.shape;
  const xy = points.data as Float32Array;
  const pred = inputsOf(points.predicted ?? new Uint32Array());
  const truth = inputsOf(points.truth ?? new Uint32Array());
  const s = d3
    .scaleLinear()
    .domain([0, 1])
    .range([PAD, SIDE - PAD]);
  const yFlip = d3
    .scaleLinear()
    .domain([0, 1])
    .range([SIDE - PAD, PAD]);
  const exact = pred.length === truth.length && pred.every((v, i) => v === truth[i]);
  if (dims === 1) {
    // Sorting: x = value, y = output step; a correct answer is a rising staircase of filled dots on the rings.
    const step = d3
      .scaleLinear()
      .domain([0, Math.max(1, n - 1)])
      .range([PAD, SIDE - PAD]);
    return (
      <svg
        viewBox={`0 0 ${SIDE} ${SIDE}`}
        className="chart-svg"
        role="img"
        aria-label={`sorted order of ${n} values: ${exact ? 'exact' : 'wrong'}`}
        data-testid="pointer-points"
      >
        <line
          x1={PAD}
          x2={SIDE - PAD}
          y1={SIDE - PAD + 8}
          y2={SIDE - PAD + 8}
          stroke="currentColor"
          strokeOpacity={0.3}
        />
        {Array.from({ length: n }, (_, i) => (
          <line
            key={`v${i}`}
            x1={s(xy[i])}
            x2={s(xy[i])}
            y1={SIDE - PAD + 4}
            y2={SIDE - PAD + 12}
            stroke="currentColor"
            strokeOpacity={0.6}
          />
        ))}
        {truth.map((i, t) => (
          <circle key={`t${t}`} cx={s(xy[i])} cy={step(t)} r={5} fill="none" stroke="#999" />
        ))}
        <path
          d={d3.line()(pred.map((i, t) => [s(xy[i]), step(t)]))!}
          fill="none"
          stroke={color(0)}
          strokeOpacity={0.5}
        />
        {pred.map((i, t) => (
          <circle key={`p${t}`} cx={s(xy[i])} cy={step(t)} r={3} fill={i === truth[t] ? color(0) : '#e33'}>
            <title>{`step ${t}: input ${i} = ${xy[i].toFixed(3)}${i === truth[t] ? '' : ` (should be ${xy[truth[t]].toFixed(3)})`}`}</title>
          </circle>
        ))}
        <text x={PAD} y={12} fontSize={10} fill="currentColor">
          output step ↓ · value →
        </text>
      </svg>
    );
  }
  const at = (i: number): [number, number] => [s(xy[i * 2]), yFlip(xy[i * 2 + 1])];
  const ring = (idx: number[]) => (idx.length ? `M${idx.map((i) => at(i).join(',')).join('L')}Z` : '');
  return (
    <svg
      viewBox={`0 0 ${SIDE} ${SIDE}`}
      className="chart-svg"
      role="img"
      aria-label={`convex hull of ${n} points: ${exact ? 'exact' : 'wrong'}`}
      data-testid="pointer-points"
    >
      <rect
        x={PAD}
        y={PAD}
        width={SIDE - 2 * PAD}
        height={SIDE - 2 * PAD}
        fill="none"
        stroke="currentColor"
        strokeOpacity={0.15}
      />
      {hull && <path d={ring(truth)} fill="none" stroke="#999" strokeDasharray="4 3" />}
      <path d={ring(pred)} fill={color(0)} fillOpacity={0.12} stroke={exact ? color(0) : '#e33'} strokeWidth={1.5} />
      {Array.from({ length: n }, (_, i) => (
        <circle key={i} cx={at(i)[0]} cy={at(i)[1]} r={2.5} fill="currentColor">
          <title>{`input ${i}`}</title>
        </circle>
      ))}
      {pred.map((i, t) => (
        <text key={`o${t}`} x={at(i)[0] + 4} y={at(i)[1] - 4} fontSize={9} fill={color(0)}>
          {t + 1}
        </text>
      ))}
    </svg>
  );
}

/** Pointer distribution [steps, slots] as a canvas; the target slot of each step outlined in red. */
function PointerHeatmap({ probs, truth }: { probs: Snapshot; truth: Uint32Array | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [steps, S] = probs.shape;
  const cell = Math.max(6, Math.floor(240 / Math.max(steps, S)));
  const pad = 22;
  const w = pad + S * cell;
  const h = pad + steps * cell;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, w, h);
    const data = probs.data as Float32Array;
    for (let t = 0; t < steps; t++) {
      for (let j = 0; j < S; j++) {
        g.fillStyle = d3.interpolateViridis(Math.max(0, Math.min(1, data[t * S + j])));
        g.fillRect(pad + j * cell, pad + t * cell, cell, cell);
      }
    }
    if (truth) {
      g.strokeStyle = '#ff4d4d';
      g.lineWidth = 1.5;
      for (let t = 0; t < steps; t++) g.strokeRect(pad + truth[t] * cell + 1, pad + t * cell + 1, cell - 2, cell - 2);
    }
    g.fillStyle = '#777';
    g.font = `${Math.min(10, cell)}px sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    for (let j = 0; j < S; j += S > 12 ? 2 : 1)
      g.fillText(j === 0 ? 'end' : String(j - 1), pad + (j + 0.5) * cell, pad / 2);
    for (let t = 0; t < steps; t += steps > 12 ? 2 : 1) g.fillText(String(t), pad / 2, pad + (t + 0.5) * cell);
  }, [probs, truth, steps, S, cell, w, h]);
  return (
    <canvas
      ref={ref}
      data-testid="pointer-heatmap"
      role="img"
      aria-label="pointer distribution: rows are decoding steps, columns input positions (first: end)"
      style={{ width: w, height: h, imageRendering: 'pixelated' }}
    />
  );
}

const BW = 360;
const BH = 200;
const BM = { left: 44, right: 10, top: 10, bottom: 30 };

/** Final value of `exact/n<n>` (and `coverage/n<n>`) per test length, grouped bars. */
function LengthBars({ m }: { m: Record<string, Series> }) {
  const svg = useRef<SVGSVGElement>(null);
  const kinds = ['exact', 'coverage'].filter((k) => Object.keys(m).some((key) => key.startsWith(`${k}/n`)));
  const ns = [
    ...new Set(Object.keys(m).flatMap((k) => (/^(exact|coverage)\/n(\d+)$/.exec(k) ? [Number(k.split('/n')[1])] : []))),
  ].sort((a, b) => a - b);
  if (ns.length === 0)
    return (
      <div className="empty">
        Exact match per test length appears when training ends and each length has been decoded.
      </div>
    );
  const x = d3
    .scaleBand()
    .domain(ns.map(String))
    .range([BM.left, BW - BM.right])
    .padding(0.25);
  const xi = d3.scaleBand().domain(kinds).range([0, x.bandwidth()]).padding(0.06);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([BH - BM.bottom, BM.top]);
  const label: Record<string, string> = { exact: 'exact match', coverage: 'area coverage' };
  return (
    <figure className="chart" data-testid="pointer-bars">
      <figcaption className="chart-head">
        <span className="chart-title">Accuracy vs test length</span>
        <span className="legend">
          {kinds.map((k, i) => (
            <span key={k} className="legend-item">
              <span className="swatch" style={{ background: color(i) }} /> {label[k]}
            </span>
          ))}
        </span>
        <ChartExport svg={svg} file="pointer-accuracy-vs-length" />
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${BW} ${BH}`}
        className="chart-svg"
        role="img"
        aria-label={`accuracy per test length: ${ns.join(', ')}`}
      >
        {y.ticks(5).map((t) => (
          <g key={t}>
            <line x1={BM.left} x2={BW - BM.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.1} />
            <text x={BM.left - 4} y={y(t) + 3} fontSize={10} textAnchor="end" fill="currentColor">
              {pct(t)}
            </text>
          </g>
        ))}
        {ns.flatMap((n) =>
          kinds.map((k, i) => {
            const v = m[`${k}/n${n}`]?.values.at(-1) ?? 0;
            return (
              <rect
                key={`${k}${n}`}
                x={x(String(n))! + xi(k)!}
                width={xi.bandwidth()}
                y={y(v)}
                height={y(0) - y(v)}
                fill={color(i)}
              >
                <title>{`n = ${n}, ${label[k]}: ${pct(v)}`}</title>
              </rect>
            );
          }),
        )}
        {ns.map((n) => (
          <text
            key={n}
            x={x(String(n))! + x.bandwidth() / 2}
            y={BH - BM.bottom + 14}
            fontSize={10}
            textAnchor="middle"
            fill="currentColor"
          >
            n = {n}
          </text>
        ))}
      </svg>
    </figure>
  );
}

export function PointerView({ run }: { run: RunRecord | null }) {
  const lengths = lengthsOf(run);
  const [chosen, setChosen] = useState<number | null>(null);
  if (lengths.length === 0) {
    return (
      <div data-testid="view-pointer">
        <div className="empty">
          The pointer network’s answer on a held-out input of each test length appears after the first capture: the
          points with the predicted order, and the pointer distribution at every decoding step.
        </div>
      </div>
    );
  }
  const n = chosen !== null && lengths.includes(chosen) ? chosen : lengths[0];
  const snaps = run!.snapshots;
  const points = snaps[`pointer/points/n${n}`];
  const probs = snaps[`pointer/probs/n${n}`];
  const hull = points.shape[1] === 2;
  return (
    <div data-testid="view-pointer" data-step={points.step} style={{ gridColumn: '1 / -1', minWidth: 0 }}>
      <div className="chart-head">
        <span className="chart-title">
          Greedy pointer decoding on a held-out input{' '}
          <span className="muted small">
            (step {points.step}; {hull ? 'dashed: true hull' : 'rings: the sorted order'})
          </span>
        </span>
        <span className="chart-tools" role="group" aria-label="Test length">
          {lengths.map((k) => (
            <button key={k} type="button" aria-pressed={k === n} onClick={() => setChosen(k)}>
              n = {k}
            </button>
          ))}
        </span>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        <figure className="attention-cell" style={{ width: SIDE }}>
          <figcaption className="muted small">
            {hull ? 'points and predicted hull (numbers: output order)' : 'predicted order (red: wrong pointer)'}
          </figcaption>
          <PointsPlot points={points} hull={hull} />
        </figure>
        {probs && (
          <figure className="attention-cell">
            <figcaption className="muted small">pointer distribution: step × input position (red: target)</figcaption>
            <PointerHeatmap probs={probs} truth={points.truth} />
          </figure>
        )}
        <div style={{ width: BW }}>
          <LengthBars m={run!.metrics} />
        </div>
      </div>
    </div>
  );
}

export const POINTER_VIEWS = { pointer: PointerView };
