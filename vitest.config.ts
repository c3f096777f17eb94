import { defineConfig } from 'vitest/config';
import { nodeGpuEnv } from './scripts/node-gpu-env.ts';

// Dawn's Vulkan backend needs SwiftShader on machines without a GPU; forked workers inherit this.
Object.assign(process.env, nodeGpuEnv(process.env));

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
