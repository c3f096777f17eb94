// The easiest and the hardest examples of the pool by score, and under label noise the flagged
// noisy ones (gallery/easiest, gallery/hardest, gallery/noisy and their -scores rows,
// score-summary.ts), each with its label and score; a click (or Enter) on one draws its score history.
import { useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { paintTiles } from '../ImageGridView.tsx';
import { type Picked, ScoreHistoryChart } from './ScoreHistoryChart.tsx';

type End = 'easiest' | 'hardest' | 'noisy';

function Thumb({
  s,
  i,
  score,
  picked,
  onPick,
}: {
  s: Snapshot;
  i: number;
  score: number;
  picked: boolean;
  onPick: (label: string) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s, [i]);
  }, [s, i]);
  const label = s.labels?.[s.truth?.[i] ?? -1] ?? '?';
  // Under label noise the snapshot carries the label the example was trained with as `predicted`:
  // shown (in red) only where it is not the true one, i.e. the label was flipped.
  const given = s.predicted && s.predicted[i] !== s.truth?.[i] ? (s.labels?.[s.predicted[i]] ?? '?') : null;
  const says = given ? `given ${given}, truly a ${label}` : `a ${label}`;
  return (
    <button
      type="button"
      className="thumb thumb-pick"
      data-score={score}
      aria-pressed={picked}
      aria-label={`Show the score history of ${says}, score ${score.toFixed(3)}`}
      onClick={() => onPick(label)}
    >
      <canvas ref={ref} className="pixels" aria-hidden="true" />
      <span className="thumb-caption">
        {given && <span className="pred">{given}</span>} <span className="truth">{label}</span>{' '}
        <span className="muted">{score.toFixed(2)}</span>
      </span>
    </button>
  );
}

function Row({
  run,
  end,
  title,
  picked,
  onPick,
}: {
  run: RunRecord | null;
  end: End;
  title: string;
  picked: Picked | null;
  onPick: (p: Picked) => void;
}) {
  const s = run?.snapshots[`gallery/${end}`];
  const scores = run?.snapshots[`gallery/${end}-scores`]?.data;
  return (
    <figure
      className="chart"
      data-testid={`data-gallery-${end}`}
      data-scores={scores ? Array.from(scores).join(',') : undefined}
    >
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
      </figcaption>
      {!s || !scores ? (
        <div className="empty">Shown once the pool has been scored.</div>
      ) : (
        <div className="gallery gallery-pick">
          {Array.from({ length: s.shape[0] }, (_, i) => (
            <Thumb
              key={i}
              s={s}
              i={i}
              score={scores[i]}
              picked={picked?.end === end && picked.i === i}
              onPick={(label) => onPick({ end, i, label })}
            />
          ))}
        </div>
      )}
    </figure>
  );
}

export function DataGalleryView({ run }: { run: RunRecord | null }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const noisy = run?.snapshots['gallery/noisy'] !== undefined;
  const row = (end: End, title: string) => <Row run={run} end={end} title={title} picked={picked} onPick={setPicked} />;
  return (
    <div data-testid="view-data-gallery">
      <div className="view-row">
        {row('easiest', 'Easiest examples (lowest score: pruned first)')}
        {row('hardest', 'Hardest examples (highest score: kept)')}
      </div>
      {noisy &&
        row(
          'noisy',
          'Flagged noisy: the highest-scored examples whose label was flipped (given label in red, true in green)',
        )}
      <ScoreHistoryChart run={run} picked={picked} />
    </div>
  );
}
