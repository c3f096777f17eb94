/**
 * Acquiring a WebGPU adapter and device, in a browser worker (navigator.gpu) or in Node
 * (pass the GPU object from `nodeGpu()` in node-gpu.ts). Knows nothing of the DOM.
 */

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** SwiftShader or another CPU implementation: timings are not GPU timings. */
  software: boolean;
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

export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  report: AdapterReport;
}

/** CPU implementations of WebGPU or Vulkan, by the names their adapters give themselves. */
const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/;

/**
 * A software adapter says so: the fallback flag (on the info since 2024, on the adapter before),
 * or its own vendor, architecture or description. An empty info is not evidence of either: privacy
 * settings blank it on real GPUs, so such an adapter counts as hardware.
 */
export function isSoftwareAdapter(
  info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean },
  adapterFlag = false,
): boolean {
  if (info.isFallbackAdapter || adapterFlag) return true;
  return SOFTWARE_NAMES.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase());
}

export function describeAdapter(adapter: GPUAdapter): AdapterReport {
  const info = adapter.info;
  const l = adapter.limits;
  const legacyFlag = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: isSoftwareAdapter(info, legacyFlag),
    features: [...adapter.features].sort(),
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    },
  };
}

export function adapterLabel(r: AdapterReport): string {
  const name = [r.vendor, r.architecture, r.device, r.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return r.software ? `${name} (software)` : name;
}

/** The browser's GPU object, if this context has one (window or worker). */
export function browserGpu(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

/** Lower limits than the adapter's, to run as a smaller device would (tests: 8 storage buffers per stage). */
export type LimitCaps = Partial<AdapterReport['limits']>;

export async function acquireDevice(
  gpu: GPU | undefined = browserGpu(),
  caps: LimitCaps = {},
): Promise<AcquiredDevice> {
  if (!gpu) {
    throw new WebGpuUnavailableError(
      'WebGPU is not available here (navigator.gpu is missing). Use a recent Chrome or Edge; ' +
        'on Linux start it with --enable-unsafe-webgpu (and --enable-features=Vulkan).',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new WebGpuUnavailableError(
      'WebGPU is present but no adapter was found. On Linux without a GPU start Chrome with ' +
        '--enable-unsafe-webgpu so that it falls back to SwiftShader.',
    );
  }
  // Ask for the adapter's own limits: defaults are far below what training needs (e.g. 128 MiB bindings).
  const l = adapter.limits;
  const limit = (name: keyof LimitCaps): number => Math.min(l[name], caps[name] ?? Infinity);
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('subgroups') ? ['subgroups' as GPUFeatureName] : [],
    requiredLimits: {
      maxBufferSize: limit('maxBufferSize'),
      maxStorageBufferBindingSize: limit('maxStorageBufferBindingSize'),
      maxStorageBuffersPerShaderStage: limit('maxStorageBuffersPerShaderStage'),
      maxComputeWorkgroupStorageSize: limit('maxComputeWorkgroupStorageSize'),
      maxComputeInvocationsPerWorkgroup: limit('maxComputeInvocationsPerWorkgroup'),
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
    },
  });
  const report = describeAdapter(adapter);
  for (const name of Object.keys(report.limits) as (keyof LimitCaps)[]) report.limits[name] = limit(name);
  return { adapter, device, report };
}
