import { existsSync } from 'node:fs';

const chromiumDir = '/usr/lib/chromium';
const swiftshaderIcd = `${chromiumDir}/vk_swiftshader_icd.json`;
const systemVulkan = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
];

/**
 * Environment that lets Dawn (npm `webgpu`) find a Vulkan driver on a machine without a GPU:
 * Chromium's SwiftShader ICD, and Chromium's own Vulkan loader when the system has none.
 * Variables the user already set win. The dynamic loader reads LD_LIBRARY_PATH only at
 * process start, so this must be applied before spawning the process that loads Dawn.
 */
export function nodeGpuEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(swiftshaderIcd)) {
    out.VK_ICD_FILENAMES = swiftshaderIcd;
  }
  if (!systemVulkan.some((p) => existsSync(p)) && existsSync(`${chromiumDir}/libvulkan.so.1`)) {
    out.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${chromiumDir}:${env.LD_LIBRARY_PATH}` : chromiumDir;
  }
  return out;
}
