import { expect, test } from '@playwright/test';

// Tiny on purpose (SwiftShader): a 5×5 (C_b, C_W) grid of 4 inits each, depth 6, width 16.
const TINY = 'v=1&activation=relu&depth=6&width=16&ensemble=4&gridSize=5&cbMax=0.5&cwMin=0.5&cwMax=3&kurtosisInits=64';

test('a small criticality run draws the phase map with its critical point, and the kurtosis fit', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(`/#/criticality?seed=1&${TINY}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  const view = page.getByTestId('view-criticality');
  await expect(view).toHaveAttribute('data-map', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  const map = view.getByTestId('criticality-map');
  await expect(map).toHaveAttribute('data-cells', '25');
  await expect(map.locator('rect')).toHaveCount(25);
  await expect(map.getByTestId('critical-point')).toBeVisible();
  await expect(
    view
      .getByRole('figure', { name: /kurtosis/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(`criticality run finished in ${Date.now() - t0} ms`);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('criticality.png'), fullPage: true });
  // The views grid scrolls inside the page: bring the curves into the viewport for more shots.
  for (const [name, figure] of [
    ['variance', /Preactivation variance/],
    ['kurtosis', /kurtosis/],
  ] as const) {
    await view.getByRole('figure', { name: figure }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`criticality-${name}.png`) });
  }
});
