// True against predicted classes at the latest evaluation, as a heatmap of each true class's share
// with the counts written in the cells.
import type { Snapshot } from '../../lab/experiment.ts';
import { Heatmap } from '../charts/Heatmap.tsx';
import { type ColorScaleSpec, position } from '../charts/color-scale.ts';

/** Colour by the share of each true class, so rare and common classes read alike. */
const SCALE: ColorScaleSpec = {
  scheme: 'blues',
  domain: [0, 1],
  label: 'share of the true class',
  units: 'fraction of its test images',
};

const short = (l: string) => (l.length > 12 ? `${l.slice(0, 11)}…` : l);

export function ConfusionView({ snapshot: s }: { snapshot: Snapshot | null }) {
  if (!s) {
    return (
      <figure className="chart" data-testid="view-confusion">
        <figcaption className="chart-head">
          <span className="chart-title">Confusion matrix</span>
        </figcaption>
        <div className="empty">
          After each evaluation, a grid of true against predicted classes will show which classes get mixed up.
        </div>
      </figure>
    );
  }
  const k = s.shape[0];
  const names = (s.labels ?? Array.from({ length: k }, (_, i) => String(i))).map(short);
  const counts = Array.from(s.data);
  const share = counts.map((v, i) => {
    const r = Math.floor(i / k);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += counts[r * k + c];
    return sum > 0 ? v / sum : 0;
  });
  const at = position(SCALE);
  let right = 0;
  for (let i = 0; i < k; i++) right += counts[i * k + i];
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <div data-testid="view-confusion" data-accuracy={total > 0 ? right / total : undefined} data-step={s.step}>
      <Heatmap
        title={`Confusion matrix (step ${s.step})`}
        file="confusion"
        rows={k}
        cols={k}
        data={share}
        scale={SCALE}
        x={{ label: 'predicted class', domain: [0, k - 1], names }}
        y={{ label: 'true class', domain: [0, k - 1], names }}
        topDown
        maxSize={380}
        overlay={({ x, y }) => (
          <g fontSize={9} textAnchor="middle">
            {counts.map((v, i) =>
              v > 0 ? (
                // The cell, not the page, is behind the count: white on dark blue, dark on light.
                <text
                  key={i}
                  x={x(i % k)}
                  y={y(Math.floor(i / k))}
                  dy="0.32em"
                  fill={at(share[i]) > 0.5 ? '#fff' : '#1c2128'}
                >
                  {v}
                </text>
              ) : null,
            )}
          </g>
        )}
      />
    </div>
  );
}
