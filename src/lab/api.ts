// The typed contract between the UI thread and the lab worker. The UI imports types from
// src/lab only; everything GPU-side stays behind this interface, inside the worker.
import type { AdapterReport } from '../gpu/device.ts';
import type { VariantFallback } from '../gpu/variants.ts';
import type { DatasetIndexEntry } from './datasets.ts';
import type { RunEvent, RunSpec } from './experiment.ts';

export type DatasetInfo = DatasetIndexEntry;

/** The worker's adapter report plus a human-readable name, e.g. "google swiftshader (software)". */
export type AdapterInfo = Omit<AdapterReport, 'device'> & { label: string };

/** A tiny compute kernel run end to end (upload, dispatch, read back) to prove the adapter works. */
export interface ProbeCheck {
  kernel: 'add-one';
  ms: number;
  passed: boolean;
}

export type ProbeFailure = 'no-webgpu' | 'no-adapter' | 'error';

export type { VariantFallback };

export type ProbeResult =
  | {
      ok: true;
      adapter: AdapterInfo;
      check: ProbeCheck;
      /** Kernel variants whose self-test disagreed on this adapter: their plain kernels run instead. */
      fallbacks: VariantFallback[];
    }
  | { ok: false; reason: ProbeFailure; message: string };

/** Receives a run's events in throttled batches (typed arrays transferred, not copied). */
export type RunListener = (token: number, events: RunEvent[]) => void;

export type RunState = 'running' | 'paused' | 'stopped' | 'done' | 'error';

export interface TabulaWorkerApi {
  probe(): Promise<ProbeResult>;
  /** Datasets listed in /datasets/index.json; [] when it is missing or malformed. */
  datasets(): Promise<DatasetInfo[]>;
  /**
   * Starts a run (stopping any current one) and returns its token. Every event batch carries the
   * token, so a late batch of a stopped run can never be mixed into a new one. The listener is
   * passed through Comlink.proxy.
   */
  start(spec: RunSpec, listener: RunListener): Promise<number>;
  pause(token: number): Promise<void>;
  resume(token: number): Promise<void>;
  /** One step while paused. */
  step(token: number): Promise<void>;
  stop(token: number): Promise<void>;
  state(token: number): Promise<RunState | 'unknown'>;
}
