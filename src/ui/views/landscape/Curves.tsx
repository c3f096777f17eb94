// 1-D landscape curves (loss and error along a straight line, barrier marked), the matrix of
// barriers between runs, and the intrinsic-dimension curve (accuracy against d on a log axis).
import * as d3 from 'd3';
import { useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import { color } from '../palette.ts';

const W = 360;
const H = 240;
const M = { top: 16, right: 40, bottom: 36, left: 50 };

function Axes({
  x,
  y,
  xLabel,
  yLabel,
}: {
  x: d3.AxisScale<number>;
  y: d3.AxisScale<number>;
  xLabel: string;
  yLabel: string;
}) {
  return (
    <>
      <g
        transform={`translate(0,${H - M.bottom})`}
        ref={(g) => void (g && d3.select(g).call(d3.axisBottom(x).ticks(6, '~g')))}
      />
      <g transform={`translate(${M.left},0)`} ref={(g) => void (g && d3.select(g).call(d3.axisLeft(y).ticks(5)))} />
      <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize={11}>
        {xLabel}
      </text>
      <text x={12} y={M.top - 4} fontSize={11}>
        {yLabel}
      </text>
    </>
  );
}

/** Barrier of a path sampled at α = 0 … 1: the largest rise above the chord between its ends (as in src/lab/landscape.ts). */
function peak(v: number[]): { at: number; height: number; chord: number } {
  const n = v.length;
  const chordAt = (i: number) => v[0] + ((v[n - 1] - v[0]) * i) / Math.max(1, n - 1);
  let at = 0;
  v.forEach((x, i) => {
    if (x - chordAt(i) > v[at] - chordAt(at)) at = i;
  });
  return { at, height: Math.max(0, v[at] - chordAt(at)), chord: chordAt(at) };
}

export function LineView({ snapshots }: { snapshots: Snapshot[] }) {
  const [pick, setPick] = useState(0);
  const snap = snapshots[Math.min(pick, snapshots.length - 1)];
  if (!snap)
    return (
      <p className="empty">
        Loss and error along straight lines between weights (with the barrier marked) appear here.
      </p>
    );
  const n = snap.shape[1];
  const d = Array.from(snap.data as Float32Array);
  const alpha = d.slice(0, n);
  const loss = d.slice(n, 2 * n);
  const error = d.slice(2 * n);
  const x = d3
    .scaleLinear()
    .domain(d3.extent(alpha) as [number, number])
    .range([M.left, W - M.right]);
  const yl = d3
    .scaleLinear()
    .domain([0, Math.max(...loss) * 1.05 || 1])
    .range([H - M.bottom, M.top]);
  const ye = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const lineOf = (ys: number[], s: d3.ScaleLinear<number, number>) =>
    d3
      .line<number>()
      .x((_, i) => x(alpha[i]))
      .y((v) => s(v))(ys) ?? '';
  // The barrier is measured between the path's ends at α = 0 and 1 (the 1-D init→trained line extends beyond them).
  const i0 = alpha.findIndex((a) => Math.abs(a) < 1e-6);
  const i1 = alpha.findIndex((a) => Math.abs(a - 1) < 1e-6);
  const inner = i0 >= 0 && i1 > i0 ? [i0, i1] : [0, n - 1];
  const seg = error.slice(inner[0], inner[1] + 1);
  const b = peak(seg);
  const at = inner[0] + b.at;
  return (
    <div data-testid="view-landscape-line">
      <h3>1-D interpolation</h3>
      {snapshots.length > 1 && (
        <select value={pick} onChange={(e) => setPick(Number(e.target.value))} aria-label="Line">
          {snapshots.map((s, i) => (
            <option key={s.name} value={i}>
              {s.labels?.[0] ?? s.name}
            </option>
          ))}
        </select>
      )}
      <svg width={W} height={H} role="img" aria-label="interpolation curve" data-testid="landscape-line-chart">
        <Axes
          x={x}
          y={yl}
          xLabel={`α — ${snap.labels?.[0] ?? ''}`}
          yLabel="loss (solid, left) · error (dashed, right)"
        />
        <g
          transform={`translate(${W - M.right},0)`}
          ref={(g) => void (g && d3.select(g).call(d3.axisRight(ye).ticks(5, '.0%')))}
        />
        <path d={lineOf(loss, yl)} fill="none" stroke={color(0)} strokeWidth={2} />
        <path d={lineOf(error, ye)} fill="none" stroke={color(1)} strokeWidth={2} strokeDasharray="5 3" />
        <line
          x1={x(alpha[inner[0]])}
          x2={x(alpha[inner[1]])}
          y1={ye(seg[0])}
          y2={ye(seg[seg.length - 1])}
          stroke="#888"
          strokeDasharray="2 2"
        />
        <line
          x1={x(alpha[at])}
          x2={x(alpha[at])}
          y1={ye(b.chord)}
          y2={ye(error[at])}
          stroke="#e4572e"
          strokeWidth={2}
          data-testid="barrier-marker"
        />
        <text x={x(alpha[at]) + 4} y={ye(error[at]) - 4} fontSize={11} fill="#e4572e">
          error barrier {(100 * b.height).toFixed(1)} pt
        </text>
      </svg>
    </div>
  );
}

export function BarrierMatrix({ snapshot }: { snapshot: Snapshot | null }) {
  if (!snapshot)
    return (
      <p className="empty">
        The matrix of error barriers between every pair of runs appears here once they are trained.
      </p>
    );
  const n = snapshot.shape[0];
  const v = snapshot.data as Float32Array;
  const cell = Math.min(56, 320 / n);
  const left = 80;
  const top = 80;
  const c = d3.scaleSequential(d3.interpolateOrRd).domain([0, Math.max(0.05, ...v)]);
  const names = snapshot.labels ?? [];
  return (
    <div data-testid="view-landscape-barriers">
      <h3>Error barriers between runs</h3>
      <svg width={left + n * cell + 10} height={top + n * cell + 10} role="img" aria-label="barrier matrix">
        {names.map((nm, i) => (
          <g key={nm}>
            <text x={left - 4} y={top + i * cell + cell / 2 + 4} textAnchor="end" fontSize={11}>
              {nm}
            </text>
            <text transform={`translate(${left + i * cell + cell / 2 + 4},${top - 4}) rotate(-50)`} fontSize={11}>
              {nm}
            </text>
          </g>
        ))}
        {Array.from(v).map((x, k) => {
          const i = Math.floor(k / n);
          const j = k % n;
          return (
            <g key={k}>
              <rect
                x={left + j * cell}
                y={top + i * cell}
                width={cell - 1}
                height={cell - 1}
                fill={i === j ? '#eee' : c(x)}
              />
              {i !== j && (
                <text
                  x={left + j * cell + cell / 2}
                  y={top + i * cell + cell / 2 + 4}
                  textAnchor="middle"
                  fontSize={10}
                  fill={x > 0.6 * (c.domain()[1] ?? 1) ? '#fff' : '#222'}
                >
                  {(100 * x).toFixed(1)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="hint">
        Error barrier (percentage points, on the landscape examples drawn from the training subset) on the line between
        two runs: the largest rise of the error above the straight chord between its ends.
      </p>
    </div>
  );
}

export function IntrinsicView({ snapshot }: { snapshot: Snapshot | null }) {
  if (!snapshot)
    return (
      <p className="empty">
        Test accuracy against the subspace size d appears here after the dense baseline and the first subspace run.
      </p>
    );
  const n = snapshot.shape[1];
  const d = Array.from(snapshot.data as Float32Array);
  const dims = d.slice(0, n);
  const acc = d.slice(n, 2 * n);
  const dense = Number(snapshot.labels?.[0] ?? NaN);
  const target = 0.9 * dense;
  const hit = dims.find((_, i) => acc[i] >= target);
  const x = d3
    .scaleLog()
    .domain([Math.min(...dims) / 1.5, Math.max(...dims) * 1.5])
    .range([M.left, W - M.right]);
  const y = d3
    .scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const path =
    d3
      .line<number>()
      .x((_, i) => x(dims[i]))
      .y((v) => y(v))(acc) ?? '';
  return (
    <div data-testid="view-landscape-intrinsic">
      <h3>Intrinsic dimension</h3>
      <svg width={W} height={H} role="img" aria-label="accuracy against subspace dimension">
        <Axes x={x} y={y} xLabel="subspace dimension d (log)" yLabel="test accuracy" />
        {Number.isFinite(dense) && (
          <>
            <line x1={M.left} x2={W - M.right} y1={y(dense)} y2={y(dense)} stroke="#555" />
            <text x={W - M.right - 4} y={y(dense) - 4} textAnchor="end" fontSize={11}>
              dense {(100 * dense).toFixed(1)}%
            </text>
            <line x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} stroke="#e4572e" strokeDasharray="5 3" />
            <text x={W - M.right - 4} y={y(target) + 13} textAnchor="end" fontSize={11} fill="#e4572e">
              90% of dense
            </text>
          </>
        )}
        <path d={path} fill="none" stroke={color(0)} strokeWidth={2} />
        {dims.map((v, i) => (
          <circle key={v} cx={x(v)} cy={y(acc[i])} r={3.5} fill={color(0)}>
            <title>{`d = ${v}: ${(100 * acc[i]).toFixed(1)}%`}</title>
          </circle>
        ))}
        {hit !== undefined && (
          <line x1={x(hit)} x2={x(hit)} y1={y(0)} y2={y(target)} stroke="#e4572e" strokeWidth={2} />
        )}
      </svg>
      <p className="hint" data-testid="dint90">
        d<sub>int90</sub> ={' '}
        {hit !== undefined
          ? `${hit} (the smallest d in the sweep reaching 90% of the dense accuracy)`
          : 'not reached in this sweep'}
      </p>
    </div>
  );
}
