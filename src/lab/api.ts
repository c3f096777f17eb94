// The typed contract between the UI thread and the lab worker. The UI imports types from
// src/lab only; everything GPU-side stays behind this interface, inside the worker.
import type { DatasetIndexEntry } from './datasets.ts';

export type DatasetInfo = DatasetIndexEntry;

export interface AdapterInfo {
  /** Human-readable name, e.g. "google swiftshader (software)". */
  label: string;
  /** A CPU implementation such as SwiftShader: timings are not GPU timings. */
  software: boolean;
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxStorageBuffersPerShaderStage: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupsPerDimension: number;
  };
}

/** A tiny compute kernel run end to end (upload, dispatch, read back) to prove the adapter works. */
export interface ProbeCheck {
  kernel: 'add-one';
  ms: number;
  passed: boolean;
}

export type ProbeFailure = 'no-webgpu' | 'no-adapter' | 'error';

export type ProbeResult =
  | { ok: true; adapter: AdapterInfo; check: ProbeCheck }
  | { ok: false; reason: ProbeFailure; message: string };

export interface TabulaWorkerApi {
  probe(): Promise<ProbeResult>;
  /** Datasets listed in /datasets/index.json; [] when it is missing or malformed. */
  datasets(): Promise<DatasetInfo[]>;
}
