// The "pointer" view of the pointer-network experiment: for one held-out input per test length,
// the input with the greedy answer drawn (sorting: value against output step; hull: the point
// cloud with the true hull dashed and the predicted polygon), the pointer distribution at each
// decoding step as a heatmap (step × slot, slot 0 = end, red outline = the target), and the
// exact-match (and hull area coverage) per test length as bars. Snapshot and metric names follow
// src/lab/experiments/attention/pointer.ts.
import { type RefObject, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord, Series } from '../../history/types.ts';
import { ChartExport } from '../ChartExport.tsx';
import { Heatmap } from '../../charts/Heatmap.tsx';
import type { ColorScaleSpec } from '../../charts/color-scale.ts';
import { seriesColor } from '../../charts/series-colors.ts';

const POINTER_SCALE: ColorScaleSpec = {
  scheme: 'viridis',
  domain: [0, 1],
  label: 'pointer weight',
  units: 'probability',
};
// The decoder's answer in one colour in the plots and the bars; a wrong pointer in red.
const ANSWER = seriesColor('exact match');
const WRONG = '#e33';

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

function PointsPlot({
  points,
  hull,
  svgRef,
}: {
  points: Snapshot;
  hull: boolean;
  svgRef: RefObject<SVGSVGElement | null>;
}) {
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
        ref={svgRef}
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
        <path d={d3.line()(pred.map((i, t) => [s(xy[i]), step(t)]))!} fill="none" stroke={ANSWER} strokeOpacity={0.5} />
        {pred.map((i, t) => (
          <circle key={`p${t}`} cx={s(xy[i])} cy={step(t)} r={3} fill={i === truth[t] ? ANSWER : WRONG}>
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
      ref={svgRef}
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
      <path d={ring(pred)} fill={ANSWER} fillOpacity={0.12} stroke={exact ? ANSWER : WRONG} strokeWidth={1.5} />
      {Array.from({ length: n }, (_, i) => (
        <circle key={i} cx={at(i)[0]} cy={at(i)[1]} r={2.5} fill="currentColor">
          <title>{`input ${i}`}</title>
        </circle>
      ))}
      {pred.map((i, t) => (
        <text key={`o${t}`} x={at(i)[0] + 4} y={at(i)[1] - 4} fontSize={9} fill={ANSWER}>
          {t + 1}
        </text>
      ))}
    </svg>
  );
}

/** Pointer distribution [steps, slots] on the 0–1 probability scale; the target slot of each step outlined in red. */
function PointerHeatmap({ probs, truth }: { probs: Snapshot; truth: Uint32Array | undefined }) {
  const [steps, S] = probs.shape;
  return (
    <Heatmap
      title="Pointer distribution at each decoding step"
      file="pointer-distribution"
      testId="pointer-heatmap"
      rows={steps}
      cols={S}
      data={probs.data as Float32Array}
      scale={POINTER_SCALE}
      x={{ label: 'input position (0 = end pointer)', domain: [0, S - 1] }}
      y={{ label: 'decoding step', domain: [0, steps - 1] }}
      topDown
      maxSize={300}
      overlay={({ x, y }) => {
        const cell = x(1) - x(0);
        return truth
          ? Array.from(truth.subarray(0, steps), (j, t) => (
              <rect
                key={t}
                x={x(j) - cell / 2 + 1}
                y={y(t) - cell / 2 + 1}
                width={cell - 2}
                height={cell - 2}
                fill="none"
                stroke="#ff4d4d"
                strokeWidth={1.5}
              />
            ))
          : null;
      }}
      caption="Red outlines: the target position at each step. Position 0 is the end pointer; position i is input i − 1."
    />
  );
}

const BW = 360;
const BH = 200;
const BM = { left: 52, right: 10, top: 10, bottom: 44 };

/** Final value of `exact/n<n>` (and `coverage/n<n>`) per test length, grouped bars. */
function LengthBars({ m, trained }: { m: Record<string, Series>; trained: string }) {
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
          {kinds.map((k) => (
            <span key={k} className="legend-item">
              <span className="swatch" style={{ background: seriesColor(label[k]) }} /> {label[k]}
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
          kinds.map((k) => {
            const v = m[`${k}/n${n}`]?.values.at(-1) ?? 0;
            return (
              <rect
                key={`${k}${n}`}
                x={x(String(n))! + xi(k)!}
                width={xi.bandwidth()}
                y={y(v)}
                height={y(0) - y(v)}
                fill={seriesColor(label[k])}
                data-n={n}
                data-kind={k}
                data-value={v}
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
        <text x={(BM.left + BW - BM.right) / 2} y={BH - 8} fontSize={11} textAnchor="middle" fill="currentColor">
          test length n (inputs; trained on {trained})
        </text>
        <text
          transform={`translate(12,${(BM.top + BH - BM.bottom) / 2}) rotate(-90)`}
          fontSize={11}
          textAnchor="middle"
          fill="currentColor"
        >
          share of held-out inputs
        </text>
      </svg>
    </figure>
  );
}

function PointsFigure({ points, hull }: { points: Snapshot; hull: boolean }) {
  const svg = useRef<SVGSVGElement>(null);
  return (
    <figure className="chart" style={{ width: SIDE }}>
      <figcaption className="chart-head">
        <span className="chart-title">
          {hull ? 'Points and predicted hull' : 'Predicted order'}{' '}
          <span className="muted small">
            {hull ? '(numbers: output order; dashed: true hull)' : '(rings: the sorted order; red: wrong pointer)'}
          </span>
        </span>
        <ChartExport svg={svg} file={hull ? 'pointer-hull' : 'pointer-sorted-order'} />
      </figcaption>
      <PointsPlot points={points} hull={hull} svgRef={svg} />
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
        <PointsFigure points={points} hull={hull} />
        {probs && (
          <div style={{ width: 360, maxWidth: '100%' }}>
            <PointerHeatmap probs={probs} truth={points.truth} />
          </div>
        )}
        <div style={{ width: BW, maxWidth: '100%' }}>
          <LengthBars
            m={run!.metrics}
            trained={`${String(run!.spec.params.minLength)}–${String(run!.spec.params.maxLength)}`}
          />
        </div>
      </div>
    </div>
  );
}

export const POINTER_VIEWS = { pointer: PointerView };
