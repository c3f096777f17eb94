import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { CATALOGUE, FAMILIES, defaultSpec } from '../lab/catalogue.ts';
import type { Paper } from '../lab/experiment.ts';
import { specHash, useRoute } from './route.ts';
import { useRunStore } from './run-store.ts';

export function paperLine(p: Paper): string {
  return `${p.authors.split(',')[0].trim()}${p.authors.includes(',') ? ' et al.' : ''}, ${p.year}`;
}

interface Props {
  /** Shown (as a column or an open drawer). */
  open: boolean;
  /** A drawer over the page (narrow screens) rather than a column beside it. */
  drawer: boolean;
  onClose: () => void;
}

export function Catalogue({ open, drawer, onClose }: Props) {
  const page = useRoute((s) => s.page);
  const current = useRoute((s) => s.meta.id);
  const runs = useRunStore((s) => s.history.length);
  const nav = useRef<HTMLElement>(null);
  const isDrawer = drawer && open;
  // An opened drawer takes the focus (the current experiment's entry, or the first), so a
  // keyboard or screen-reader user lands in it.
  useEffect(() => {
    if (!isDrawer) return;
    const el = nav.current;
    (el?.querySelector<HTMLElement>('[aria-current="page"]') ?? el?.querySelector<HTMLElement>('a'))?.focus();
  }, [isDrawer]);
  // Picking an entry (even the one already shown) closes the drawer: the experiment is what was asked for.
  const onClick = (e: MouseEvent) => {
    if (isDrawer && e.target instanceof Element && e.target.closest('a')) onClose();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (isDrawer && e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <nav
      ref={nav}
      id="catalogue"
      className="catalogue"
      aria-label="Experiments"
      data-testid="catalogue"
      data-open={open}
      hidden={!open}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <div className="catalogue-head">
        <h2 className="catalogue-title">Experiments</h2>
        {isDrawer && (
          <button type="button" className="mini" onClick={onClose} data-testid="drawer-close">
            Close
          </button>
        )}
      </div>
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
