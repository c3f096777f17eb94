import { expect, test } from '@playwright/test';

// A tiny hull run so SwiftShader finishes in seconds: the view, not the accuracy, is under test.
const HULL =
  'v=1&task=hull&minLength=4&maxLength=6&testLengths=6,9&layers=1&features=16&heads=2&lr=0.003&batch=16&steps=10&evalSize=16';

test('pointer network: points with the predicted hull, pointer heatmap and accuracy-vs-length bars', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(`/#/pointer-network?seed=1&${HULL}&run=1`);
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 100_000,
  });
  const view = page.getByTestId('view-pointer');
  await expect(view).toHaveAttribute('data-step', '10');
  await expect(view.getByTestId('pointer-heatmap')).toBeVisible();
  await expect(view.getByTestId('pointer-points').locator('circle')).toHaveCount(6);
  await expect(view.getByTestId('pointer-bars').locator('rect')).toHaveCount(4);
  await view.getByRole('button', { name: 'n = 9' }).click();
  await expect(view.getByTestId('pointer-points').locator('circle')).toHaveCount(9);
  console.log(`pointer network run and view in ${Date.now() - t0} ms`);
  await view.screenshot({ path: test.info().outputPath('pointer-network.png') });
  await view.getByTestId('pointer-bars').screenshot({ path: test.info().outputPath('pointer-bars.png') });
});
