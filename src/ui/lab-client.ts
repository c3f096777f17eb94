import * as Comlink from 'comlink';
import type { TabulaWorkerApi } from '../lab/api.ts';

export interface Lab {
  api: Comlink.Remote<TabulaWorkerApi>;
  /** Resolves if the worker script itself fails (Comlink calls would otherwise hang forever). */
  failed: Promise<string>;
}

/** Start the lab worker. It owns the GPU device, so a page needs exactly one. */
export function createLab(): Lab {
  const worker = new Worker(new URL('../lab/worker.ts', import.meta.url), { type: 'module', name: 'tabula-lab' });
  const failed = new Promise<string>((resolve) => {
    worker.addEventListener('error', (e) => resolve(e.message || 'the lab worker could not be loaded'), { once: true });
  });
  return { api: Comlink.wrap<TabulaWorkerApi>(worker), failed };
}
