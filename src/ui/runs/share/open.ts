// Sharing results: save a stored run as a results file, and open results files — picked, dropped on
// the page, or linked as #/open?url=<file on any static host> — into the run history. Opening adds a
// run and never replaces one: a run whose id is taken by another run gets a new id.
import { create } from 'zustand';
import { getRun, putRun } from '../../history/db.ts';
import type { RunRecord } from '../../history/types.ts';
import { download, fileStem } from '../../export.ts';
import { goRuns, showSpec, useRoute } from '../../route.ts';
import { openRun, refreshHistory } from '../../run-store.ts';
import { decodeResults, encodeResults, RESULTS_SUFFIX, ResultsFileError, type Opened } from './codec.ts';

interface ShareState {
  /** What is being opened now, e.g. a file name. */
  busy: string | null;
  message: { kind: 'ok' | 'bad'; text: string } | null;
}

export const useShare = create<ShareState>()(() => ({ busy: null, message: null }));

export function dismissShareMessage(): void {
  useShare.setState({ message: null });
}

export async function shareRun(run: RunRecord): Promise<void> {
  download(`${fileStem(run)}${RESULTS_SUFFIX}`, await encodeResults(run, __APP_VERSION__));
}

/** The same run, already stored: opening it again must not add a copy. */
function sameRun(a: RunRecord, b: RunRecord): boolean {
  return a.startedAt === b.startedAt && a.updatedAt === b.updatedAt && a.spec.experiment === b.spec.experiment;
}

/** Stores an opened run, under a new id if another run has its id; a run stored already is not copied. */
async function store(run: RunRecord): Promise<RunRecord> {
  const there = await getRun(run.id);
  if (there && sameRun(there, run)) return there;
  const stored = there ? { ...run, id: crypto.randomUUID() } : run;
  await putRun(stored);
  return stored;
}

async function openBytes(source: string, bytes: Uint8Array<ArrayBuffer>): Promise<Opened> {
  try {
    const { run, warnings } = await decodeResults(bytes);
    return { run: await store(run), warnings };
  } catch (err) {
    throw err instanceof ResultsFileError
      ? new ResultsFileError(`${source}: ${err.message}`)
      : new Error(`${source} could not be stored: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * One opened run is shown with all its views (its warnings as the page's notices); several are
 * listed on the runs page.
 */
async function show(opened: Opened[]): Promise<void> {
  await refreshHistory();
  if (opened.length === 1) {
    const run = await openRun(opened[0].run.id);
    if (run) showSpec(run.spec);
    useRoute.setState({ notices: opened[0].warnings });
    return;
  }
  const warnings = opened.flatMap((o) => o.warnings.map((w) => `${o.run.name}: ${w}`));
  useShare.setState({ message: { kind: 'ok', text: [`Opened ${opened.length} runs.`, ...warnings].join(' ') } });
  goRuns();
}

async function guarded(busy: string, work: () => Promise<Opened[]>): Promise<void> {
  useShare.setState({ busy, message: null });
  try {
    await show(await work());
  } catch (err) {
    useShare.setState({ message: { kind: 'bad', text: err instanceof Error ? err.message : String(err) } });
    await refreshHistory();
    goRuns();
  } finally {
    useShare.setState({ busy: null });
  }
}

export function openResultsFiles(files: readonly File[]): Promise<void> {
  return guarded(files.length === 1 ? files[0].name : `${files.length} files`, async () => {
    const opened: Opened[] = [];
    // One by one: a bad file stops there, and the runs before it stay opened.
    for (const f of files) opened.push(await openBytes(f.name, new Uint8Array(await f.arrayBuffer())));
    return opened;
  });
}

export function openResultsUrl(raw: string): Promise<void> {
  return guarded(raw, async () => {
    let url: URL;
    try {
      url = new URL(raw, location.href);
    } catch {
      throw new ResultsFileError(`“${raw}” is not a web address.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ResultsFileError(`Results are opened from http(s) addresses only, not ${url.protocol}.`);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new ResultsFileError(
        `${url.href} could not be fetched (${err instanceof Error ? err.message : String(err)}). The host must allow cross-origin requests (CORS).`,
      );
    }
    if (!res.ok) throw new ResultsFileError(`${url.href} answered ${res.status} ${res.statusText}.`);
    return [await openBytes(url.href, new Uint8Array(await res.arrayBuffer()))];
  });
}

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/** Once per page: a file dropped anywhere on the page is opened as results. */
export function listenForDroppedResults(): void {
  window.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length > 0) void openResultsFiles(files);
  });
}
