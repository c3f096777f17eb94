import { expect, test } from '@playwright/test';

// A tiny sweep so SwiftShader finishes in seconds: the view, not the effect, is under test.
const RFA =
  'v=1&target=keys-quadratic&keys=4&dim=3&heads=4&qkStd=0.25&qkMean=1&sizes=16,32,64&testSize=64&valSize=32&seeds=2';

test('random-feature attention: learning curves of every model and seed, and the heads’ attention', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/random-feature-attention?seed=1&${RFA}&run=1`);
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 75_000,
  });
  const view = page.getByTestId('view-random-features');
  // 3 models (zero-mean and nonzero-mean attention, MLP) × 2 seeds × 3 sizes.
  await expect(view.getByTestId('rfa-point')).toHaveCount(18);
  await expect(view.getByTestId('rfa-heads')).toBeVisible();
  console.log(`random-feature attention run and view in ${Date.now() - t0} ms`);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('random-features.png'), fullPage: true });
});
