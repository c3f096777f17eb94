import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Debian's chromium package: its SwiftShader Vulkan driver and Vulkan loader serve Dawn in Node too. */
export const chromiumDir = '/usr/lib/chromium';
export const swiftshaderIcd = `${chromiumDir}/vk_swiftshader_icd.json`;
const systemVulkan = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib64/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
];
/** Where the Vulkan loader looks for driver manifests (ICDs) when VK_ICD_FILENAMES is not set. */
export const systemIcdDirs = ['/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/etc/vulkan/icd.d'];

/**
 * Environment that lets Dawn (npm `webgpu`) find a Vulkan driver on a machine without a GPU:
 * Chromium's SwiftShader ICD, and Chromium's own Vulkan loader when the system has none.
 * Variables the user already set win. The dynamic loader reads LD_LIBRARY_PATH only at
 * process start, so this must be applied before spawning the process that loads Dawn.
 */
export function nodeGpuEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  if (!icdVariable(env) && existsSync(swiftshaderIcd)) {
    out.VK_ICD_FILENAMES = swiftshaderIcd;
  }
  if (!systemVulkan.some((p) => existsSync(p)) && existsSync(`${chromiumDir}/libvulkan.so.1`)) {
    out.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${chromiumDir}:${env.LD_LIBRARY_PATH}` : chromiumDir;
  }
  return out;
}

/** The variable that names the Vulkan drivers explicitly, if one is set (the loader reads either name). */
export function icdVariable(env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  for (const name of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES']) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

/** The libvulkan.so.1 a process started with `env` would load, or undefined when there is none. */
export function vulkanLoader(env: NodeJS.ProcessEnv): string | undefined {
  const fromPath = (env.LD_LIBRARY_PATH ?? '')
    .split(':')
    .filter(Boolean)
    .map((dir) => path.join(dir, 'libvulkan.so.1'));
  return [...fromPath, ...systemVulkan].find((p) => existsSync(p));
}

/** The Vulkan driver manifests a process started with `env` would read: the named ones that exist, else the system's. */
export function vulkanIcds(env: NodeJS.ProcessEnv): string[] {
  const named = icdVariable(env);
  if (named) return named.value.split(':').filter((p) => p && existsSync(p));
  return systemIcdDirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(dir, f))
      : [],
  );
}
