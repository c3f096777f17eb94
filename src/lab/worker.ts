// The lab's Web Worker: owns the WebGPU device so that kernels never block the page.
import * as Comlink from 'comlink';
import { GpuContext } from '../gpu/context.ts';
import { adapterLabel, browserGpu, WebGpuUnavailableError } from '../gpu/device.ts';
import type { DatasetInfo, ProbeResult, TabulaWorkerApi } from './api.ts';
import { fetchSource, loadIndex } from './datasets.ts';
import { CATALOGUE } from './catalogue.ts';
import { datasetLoader, Runner, transferables } from './runner.ts';
import { runAddOne } from './probe-kernel.ts';
import { selfTestVariants } from '../gpu/variants.ts';
// Registers the GPU kernel variants' self-tests, which the probe below runs.
import '../gpu/kernels/variant-self-tests.ts';

let context: Promise<GpuContext> | null = null;

function gpuContext(): Promise<GpuContext> {
  context ??= GpuContext.create().catch((err: unknown) => {
    context = null; // let a later call retry, e.g. after the user changed a browser flag
    throw err;
  });
  return context;
}

async function probe(): Promise<ProbeResult> {
  if (!browserGpu()) {
    return {
      ok: false,
      reason: 'no-webgpu',
      message: 'This browser does not expose WebGPU to workers (navigator.gpu is missing).',
    };
  }
  try {
    const ctx = await gpuContext();
    const r = ctx.report;
    const check = await runAddOne(ctx);
    // The kernel modules are loaded with the runner above, so every variant is registered by now.
    const fallbacks = await selfTestVariants(ctx);
    return {
      ok: true,
      adapter: {
        label: adapterLabel(r),
        software: r.software,
        vendor: r.vendor,
        architecture: r.architecture,
        description: r.description,
        features: r.features,
        limits: r.limits,
      },
      check: { kernel: 'add-one', ...check },
      fallbacks,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: err instanceof WebGpuUnavailableError ? 'no-adapter' : 'error', message };
  }
}

function isDatasetInfo(v: unknown): v is DatasetInfo {
  const d = v as Partial<DatasetInfo> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.name === 'string' &&
    typeof d.title === 'string' &&
    Array.isArray(d.shape) &&
    d.shape.length === 3 &&
    d.shape.every((n) => Number.isInteger(n) && n > 0) &&
    Array.isArray(d.classes) &&
    d.classes.every((c) => typeof c === 'string') &&
    Number.isInteger(d.train) &&
    Number.isInteger(d.test)
  );
}

const datasetBase = new URL(`${import.meta.env.BASE_URL}datasets`, self.location.href).href;

async function datasets(): Promise<DatasetInfo[]> {
  const base = datasetBase;
  try {
    const list: unknown = await loadIndex(fetchSource(base));
    if (Array.isArray(list) && list.every(isDatasetInfo)) return list;
    console.warn(`${base}/index.json is malformed; listing no datasets`);
  } catch (err) {
    console.warn(`no dataset index at ${base}/index.json:`, err);
  }
  return [];
}

const runner = new Runner({
  experiments: CATALOGUE,
  gpu: gpuContext,
  resetGpu: () => {
    context = null;
  },
  dataset: datasetLoader(fetchSource(datasetBase)),
});

const api: TabulaWorkerApi = {
  probe,
  datasets,
  start: async (spec, listener) =>
    runner.start(spec, (token, events) => {
      // Snapshot arrays are fresh per event, so handing their buffers over loses nothing here.
      // The call returns a promise through Comlink; it rejects only once the page is gone.
      Promise.resolve(listener(token, Comlink.transfer(events, transferables(events)))).catch(() => undefined);
    }),
  pause: async (token) => runner.pause(token),
  resume: async (token) => runner.resume(token),
  step: async (token) => runner.step(token),
  stop: async (token) => runner.stop(token),
  state: async (token) => runner.state(token),
};
Comlink.expose(api);
