// The easiest and the hardest examples of the pool by score (gallery/easiest, gallery/hardest
// and their -scores rows, score-summary.ts), each with its label and score.
import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../../lab/experiment.ts';
import type { RunRecord } from '../../history/types.ts';
import { paintTiles } from '../ImageGridView.tsx';

function Thumb({ s, i, score }: { s: Snapshot; i: number; score: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s, [i]);
  }, [s, i]);
  const label = s.labels?.[s.truth?.[i] ?? -1] ?? '?';
  return (
    <figure className="thumb" data-score={score}>
      <canvas ref={ref} className="pixels" role="img" aria-label={`A ${label}, score ${score.toFixed(3)}`} />
      <figcaption>
        <span className="truth">{label}</span> <span className="muted">{score.toFixed(2)}</span>
      </figcaption>
    </figure>
  );
}

function End({ run, end, title }: { run: RunRecord | null; end: 'easiest' | 'hardest'; title: string }) {
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
        <div className="gallery">
          {Array.from({ length: s.shape[0] }, (_, i) => (
            <Thumb key={i} s={s} i={i} score={scores[i]} />
          ))}
        </div>
      )}
    </figure>
  );
}

export function DataGalleryView({ run }: { run: RunRecord | null }) {
  return (
    <div className="view-row" data-testid="view-data-gallery">
      <End run={run} end="easiest" title="Easiest examples (lowest score: pruned first)" />
      <End run={run} end="hardest" title="Hardest examples (highest score: kept)" />
    </div>
  );
}
