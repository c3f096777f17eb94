import { CATALOGUE, FAMILIES, defaultSpec } from '../lab/catalogue.ts';
import type { Paper } from '../lab/experiment.ts';
import { specHash, useRoute } from './route.ts';
import { useRunStore } from './run-store.ts';

export function paperLine(p: Paper): string {
  return `${p.authors.split(',')[0].trim()}${p.authors.includes(',') ? ' et al.' : ''}, ${p.year}`;
}

export function Catalogue() {
  const page = useRoute((s) => s.page);
  const current = useRoute((s) => s.meta.id);
  const runs = useRunStore((s) => s.history.length);
  return (
    <nav className="catalogue" aria-label="Experiments" data-testid="catalogue">
      <h2 className="catalogue-title">Experiments</h2>
      <ul>
        {FAMILIES.map((f) => {
          const exps = CATALOGUE.filter((m) => m.family === f.id);
          return (
            <li key={f.id} className="family" data-family={f.id}>
              <span className="family-head">
                <span className="family-title">{f.title}</span>
                {exps.length === 0 && <span className="badge">coming soon</span>}
              </span>
              <span className="family-summary">{f.summary}</span>
              {exps.length > 0 && (
                <ul className="experiments">
                  {exps.map((m) => (
                    <li key={m.id}>
                      <a
                        className="experiment-link"
                        href={specHash(defaultSpec(m), m)}
                        aria-current={page === 'experiment' && current === m.id ? 'page' : undefined}
                      >
                        <span className="experiment-title">{m.title}</span>
                        {m.paper && <span className="experiment-paper">{paperLine(m.paper)}</span>}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <h2 className="catalogue-title">Your runs</h2>
      <a
        className="experiment-link"
        href="#/runs"
        aria-current={page === 'runs' ? 'page' : undefined}
        data-testid="runs-link"
      >
        <span className="experiment-title">Stored runs</span>
        <span className="experiment-paper">{runs === 0 ? 'none yet' : `${runs} in this browser`}</span>
      </a>
    </nav>
  );
}
