// The built app's preview server for scripts that drive it with Playwright: reuses one already
// listening on :4173 (or $E2E_PORT), else starts `vite preview` (build first: npx vite build).
import { spawn, type ChildProcess } from 'node:child_process';
import { previewPort } from '../playwright.config.ts';

export const PREVIEW_URL = `http://localhost:${previewPort}/`;

async function isUp(): Promise<boolean> {
  try {
    return (await fetch(PREVIEW_URL)).ok;
  } catch {
    return false;
  }
}

async function startPreview(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(previewPort), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 100; i++) {
    if (await isUp()) return server;
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not start on :${previewPort} (did you run npx vite build?)`);
}

/** Runs `work` with a preview server up, and stops the server afterwards if this call started it. */
export async function withPreview(work: () => Promise<void>): Promise<void> {
  const server = (await isUp()) ? null : await startPreview();
  try {
    await work();
  } finally {
    // npx spawns vite as a child: end the whole process group this script started.
    if (server?.pid) process.kill(-server.pid);
  }
}
