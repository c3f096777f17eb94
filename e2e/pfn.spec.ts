import { expect, test } from '@playwright/test';

// A tiny PFN so SwiftShader finishes in seconds: the view, not the fit, is under test.
const PFN =
  'v=1&lengthScale=0.3&noise=0.1&points=12&maxContext=6&layers=1&features=16&heads=2&lr=0.003&batch=8&steps=20&evalTasks=16&examples=3';

test('PFN: predictive bands over the exact GP posterior, and the NLL curves', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/pfn-gp?seed=1&${PFN}&run=1`);
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 75_000,
  });
  const view = page.getByTestId('view-pfn');
  await expect(view).toHaveAttribute('data-step', '20');
  const bands = view.getByTestId('pfn-bands');
  await expect(bands).toHaveCount(3);
  // Per task: GP band, PFN band, GP mean, PFN mean, then one dot per context point (2, 4 and 6).
  await expect(bands.first().locator('path')).toHaveCount(4);
  await expect(bands.nth(2).locator('circle')).toHaveCount(6);
  await expect(view.getByTestId('pfn-readout')).toContainText(/PFN -?\d\.\d{3}, exact GP -?\d\.\d{3}, prior \d\.\d{3}/);
  await expect(
    view
      .getByRole('figure', { name: /NLL per query point/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(`PFN run and view in ${Date.now() - t0} ms`);
  await view.getByTestId('pfn-readout').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('pfn-gp.png') });
  await view.getByRole('figure', { name: /NLL per query point/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('pfn-gp-nll.png') });
});
