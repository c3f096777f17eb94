// The pool's score distribution per class (scores/histogram, score-summary.ts): counts in equal
// bins over [0, top] per class, the last row of the snapshot holding the bins' upper edges. Under
// label noise the flipped labels' counts (scores/noisy, same bins) are marked over the cells as
// discs, and the AUROC of the scores for finding them (noise/auroc/*) is stated beside.
import type { RunRecord } from '../../history/types.ts';
import { Heatmap } from '../../charts/Heatmap.tsx';
import { seriesColor } from '../../charts/series-colors.ts';

/** The colour of the flipped labels' marks, distinct from the viridis cells. */
const NOISY = seriesColor('noisy');

/** A metric's last value, or NaN if the run (cut by the scrubber) has none yet. */
function last(run: RunRecord | null, name: string): number {
  const v = run?.metrics[name]?.values;
  return v?.length ? v[v.length - 1] : NaN;
}

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
  const noisySnap = run?.snapshots['scores/noisy'];
  const noisy = noisySnap?.kind === 'heatmap' ? noisySnap.data.subarray(0, classes * bins) : null;
  const noisyTop = noisy ? Math.max(1, ...Array.from(noisy)) : 1;
  const marks = noisy ? Array.from(noisy.keys()).filter((j) => noisy[j] > 0) : [];
  const auroc = {
    el2n: last(run, 'noise/auroc/el2n'),
    grand: last(run, 'noise/auroc/grand'),
    random: last(run, 'noise/auroc/random'),
  };
  return (
    <div
      data-testid="view-data-scores"
      data-bins={bins}
      data-total={total}
      data-top={edges[bins - 1]}
      data-class-means={JSON.stringify(perClass)}
      data-noisy-total={noisy ? Array.from(noisy).reduce((a, b) => a + b, 0) : undefined}
      data-noisy-marks={noisy ? marks.length : undefined}
      data-flipped={noisy ? last(run, 'noise/flipped') : undefined}
      data-auroc={noisy ? auroc.el2n : undefined}
      data-auroc-grand={noisy ? auroc.grand : undefined}
      data-auroc-random={noisy ? auroc.random : undefined}
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
        overlay={
          noisy
            ? ({ x, y }) => (
                <g data-testid="noisy-marks">
                  {marks.map((j) => {
                    const b = j % bins;
                    const c = (j - b) / bins;
                    const r = 1.5 + 3.5 * Math.sqrt(noisy[j] / noisyTop);
                    return (
                      <circle
                        key={j}
                        cx={x(edges[b] - width / 2)}
                        cy={y(c)}
                        r={r}
                        fill={NOISY}
                        stroke="#fff"
                        strokeWidth={0.8}
                      >
                        <title>{`${noisy[j]} flipped label(s) in this bin`}</title>
                      </circle>
                    );
                  })}
                </g>
              )
            : undefined
        }
        caption={
          noisy ? (
            <>
              <svg width="10" height="10" aria-hidden="true">
                <circle cx="5" cy="5" r="4" fill={NOISY} />
              </svg>{' '}
              flipped labels in the bin (disc area ∝ count, per the given label&apos;s class). AUROC for finding them:
              EL2N {auroc.el2n.toFixed(3)}
              {Number.isFinite(auroc.grand) ? `, GraNd ${auroc.grand.toFixed(3)}` : ''}, random scores{' '}
              {auroc.random.toFixed(3)} (0.5 = chance).
            </>
          ) : (
            'Easy examples sit near 0; the long tail to the right is what pruning keeps.'
          )
        }
      />
    </div>
  );
}
