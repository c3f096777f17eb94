// "Re-run and compare": a stored run's spec is run again live, and the runs page then overlays the
// two and says whether every recorded value came out the same, bit for bit.
import { create } from 'zustand';
import type { RunRecord } from '../history/types.ts';
import { startRun, useRunStore } from '../run-store.ts';

interface RerunState {
  /** The stored run being reproduced, and the live re-run once it has started. */
  originalId: string | null;
  rerunId: string | null;
}

export const useRerun = create<RerunState>()(() => ({ originalId: null, rerunId: null }));

export async function rerunAndCompare(original: RunRecord): Promise<void> {
  const name = `${original.name} · re-run`;
  useRerun.setState({ originalId: original.id, rerunId: null });
  await startRun(original.spec, name);
  const live = useRunStore.getState().run;
  // Another run may have been started meanwhile; only this one is the re-run.
  if (live?.name === name && useRerun.getState().originalId === original.id) useRerun.setState({ rerunId: live.id });
}

export function closeRerun(): void {
  useRerun.setState({ originalId: null, rerunId: null });
}
