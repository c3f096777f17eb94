import { expect, test } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

// A small link: 150 steps on 64 held-out sequences (the defaults train 600).
const LINK = '/#/codebook-features?v=1&seed=1&steps=150&evalSize=64&run=1';

test('codebook features: both models scored, state × code matrices drawn per layer, interventions counted', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.goto(LINK);
  await waitDone(page, 220_000);
  const seconds = (Date.now() - t0) / 1000;
  const view = page.getByTestId('view-codebook-features');
  const summary = view.getByTestId('codebook-summary');
  const num = async (a: string) => Number(await summary.getAttribute(a));
  const m = {
    codebook: await num('data-valid-codebook'),
    plain: await num('data-valid-plain'),
    precise: await num('data-precise-share'),
    matched: await num('data-steer-matched'),
    random: await num('data-steer-random'),
    none: await num('data-steer-none'),
  };
  console.log(`codebook-features link in ${seconds.toFixed(0)} s: ${JSON.stringify(m)}`);
  // Shares in [0, 1]; both models learned the machine beyond chance (1/base of tokens would be about 1/6 by guessing).
  for (const v of Object.values(m)) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  expect(m.plain).toBeGreaterThan(0.5);
  expect(m.codebook).toBeGreaterThan(0.3);
  // One matrix per layer, each [states × states] = 24 × 24 cells drawn from the snapshot.
  for (const l of [0, 1]) await expect(view.getByTestId(`codebook-confusion-L${l}`)).toBeVisible();
  await expect(view.getByRole('figure', { name: /Valid next tokens/ }).locator('path')).not.toHaveCount(0);

  for (const [w, h] of [
    [1440, 1400],
    [390, 2600],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await view.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`codebook-features-${w}-${theme}.png`), fullPage: true });
    }
  }
});
