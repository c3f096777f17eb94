// The pool's score distribution per class (scores/histogram, score-summary.ts): counts in equal
// bins over [0, top] per class, the last row of the snapshot holding the bins' upper edges.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';

export function DataScoresView({ run }: { run: RunRecord | null }) {
  const s = run?.snapshots['scores/histogram'];
  const rule = run?.spec.params.score === 'grand' ? 'GraNd (last layer)' : 'EL2N';
  if (!s || s.kind !== 'heatmap')
    return (
      <figure className="chart" data-testid="view-data-scores">
        <div className="empty">The score histogram appears once the scoring networks have scored the pool.</div>
      </figure>
    );
  const [rowsAll, bins] = s.shape;
  const classes = rowsAll - 1;
  const edges = Array.from(s.data.subarray(classes * bins));
  const counts = s.data.subarray(0, classes * bins);
  const width = edges[0];
  const perClass = Array.from({ length: classes }, (_, c) => {
    let sum = 0;
    for (let b = 0; b < bins; b++) sum += counts[c * bins + b] * (edges[b] - width / 2);
    let n = 0;
    for (let b = 0; b < bins; b++) n += counts[c * bins + b];
    return n ? sum / n : NaN;
  });
  const top = Math.max(1, ...Array.from(counts));
  const total = Array.from(counts).reduce((a, b) => a + b, 0);
  return (
    <div
      data-testid="view-data-scores"
      data-bins={bins}
      data-total={total}
      data-top={edges[bins - 1]}
      data-class-means={JSON.stringify(perClass)}
    >
      <Heatmap
        title={`${rule} scores of the pool, per class (mean over the scoring inits)`}
        file="data-scores"
        rows={classes}
        cols={bins}
        data={counts}
        topDown
        scale={{ scheme: 'viridis', domain: [0, top], label: 'examples per bin', units: 'count' }}
        x={{ label: `${rule} score`, domain: [width / 2, edges[bins - 1] - width / 2] }}
        y={{ label: 'class', domain: [0, classes - 1], names: s.labels?.slice(0, classes) }}
        maxSize={520}
        caption="Easy examples sit near 0; the long tail to the right is what pruning keeps."
      />
    </div>
  );
}
