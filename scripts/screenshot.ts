// Screenshots of the built app for humans to look at: npx tsx scripts/screenshot.ts [outdir]
// Uses the preview server on :4173 (or $E2E_PORT) if one is running, else starts one (build first: npx vite build).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webGpuArgs } from '../playwright.config.ts';
import { PREVIEW_URL as URL_, withPreview } from './preview-server.ts';

const VIEWPORT = { width: 1280, height: 800 };

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
  await withPreview(async () => {
    const withGpu = await chromium.launch({ executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] });
    await shoot(withGpu, path.join(outDir, 'first-screen.png'), 'ok')
      .then(() => shootRun(withGpu, outDir))
      .finally(() => withGpu.close());
    const withoutGpu = await chromium.launch({ executablePath: chromiumPath, args: baseChromiumArgs });
    await shoot(withoutGpu, path.join(outDir, 'webgpu-unavailable.png'), 'unavailable').finally(() =>
      withoutGpu.close(),
    );
  });
}

await main();
