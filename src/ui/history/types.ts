import type { RunEvent, RunSpec, Snapshot } from '../../lab/experiment.ts';

/** A run as the UI keeps it, live or stored: the same shape in memory and in IndexedDB. */
export type RunStatus = 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed' | 'interrupted';

export interface Series {
  steps: number[];
  values: number[];
}

export type Progress = Extract<RunEvent, { type: 'progress' }>;
export type RunError = Omit<Extract<RunEvent, { type: 'error' }>, 'type'>;

export interface RunRecord {
  id: string;
  name: string;
  spec: RunSpec;
  status: RunStatus;
  appVersion: string;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
  metrics: Record<string, Series>;
  /** The newest snapshot of each name. */
  snapshots: Record<string, Snapshot>;
  progress: Progress | null;
  summary: Record<string, number | string> | null;
  error: RunError | null;
  logs: string[];
}

export const ACTIVE: ReadonlySet<RunStatus> = new Set(['running', 'paused']);
