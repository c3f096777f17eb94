import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// The DEFAULTS: on a target symmetric in the keys, random-feature attention must learn where the
// random-feature MLP with as many features does not.
test('random-feature attention at the defaults: attention learns the symmetric target, the MLP does not', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  await page.goto('/#/random-feature-attention?seed=1&run=1');
  await waitDone(page, 170_000);
  const view = page.getByTestId('view-random-features');
  // 2 models (the nonzero-mean arm is off at the defaults) × 3 seeds × 5 sizes.
  await expect(view.getByTestId('rfa-point')).toHaveCount(30);
  const mean = async (model: string, n: number) =>
    Number(await view.locator(`[data-testid=rfa-mean][data-model=${model}][data-n="${n}"]`).getAttribute('data-value'));
  const attention = await mean('attention', 1024);
  const mlp = await mean('mlp', 1024);
  console.log(
    `random-feature attention defaults in ${Date.now() - t0} ms: test MSE / Var(y) at n = 1024 attention ${attention.toFixed(3)}, MLP ${mlp.toFixed(3)}`,
  );
  expect(attention).toBeLessThan(0.5);
  expect(mlp).toBeGreaterThan(0.9);
  await expect(view.getByTestId('rfa-heads').locator('.color-legend')).toContainText('attention weight (probability)');
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('random-features.png'), fullPage: true });
});
