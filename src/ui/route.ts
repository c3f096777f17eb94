// Routing by URL hash: `#/` home, `#/runs` the stored runs, `#/open?url=<results file>` the runs
// page opening a shared results file, anything else an experiment spec (spec-codec). The hash always shows the current spec; opening a hash restores it.
import { create } from 'zustand';
import { CATALOGUE, defaultSpec, metaById } from '../lab/catalogue.ts';
import type { ExperimentMeta, RunSpec } from '../lab/experiment.ts';
import { decodeSpec, encodeSpec } from '../lab/spec-codec.ts';

export type Page = 'home' | 'runs' | 'experiment';

interface RouteStore {
  page: Page;
  meta: ExperimentMeta;
  spec: RunSpec;
  /** Problems found in the URL that was opened, in plain text. */
  notices: string[];
  /** The opened URL said run=1 and the run has not been started yet. */
  autoRun: boolean;
  /** A results file to open (#/open?url=…), until the runs page takes it. */
  openUrl: string | null;
}

const first = CATALOGUE[0];

export const useRoute = create<RouteStore>()(() => ({
  page: 'home',
  meta: first,
  spec: defaultSpec(first),
  notices: [],
  autoRun: false,
  openUrl: null,
}));

export function specHash(spec: RunSpec, meta: ExperimentMeta, autoRun = false): string {
  return encodeSpec(spec, meta, { autoRun });
}

// The hash this module last read or wrote: a fragment navigation fires both popstate and
// hashchange, and the second must not re-read the normalized hash (that would drop the notices).
let known: string | null = null;

function setHash(hash: string, replace: boolean): void {
  known = hash;
  if (location.hash === hash) return;
  const url = `${location.pathname}${location.search}${hash}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

/** Reads the hash the user opened or edited. */
function readHash(): void {
  const hash = location.hash;
  if (hash === known) return;
  known = hash;
  const path = hash.replace(/^#\/?/, '');
  if (path === '') {
    useRoute.setState({ page: 'home', notices: [], autoRun: false });
    return;
  }
  if (path === 'runs') {
    useRoute.setState({ page: 'runs', notices: [], autoRun: false });
    return;
  }
  if (path === 'open' || path.startsWith('open?')) {
    const url = new URLSearchParams(path.slice('open?'.length)).get('url');
    useRoute.setState({ page: 'runs', notices: [], autoRun: false, openUrl: url ?? '' });
    return;
  }
  const { spec, notices, autoRun } = decodeSpec(hash);
  const meta = metaById(spec.experiment) ?? first;
  useRoute.setState({ page: 'experiment', meta, spec, notices, autoRun });
  // Show the normalized spec (defaults filled in, bad values replaced, run=1 consumed).
  setHash(specHash(spec, meta), true);
}

let listening = false;

export function startRouting(): void {
  if (listening) return;
  listening = true;
  addEventListener('hashchange', readHash);
  addEventListener('popstate', readHash);
  readHash();
}

/** A parameter or seed edit: the URL follows without adding a history entry per keystroke. */
export function setSpec(spec: RunSpec): void {
  useRoute.setState({ spec });
  setHash(specHash(spec, useRoute.getState().meta), true);
}

/** Goes to an experiment with a given spec (e.g. a reopened run's), as a new history entry. */
export function showSpec(spec: RunSpec): void {
  const meta = metaById(spec.experiment) ?? first;
  useRoute.setState({ page: 'experiment', meta, spec, notices: [], autoRun: false });
  setHash(specHash(spec, meta), false);
}

export function goRuns(): void {
  useRoute.setState({ page: 'runs', notices: [], autoRun: false });
  setHash('#/runs', false);
}

/** The runs page has taken the results file to open. */
export function takeOpenUrl(): string | null {
  const url = useRoute.getState().openUrl;
  useRoute.setState({ openUrl: null });
  return url;
}

export function dismissNotices(): void {
  useRoute.setState({ notices: [] });
}

export function consumeAutoRun(): void {
  useRoute.setState({ autoRun: false });
}
