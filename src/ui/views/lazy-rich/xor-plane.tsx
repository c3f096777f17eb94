// The XOR neurons in the plane of the cluster means: each first-layer neuron is a point
// (w·μ₁/‖μ‖, w·μ₂/‖μ‖), coloured by the sign of its readout; redrawn at every snapshot.
import { useId, useRef } from 'react';
import type { RunRecord } from '../../history/types.ts';
import { indexColor } from '../../charts/series-colors.ts';
import { ChartExport } from '../ChartExport.tsx';

/** Readout signs get red and teal: blue and orange mean train and test on this page. */
const SIGN = { plus: indexColor(2), minus: indexColor(3) };

export function XorPlaneView({ run }: { run: RunRecord | null }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const id = useId();
  const snap = run?.snapshots['xor-plane'];
  if (!snap)
    return (
      <div className="view-empty" data-testid="view-xor-plane">
        Each first-layer neuron’s weights, projected on the two cluster directions μ₁ and μ₂, appear here at the first
        evaluation and move as training goes on.
      </div>
    );
  const data = snap.data as Float32Array;
  const n = snap.shape[0];
  let r = 1e-12;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(data[3 * i]), Math.abs(data[3 * i + 1]));
  const S = 260;
  const c = S / 2;
  const k = (S / 2 - 12) / r;
  let plus = 0;
  for (let i = 0; i < n; i++) if (data[3 * i + 2] > 0) plus++;
  return (
    <figure
      className="chart"
      data-testid="view-xor-plane"
      data-step={snap.step}
      data-neurons={n}
      data-plus={plus}
      data-radius={r}
      aria-labelledby={`${id}-t`}
    >
      <figcaption className="chart-head">
        <span id={`${id}-t`} className="chart-title">
          First-layer neurons in the (μ₁, μ₂) plane at step {snap.step}
        </span>
        <span className="chart-tools">
          <ChartExport svg={svgRef} file="xor-plane" />
        </span>
      </figcaption>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${S} ${S}`}
        width={S}
        height={S}
        role="img"
        aria-label="neurons in the plane of the cluster means"
      >
        <line x1={0} x2={S} y1={c} y2={c} stroke="currentColor" strokeOpacity={0.3} />
        <line x1={c} x2={c} y1={0} y2={S} stroke="currentColor" strokeOpacity={0.3} />
        <text x={S - 4} y={c - 4} textAnchor="end" fontSize={11} fill="currentColor">
          w·μ₁/‖μ‖
        </text>
        <text x={c + 4} y={12} fontSize={11} fill="currentColor">
          w·μ₂/‖μ‖
        </text>
        <text x={S - 4} y={S - 4} textAnchor="end" fontSize={10} fill="currentColor" fillOpacity={0.7}>
          axes reach ±{r.toPrecision(2)}
        </text>
        {Array.from({ length: n }, (_, i) => (
          <circle
            key={i}
            cx={c + k * data[3 * i]}
            cy={c - k * data[3 * i + 1]}
            r={3}
            fill={data[3 * i + 2] > 0 ? SIGN.plus : SIGN.minus}
            fillOpacity={0.75}
          />
        ))}
      </svg>
      <div className="legend">
        <span className="legend-item">
          <span className="swatch" style={{ background: SIGN.plus }} aria-hidden="true" />
          readout + ({plus})
        </span>
        <span className="legend-item">
          <span className="swatch" style={{ background: SIGN.minus }} aria-hidden="true" />
          readout − ({n - plus})
        </span>
      </div>
    </figure>
  );
}
