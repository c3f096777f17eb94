import { defineConfig } from '@playwright/test';
import { chromiumPathFor } from './scripts/chromium-path.ts';

export const chromiumPath = chromiumPathFor(process.env, process.platform);

// Flags every launch needs: no sandbox (containers), and no network chatter.
export const baseChromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Headless Chromium 156 on Linux exposes navigator.gpu (also in workers) but returns no adapter
// unless WebGPU is unlocked; with this flag alone it falls back to SwiftShader on machines
// without a GPU. --enable-features=Vulkan and --use-webgpu-adapter=swiftshader are not needed.
export const webGpuArgs = ['--enable-unsafe-webgpu'];

// E2E_PORT lets several checkouts on one machine run their e2e suites without reusing each other's server.
export const previewPort = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${previewPort}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] },
  },
  webServer: {
    command: `npx vite preview --port ${previewPort} --strictPort`,
    url: `http://localhost:${previewPort}`,
    reuseExistingServer: !process.env.CI,
  },
});
