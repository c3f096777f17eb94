import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

const SHOTS = '/work/tmp/shots/fam-landscape';

test('train defaults: test accuracy passes 90% in two epochs; curves train blue / test orange, weights, confusion; both themes', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const t0 = Date.now();
  await page.goto('/#/train?seed=1&run=1');
  await waitDone(page, 240_000);
  console.log(`train defaults finished in ${Date.now() - t0} ms`);
  const metrics = page.getByTestId('view-metrics');
  const accuracy = metrics.getByRole('figure', { name: 'Accuracy' });
  const loss = metrics.getByRole('figure', { name: 'Loss' });
  const testAcc = Number(await accuracy.locator('[data-series="test/accuracy"]').getAttribute('data-last'));
  const trainLoss = Number(await loss.locator('[data-series="train/loss"]').getAttribute('data-last'));
  console.log(`test accuracy ${testAcc}, final train loss ${trainLoss}`);
  expect(testAcc).toBeGreaterThanOrEqual(0.9);
  expect(trainLoss).toBeLessThan(0.4);
  // Series colours by name: train blue, test orange, on both charts.
  for (const chart of [accuracy, loss]) {
    await expect(
      chart.locator('[data-series$="train/accuracy"], [data-series$="train/loss"]').locator('.swatch'),
    ).toHaveCSS('background-color', 'rgb(78, 121, 167)');
    await expect(
      chart.locator('[data-series$="test/accuracy"], [data-series$="test/loss"]').locator('.swatch'),
    ).toHaveCSS('background-color', 'rgb(242, 142, 44)');
  }
  await expect(loss).toContainText('cross-entropy (nats)');
  // The confusion matrix's diagonal is the test accuracy of the same evaluation.
  const confusion = page.getByTestId('view-confusion');
  expect(Number(await confusion.getAttribute('data-accuracy'))).toBeCloseTo(testAcc, 6);
  await expect(confusion.locator('.color-legend')).toContainText('share of the true class');
  const tiles = page.getByTestId('learned-tiles');
  await expect(tiles.locator('.heatmap-panel')).toHaveCount(64);
  await expect(tiles.locator('.color-legend')).toContainText('learned weight (scaled 0–1 per unit)');
  // The learned weights sit on the digits: half again as much of their pattern in the image’s centre as the noisy raw weights (measured: 0.58 vs 0.28).
  const learned = Number(await page.getByTestId('learned-weights').getAttribute('data-centre-share'));
  const raw = Number(await page.getByTestId('raw-weights').getAttribute('data-centre-share'));
  console.log(`centre share of the tiles: learned ${learned}, raw weights ${raw}`);
  expect(learned).toBeGreaterThan(1.5 * raw);

  // Replay: at an early stop the curves end earlier, at a lower accuracy.
  const trainAcc = accuracy.locator('[data-series="train/accuracy"]');
  const finalTrain = Number(await trainAcc.getAttribute('data-last'));
  await page.getByTestId('step-scrubber').locator('input[type=range]').fill('2');
  await expect(trainAcc).not.toHaveAttribute('data-last', String(finalTrain));
  expect(Number(await trainAcc.getAttribute('data-last'))).toBeLessThan(finalTrain);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect(accuracy.locator('[data-series="test/accuracy"]')).toHaveAttribute('data-last', String(testAcc));

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: `${SHOTS}/train-1440-${theme}.png`, fullPage: true });
    await confusion.screenshot({ path: `${SHOTS}/train-confusion-${theme}.png` });
    // The headline: the two curves and the learned weights.
    await expect(loss).toHaveScreenshot(`train-loss-${theme}.png`, { maxDiffPixelRatio: 0.02 });
    await expect(accuracy).toHaveScreenshot(`train-accuracy-${theme}.png`, { maxDiffPixelRatio: 0.02 });
    await expect(tiles).toHaveScreenshot(`train-weights-${theme}.png`, { maxDiffPixelRatio: 0.02 });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await loss.screenshot({ path: `${SHOTS}/train-390-loss-${theme}.png` });
    await tiles.screenshot({ path: `${SHOTS}/train-390-weights-${theme}.png` });
  }
});
