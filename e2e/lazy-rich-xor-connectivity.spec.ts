import { expect, test } from '@playwright/test';

// Scaled-down XOR run inside the signal window 4d/n < ‖μ‖² < d/√n (80 < 100 < 126), so it shows
// both phases in seconds on SwiftShader.
const XOR = 'v=1&dim=800&trainSize=40&testSize=400&width=40&noise=0.1&signal=10&init=0.000001&lr=0.1&steps=60';
const CONN = 'v=1&dim=8&width=16&trainSize=32&directions=2&lr=4&target=0.1&steps=400';

test('the XOR run plots accuracies and the neurons in the cluster plane', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/#/xor-benign-overfitting?seed=1&${XOR}&run=1`);
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
  const plane = page.getByTestId('view-xor-plane');
  await expect(plane.locator('svg circle').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('lazy-rich-xor.png'), fullPage: true });
  await plane.screenshot({ path: test.info().outputPath('lazy-rich-xor-plane.png') });
});

test('the connectivity sweep adds one point per rank to every laziness plot', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/#/connectivity-rank?seed=1&${CONN}&run=1`);
  const view = page.getByTestId('view-connectivity-rank');
  await expect(view).toHaveAttribute('data-points', '4', { timeout: 90_000 });
  for (const name of [
    /Weight change/,
    /Kernel change/,
    /Kernel direction/,
    /Representation change/,
    /Steps to the target/,
  ])
    await expect(view.getByRole('figure', { name }).locator('svg path').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('lazy-rich-connectivity.png'), fullPage: true });
  await view
    .getByRole('figure', { name: /Kernel direction/ })
    .screenshot({ path: test.info().outputPath('lazy-rich-connectivity-view.png') });
});
