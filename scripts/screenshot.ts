// Screenshots of the built app for humans to look at: npx tsx scripts/screenshot.ts [outdir]
// Uses the preview server on :4173 (or $E2E_PORT) if one is running, else starts one (build first: npx vite build).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, previewPort, webGpuArgs } from '../playwright.config.ts';

const URL_ = `http://localhost:${previewPort}/`;
const VIEWPORT = { width: 1280, height: 800 };

async function isUp(): Promise<boolean> {
  try {
    return (await fetch(URL_)).ok;
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

async function shoot(browser: Browser, file: string, state: 'ok' | 'unavailable'): Promise<void> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(URL_);
  await page.locator(`[data-testid="adapter-status"][data-state="${state}"]`).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="datasets-status"][data-state="ready"]').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: file });
  await page.close();
  console.log(`wrote ${file}`);
}

/** A tiny run from a shared link, shot while it runs and when it is done. */
async function shootRun(browser: Browser, outDir: string): Promise<void> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(
    `${URL_}#/train?dataset=mnist&trainSize=1000&testSize=500&batch=50&epochs=3&optimizer=adam&lr=0.002&schedule=constant&run=1`,
  );
  await page.locator('[data-testid="view-metrics"] svg path').first().waitFor({ timeout: 120_000 });
  await page.screenshot({ path: path.join(outDir, 'experiment-running.png') });
  await page.locator('[data-testid="run-line"] [data-status="done"]').waitFor({ timeout: 180_000 });
  await page.screenshot({ path: path.join(outDir, 'experiment-done.png') });
  await page.close();
  console.log(`wrote ${outDir}/experiment-{running,done}.png`);
}

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? '.cache/screenshots');
  mkdirSync(outDir, { recursive: true });
  const server = (await isUp()) ? null : await startPreview();
  try {
    const withGpu = await chromium.launch({ executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] });
    await shoot(withGpu, path.join(outDir, 'first-screen.png'), 'ok')
      .then(() => shootRun(withGpu, outDir))
      .finally(() => withGpu.close());
    const withoutGpu = await chromium.launch({ executablePath: chromiumPath, args: baseChromiumArgs });
    await shoot(withoutGpu, path.join(outDir, 'webgpu-unavailable.png'), 'unavailable').finally(() =>
      withoutGpu.close(),
    );
  } finally {
    // npx spawns vite as a child: end the whole process group this script started.
    if (server?.pid) process.kill(-server.pid);
  }
}

await main();
