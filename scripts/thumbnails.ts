// The home page's pictures, from real runs: npm run thumbnails [-- <family> …]
// Builds nothing: it drives the built app (npx vite build first) through the preview server on
// :4173 (or $E2E_PORT; started if none is up). For each family it opens the family's headline
// experiment (the first it lists) with run=1, waits for the run to finish, and screenshots the
// headline view in both themes into public/thumbs/<family>.png and <family>-dark.png (about 400 px
// wide), with what the run was in public/thumbs/index.json (src/ui/thumbs.ts reads it).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { defaultSpec, FAMILIES } from '../src/lab/catalogue.ts';
import type { Family, FamilyId, ParamValues } from '../src/lab/experiment.ts';
import { encodeSpec } from '../src/lab/spec-codec.ts';
import type { Thumb, ThumbIndex } from '../src/ui/thumbs.ts';
import { baseChromiumArgs, chromiumPath, webGpuArgs } from '../playwright.config.ts';
import { PREVIEW_URL, withPreview } from './preview-server.ts';

const OUT = new URL('../public/thumbs/', import.meta.url);
const SEED = 1;
/** The views are laid out this wide (a width at which the catalogue is a drawer, so the views get it all)… */
const VIEWPORT = { width: 1100, height: 2400 };
/** …and shot at half scale: about 390 px wide images. */
const SCALE = 0.5;
/** At most this tall for its width: the top of a long view is what a card can show. */
const MAX_ASPECT = 0.75;
const RUN_TIMEOUT_MS = 15 * 60_000;

/**
 * Families whose defaults take much longer than ~2 minutes on a software GPU run this instead;
 * the picture's label names every value that differs from the defaults.
 */
const FASTER: Partial<Record<FamilyId, ParamValues>> = {};

function changedParams(family: Family): Record<string, string> {
  const over = FASTER[family.id] ?? {};
  return Object.fromEntries(Object.entries(over).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

async function shoot(page: Page, file: string): Promise<{ width: number; height: number }> {
  const box = (await page.locator('.view-headline').boundingBox())!;
  const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, box.width * MAX_ASPECT) };
  await page.screenshot({ path: new URL(file, OUT).pathname, clip });
  return { width: Math.round(clip.width * SCALE), height: Math.round(clip.height * SCALE) };
}

async function thumbnail(page: Page, family: Family): Promise<Thumb> {
  const meta = family.experiments[0];
  const base = defaultSpec(meta, SEED);
  const spec = { ...base, params: { ...base.params, ...FASTER[family.id] } };
  await page.emulateMedia({ colorScheme: 'light' });
  const t0 = Date.now();
  await page.goto(`${PREVIEW_URL}${encodeSpec(spec, meta, { autoRun: true })}`);
  const status = page.getByTestId('run-line').locator('[data-status]');
  await status.and(page.locator('[data-status="done"], [data-status="failed"], [data-status="diverged"]')).waitFor({
    timeout: RUN_TIMEOUT_MS,
  });
  const seconds = (Date.now() - t0) / 1000;
  const ended = await status.getAttribute('data-status');
  if (ended !== 'done') throw new Error(`${meta.id}: the run ended ${ended}`);
  const adapter = ((await page.getByTestId('adapter-label').textContent()) ?? '').replace(/^WebGPU:\s*/, '').trim();
  await page.mouse.move(0, 0); // no hover state in the picture
  const size = await shoot(page, `${family.id}.png`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, `${family.id}-dark.png`);
  console.log(`${family.id}: ${meta.id} done in ${seconds.toFixed(0)} s`);
  return {
    file: `${family.id}.png`,
    darkFile: `${family.id}-dark.png`,
    ...size,
    experiment: meta.id,
    title: meta.title,
    seed: SEED,
    changed: changedParams(family),
    adapter: adapter.replace(/\s*\(software\)$/, ''),
    software: /\(software\)$/.test(adapter),
    date: new Date().toISOString().slice(0, 10),
    seconds,
  };
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !FAMILIES.some((f) => f.id === a));
  if (unknown.length > 0) throw new Error(`unknown families: ${unknown.join(', ')}`);
  const families = FAMILIES.filter((f) => f.experiments.length > 0 && (asked.length === 0 || asked.includes(f.id)));
  mkdirSync(OUT, { recursive: true });
  const indexFile = new URL('index.json', OUT);
  // Regenerating some families keeps the others' entries.
  const index: ThumbIndex = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, 'utf8')) as ThumbIndex) : {};
  await withPreview(async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] });
    try {
      const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: SCALE });
      for (const f of families) {
        index[f.id] = await thumbnail(page, f);
        writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
      }
    } finally {
      await browser.close();
    }
  });
}

await main();
