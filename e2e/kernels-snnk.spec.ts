import { expect, test } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

// A smaller link than the defaults: two feature counts and two MLP widths, 3 epochs.
const LINK = '/#/snnk?v=1&seed=1&features=64,256&mlpWidths=8,32&epochs=3&trainSize=1000&testSize=500&run=1';

test('scalable neural network kernels: closed form matches Adam on the bundled net; accuracy per parameter drawn', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await page.goto(LINK);
  await waitDone(page, 120_000);
  const seconds = (Date.now() - t0) / 1000;
  const view = page.getByTestId('view-snnk');
  const readout = view.getByTestId('snnk-readout');
  const gaps = await readout
    .locator('[data-gap]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-gap'))));
  const slope = Number(await view.getByTestId('snnk-kernel-readout').getAttribute('data-slope'));
  console.log(
    `snnk link in ${seconds.toFixed(0)} s: closed form − Adam per m ${gaps.map((g) => g.toFixed(1)).join(', ')} pt; kernel slope ${slope.toFixed(2)}`,
  );
  expect(gaps).toHaveLength(2);
  // The closed form solves the bundled net's least squares exactly: never far below Adam's few epochs.
  for (const g of gaps) expect(g).toBeGreaterThan(-3);
  // The Monte Carlo estimate of the kernel improves with m (slope −1/2 in expectation; two points are noisy).
  expect(slope).toBeLessThan(0);
  // Four methods drawn: two accuracy points each for the feature models, two for the MLP.
  await expect(
    view.getByRole('figure', { name: /Test accuracy vs trainable parameters/ }).locator('path'),
  ).not.toHaveCount(0);

  for (const [w, h] of [
    [1440, 1400],
    [390, 2400],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await view.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`snnk-${w}-${theme}.png`), fullPage: true });
    }
  }
});
