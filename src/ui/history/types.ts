import type { RunEvent, RunSpec, Snapshot } from '../../lab/experiment.ts';

/** A run as the UI keeps it, live or stored: the same shape in memory and in IndexedDB. */
export type RunStatus = 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed' | 'interrupted';

export interface Series {
  steps: number[];
  values: number[];
  /** The run clock (see RunRecord.frames) when each point arrived; absent in runs stored before it existed. */
  at?: number[];
}

/** Earlier snapshots of one name, oldest first, with the run clock at which each arrived. */
export interface Frames {
  at: number[];
  snapshots: Snapshot[];
  /** Snapshots of this name so far, and the thinning state (timeline/frames.ts). */
  seen: number;
  stride: number;
  /** The last frame is the newest arrival, kept until the next one replaces it. */
  tail: boolean;
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
  /**
   * Every snapshot of each name, thinned (timeline.ts), for the step scrubber. The run clock is the
   * optimizer step of the latest progress event: a shared time for series and snapshots whose own
   * `step` fields count different things (rounds, widths, epochs).
   */
  frames?: Record<string, Frames>;
  progress: Progress | null;
  summary: Record<string, number | string> | null;
  error: RunError | null;
  logs: string[];
}

export const ACTIVE: ReadonlySet<RunStatus> = new Set(['running', 'paused']);
