// One card per family on the home page: a picture of what its headline experiment shows and a
// link that opens that experiment and starts it at once (run=1), so a visitor is one click from an effect.
import { useEffect, useState } from 'react';
import { FAMILIES, defaultSpec } from '../lab/catalogue.ts';
import type { Family } from '../lab/experiment.ts';
import { specHash } from './route.ts';
import { loadThumbs, thumbLabel, THUMBS_DIR, type Thumb, type ThumbIndex } from './thumbs.ts';

function StartCard({ family, thumb }: { family: Family; thumb: Thumb | undefined }) {
  const [headline, ...more] = family.experiments;
  const start = specHash(defaultSpec(headline), headline, true);
  return (
    <li className="start-card" data-family={family.id} data-testid={`start-${family.id}`}>
      {thumb && (
        <figure className="start-thumb">
          {/* The picture starts the run too; the named link below is the one announced. */}
          <a href={start} tabIndex={-1} aria-hidden="true">
            <picture>
              <source media="(prefers-color-scheme: dark)" srcSet={`${THUMBS_DIR}/${thumb.darkFile}`} />
              <img
                src={`${THUMBS_DIR}/${thumb.file}`}
                width={thumb.width}
                height={thumb.height}
                alt=""
                decoding="async"
              />
            </picture>
          </a>
          <figcaption className="thumb-label" data-testid="thumb-label">
            {thumbLabel(thumb)}
          </figcaption>
        </figure>
      )}
      <div className="start-text">
        <p className="eyebrow">{family.title}</p>
        <h2 className="start-title">{headline.title}</h2>
        <p className="start-watch">{headline.watch ?? family.summary}</p>
        <a className="start-go" href={start} data-testid="start-link">
          <span aria-hidden="true">▶ </span>Run it now
        </a>
        {more.length > 0 && (
          <details className="start-more">
            <summary>
              {more.length} more in {family.title.toLowerCase()}
            </summary>
            <ul>
              {more.map((m) => (
                <li key={m.id}>
                  <a href={specHash(defaultSpec(m), m)}>{m.title}</a>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  );
}

export function StartCards() {
  const [thumbs, setThumbs] = useState<ThumbIndex>({});
  useEffect(() => {
    let live = true;
    void loadThumbs().then((t) => live && setThumbs(t));
    return () => {
      live = false;
    };
  }, []);
  return (
    <ul className="start-cards" aria-label="Start an experiment">
      {FAMILIES.filter((f) => f.experiments.length > 0).map((f) => (
        <StartCard key={f.id} family={f} thumb={thumbs[f.id]} />
      ))}
    </ul>
  );
}
