// Headline views of each family at the defaults, 1440 and 390 px, light and dark, for the lead to look at.
import { chromium } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webGpuArgs } from './playwright.config.ts';
const base = `http://localhost:${process.env.E2E_PORT ?? 4180}/`;
const out = process.argv[2];
const ids = process.argv.slice(3);
const b = await chromium.launch({ executablePath: chromiumPath, args: [...webGpuArgs, ...baseChromiumArgs] });
for (const id of ids) {
  for (const w of [1440, 390]) {
    const p = await b.newPage({ viewport: { width: w, height: 1000 }, colorScheme: 'light' });
    const t0 = Date.now();
    await p.goto(`${base}#/${id}?seed=1&run=1`);
    await p.getByTestId('run-line').locator('[data-status="done"]').waitFor({ timeout: 400_000 });
    console.log(id, w, 'done in', (Date.now() - t0) / 1000, 's');
    for (const scheme of ['light', 'dark'] as const) {
      await p.emulateMedia({ colorScheme: scheme });
      await p.waitForTimeout(300);
      await p.locator('.view-headline').screenshot({ path: `${out}/${id}-${w}-${scheme}.png` });
    }
    await p.close();
  }
}
await b.close();
