import { expect, test } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: two feature counts and two MLP widths, 3 epochs.
const LINK = '/#/snnk?v=1&seed=1&features=64,256&mlpWidths=8,32&epochs=3&trainSize=1000&testSize=500&run=1';

test('scalable neural network kernels: closed form matches Adam on the bundled net; accuracy per parameter drawn', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const seconds = await openRun(page, LINK, 120_000);
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

  await shootViewports(page, 'snnk', [{ at: view, shoot: 'page' }], { desktop: 1400, phone: 2400 });
});
