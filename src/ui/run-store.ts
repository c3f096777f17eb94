// The run the experiment page shows — live from the worker or reopened from history — and the
// stored run list. Live series are appended in place and `rev` bumps, so a batch of a thousand
// points costs one render, not a thousand copies.
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { RunEvent, RunSpec } from '../lab/experiment.ts';
import { deleteRun, getRun, listRuns, putRun } from './history/db.ts';
import { ACTIVE, type RunRecord, type RunStatus } from './history/types.ts';
import { labApi } from './store.ts';
import { addFrame, clockOf, stampPoint } from './timeline/frames.ts';
import { defaultRunName } from './runs/naming.ts';

const SAVE_EVERY_MS = 3000;

interface RunStore {
  /** The run on screen; `live` when it belongs to the worker's current token. */
  run: RunRecord | null;
  live: boolean;
  token: number | null;
  rev: number;
  /** Milliseconds from pressing Run to the first metric point, for the latest live run. */
  firstPointMs: number | null;
  history: RunRecord[];
  historyError: string | null;
}

export const useRunStore = create<RunStore>()(() => ({
  run: null,
  live: false,
  token: null,
  rev: 0,
  firstPointMs: null,
  history: [],
  historyError: null,
}));

let clickedAt = 0;
let dirty = false;

function newId(): string {
  return crypto.randomUUID();
}

function bump(patch: Partial<RunStore> = {}): void {
  useRunStore.setState((s) => ({ ...patch, rev: s.rev + 1 }));
}

export async function refreshHistory(): Promise<void> {
  try {
    useRunStore.setState({ history: await listRuns(), historyError: null });
  } catch (err) {
    useRunStore.setState({ historyError: err instanceof Error ? err.message : String(err) });
  }
}

async function save(run: RunRecord): Promise<void> {
  run.updatedAt = Date.now();
  dirty = false;
  try {
    await putRun(run);
  } catch (err) {
    useRunStore.setState({ historyError: err instanceof Error ? err.message : String(err) });
  }
  await refreshHistory();
}

function apply(run: RunRecord, e: RunEvent): void {
  switch (e.type) {
    case 'metric': {
      const s = (run.metrics[e.name] ??= { steps: [], values: [] });
      s.steps.push(e.step);
      s.values.push(e.value);
      stampPoint(s, clockOf(run));
      if (useRunStore.getState().firstPointMs === null)
        useRunStore.setState({ firstPointMs: performance.now() - clickedAt });
      break;
    }
    case 'progress':
      run.progress = e;
      break;
    case 'snapshot':
      run.snapshots[e.snapshot.name] = e.snapshot;
      addFrame(run, e.snapshot, clockOf(run));
      break;
    case 'log':
      run.logs.push(e.message);
      break;
    case 'done':
      run.summary = e.summary;
      finish(run, 'done');
      break;
    case 'error': {
      const { type: _type, ...error } = e;
      run.error = error;
      finish(run, e.kind === 'diverged' ? 'diverged' : 'failed');
      break;
    }
  }
}

function finish(run: RunRecord, status: RunStatus): void {
  run.status = status;
  run.finishedAt = Date.now();
  useRunStore.setState({ token: null });
}

function listener(token: number, events: RunEvent[]): void {
  const { run, token: current, live } = useRunStore.getState();
  // A late batch of a stopped or replaced run is dropped: the token says whose it is.
  if (!run || !live || token !== current) return;
  for (const e of events) apply(run, e);
  dirty = true;
  if (!ACTIVE.has(run.status)) void save(run);
  bump();
}

export async function startRun(spec: RunSpec, name = defaultRunName(spec)): Promise<void> {
  const api = labApi();
  if (!api) return;
  await stopRun();
  clickedAt = performance.now();
  const now = Date.now();
  const run: RunRecord = {
    id: newId(),
    name,
    spec: structuredClone(spec),
    status: 'running',
    appVersion: __APP_VERSION__,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    metrics: {},
    snapshots: {},
    progress: null,
    summary: null,
    error: null,
    logs: [],
  };
  useRunStore.setState({ run, live: true, token: null, firstPointMs: null });
  bump();
  try {
    const token = await api.start(spec, Comlink.proxy(listener));
    // A batch may have finished the run before start() returned; keep the token only while active.
    if (useRunStore.getState().run === run && ACTIVE.has(run.status)) useRunStore.setState({ token });
  } catch (err) {
    run.error = { message: err instanceof Error ? err.message : String(err), kind: 'internal' };
    finish(run, 'failed');
    bump();
  }
  await save(run);
}

export async function pauseRun(): Promise<void> {
  const { run, token } = useRunStore.getState();
  const api = labApi();
  if (!run || token === null || !api || run.status !== 'running') return;
  await api.pause(token);
  run.status = 'paused';
  bump();
  await save(run);
}

export async function resumeRun(): Promise<void> {
  const { run, token } = useRunStore.getState();
  const api = labApi();
  if (!run || token === null || !api || run.status !== 'paused') return;
  await api.resume(token);
  run.status = 'running';
  bump();
}

export async function stepRun(): Promise<void> {
  const { run, token } = useRunStore.getState();
  const api = labApi();
  if (!run || token === null || !api) return;
  if (run.status === 'running') await pauseRun();
  await api.step(token);
}

export async function stopRun(): Promise<void> {
  const { run, token, live } = useRunStore.getState();
  const api = labApi();
  if (!run || !live || token === null || !ACTIVE.has(run.status)) return;
  useRunStore.setState({ token: null });
  await api?.stop(token).catch(() => undefined);
  finish(run, 'stopped');
  bump();
  await save(run);
}

/** Shows a stored run; a live run keeps going in the worker but stops being shown. */
export async function openRun(id: string): Promise<RunRecord | null> {
  const run = await getRun(id);
  if (!run) return null;
  await stopRun();
  useRunStore.setState({ run, live: false, token: null });
  bump();
  return run;
}

export function clearRun(): void {
  useRunStore.setState({ run: null, live: false });
}

export async function renameRun(id: string, name: string): Promise<void> {
  const run = await getRun(id);
  if (!run) return;
  run.name = name;
  await putRun(run);
  const shown = useRunStore.getState().run;
  if (shown?.id === id) {
    shown.name = name;
    bump();
  }
  await refreshHistory();
}

export async function removeRun(id: string): Promise<void> {
  if (useRunStore.getState().run?.id === id) {
    await stopRun();
    clearRun();
  }
  await deleteRun(id);
  await refreshHistory();
}

/** This tab's run on screen, kept across a reload (sessionStorage lives as long as the tab). */
const SHOWN_KEY = 'tabula.shown-run';

function rememberShown(run: RunRecord | null): void {
  try {
    if (run) sessionStorage.setItem(SHOWN_KEY, run.id);
    else sessionStorage.removeItem(SHOWN_KEY);
  } catch {
    // Storage may be off (private mode): a reload then shows an interrupted run only.
  }
}

function shownBefore(): string | null {
  try {
    return sessionStorage.getItem(SHOWN_KEY);
  } catch {
    return null;
  }
}

let persisting: Promise<void> | null = null;

/**
 * On opening an experiment's page with nothing of it on screen: shows the stored run of exactly
 * this spec that this tab showed before a reload, or else the newest run of this spec if a reload
 * or a crash cut it off, with the data saved until then.
 */
export async function reopenStored(experiment: string, sameSpec: (spec: RunSpec) => boolean): Promise<void> {
  await persisting;
  const mine = useRunStore.getState().history.filter((r) => r.spec.experiment === experiment && sameSpec(r.spec));
  const before = shownBefore();
  const pick = mine.find((r) => r.id === before) ?? (mine[0]?.status === 'interrupted' ? mine[0] : undefined);
  // The visitor may have started or opened a run meanwhile.
  const { run, live } = useRunStore.getState();
  if (!pick || run?.spec.experiment === experiment || (live && run && ACTIVE.has(run.status))) return;
  await openRun(pick.id);
}

/**
 * Once per page: runs left 'running' or 'paused' by a previous page were cut off by a reload or a
 * crash, so they become 'interrupted' with the data saved so far; the live run is saved every few
 * seconds and when the page is hidden, and the run on screen is remembered for a reload.
 */
export function startPersistence(): Promise<void> {
  persisting ??= persist();
  return persisting;
}

async function persist(): Promise<void> {
  useRunStore.subscribe((s, prev) => {
    if (s.run !== prev.run) rememberShown(s.run);
  });
  try {
    for (const r of await listRuns()) {
      if (ACTIVE.has(r.status)) {
        r.status = 'interrupted';
        await putRun(r);
      }
    }
  } catch (err) {
    useRunStore.setState({ historyError: err instanceof Error ? err.message : String(err) });
  }
  await refreshHistory();
  const flush = () => {
    const { run, live } = useRunStore.getState();
    if (run && live && dirty) void save(run);
  };
  setInterval(flush, SAVE_EVERY_MS);
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}
