import { create } from 'zustand';
import type { DatasetInfo, ProbeResult } from '../lab/api.ts';
import { createLab, type Lab } from './lab-client.ts';

export type AdapterState =
  | { state: 'pending' }
  | { state: 'ok'; result: Extract<ProbeResult, { ok: true }> }
  | { state: 'unavailable' | 'error'; result: Extract<ProbeResult, { ok: false }> };

export type DatasetsState = { state: 'pending' } | { state: 'ready'; list: DatasetInfo[] };

interface AppStore {
  adapter: AdapterState;
  datasets: DatasetsState;
}

export const useAppStore = create<AppStore>()(() => ({
  adapter: { state: 'pending' },
  datasets: { state: 'pending' },
}));

function adapterState(result: ProbeResult): AdapterState {
  if (result.ok) return { state: 'ok', result };
  return { state: result.reason === 'error' ? 'error' : 'unavailable', result };
}

let lab: Lab | null = null;

/** The worker's API; null before startLab(). */
export function labApi(): Lab['api'] | null {
  return lab?.api ?? null;
}

/** Probe the GPU and list datasets once per page; both run inside the worker. */
export function startLab(): void {
  if (lab) return;
  lab = createLab();
  const { api, failed } = lab;
  const crashed = failed.then((message): ProbeResult => ({ ok: false, reason: 'error', message }));
  Promise.race([api.probe(), crashed])
    .catch((err: unknown): ProbeResult => ({ ok: false, reason: 'error', message: String(err) }))
    .then((result) => useAppStore.setState({ adapter: adapterState(result) }));
  Promise.race([api.datasets(), crashed.then(() => [])])
    .catch(() => [])
    .then((list) => useAppStore.setState({ datasets: { state: 'ready', list } }));
}
