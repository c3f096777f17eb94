import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./prereqs.ts', import.meta.url));

/** Runs the prerequisite check as `npm test` does, in a fresh process with `env` added. */
function runCheck(env: Record<string, string>): { status: number | null; lines: string[]; seconds: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim());
  return { status: result.status, lines, seconds: (performance.now() - started) / 1000 };
}

describe('npm test prerequisite check', () => {
  it('with no browser and no Vulkan driver, stops within seconds with one line naming the fix', () => {
    const { status, lines, seconds } = runCheck({ CHROMIUM_PATH: '/nonexistent', VK_ICD_FILENAMES: '/nonexistent' });
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).toMatch(/^npm test cannot run here\. Missing: .*\. Fix: .*\.$/);
    expect(line).toContain('Chromium (CHROMIUM_PATH=/nonexistent)');
    expect(line).toContain('set CHROMIUM_PATH to a Chromium or Chrome binary');
    if (process.platform === 'linux') {
      expect(line).toContain('Vulkan ICD (VK_ICD_FILENAMES=/nonexistent)');
      expect(line).toContain('unset VK_ICD_FILENAMES');
    }
    expect(seconds).toBeLessThan(10);
  });

  it('passes on a machine that has them, naming the browser and the adapter', () => {
    const { status, lines } = runCheck({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Prerequisites: Chromium .+; WebGPU in Node: .+/);
    expect(status).toBe(0);
  });
});
