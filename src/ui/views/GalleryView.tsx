import { useEffect, useRef } from 'react';
import type { Snapshot } from '../../lab/experiment.ts';
import { paintTiles } from './ImageGridView.tsx';

function Thumb({ s, i }: { s: Snapshot; i: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintTiles(ref.current, s, [i]);
  }, [s, i]);
  const name = (c: number | undefined) => (c === undefined ? '?' : (s.labels?.[c] ?? String(c)));
  const truth = name(s.truth?.[i]);
  const pred = name(s.predicted?.[i]);
  return (
    <figure className="thumb">
      <canvas ref={ref} className="pixels" role="img" aria-label={`A ${truth} classified as ${pred}`} />
      <figcaption>
        <span className="truth">{truth}</span> → <span className="pred">{pred}</span>
      </figcaption>
    </figure>
  );
}

export function GalleryView({ snapshot: s }: { snapshot: Snapshot | null }) {
  const n = s ? s.shape[0] : 0;
  return (
    <figure className="chart" data-testid="view-misclassified">
      <figcaption className="chart-head">
        <span className="chart-title">
          Misclassified test images {s && <span className="muted small">(step {s.step}; true → predicted)</span>}
        </span>
      </figcaption>
      {!s ? (
        <div className="empty">
          Test images the network gets wrong will be shown here after each evaluation, with their true and predicted
          labels.
        </div>
      ) : n === 0 ? (
        <div className="empty">No test image was misclassified.</div>
      ) : (
        <div className="gallery">
          {Array.from({ length: n }, (_, i) => (
            <Thumb key={i} s={s} i={i} />
          ))}
        </div>
      )}
    </figure>
  );
}
