import { expect, test, type Page } from '@playwright/test';

// Tiny configs so SwiftShader finishes each in seconds: the views, not the accuracy, are under test.
const SORT =
  'v=1&length=6&vocab=6&model=transformer&layers=1&features=16&heads=2&lr=0.01&batch=16&steps=30&evalSize=32';
const VIT = 'v=1&trainSize=96&testSize=64&patch=7&layers=2&features=16&heads=2&lr=0.003&batch=48&epochs=1&examples=3';

/** Hovers a heatmap cell (after scrolling, so the hover is in the picture) and saves the page. */
async function hoverAndShoot(page: Page, nth: number, fx: number, fy: number, name: string): Promise<void> {
  const map = page.getByTestId('view-attention').getByTestId('attention-heatmap').nth(nth);
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  await expect(page.getByTestId('attention-readout')).toContainText('query');
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test('sort attention: a layer × head grid of heatmaps with hover linking query and key', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/sort-attention?seed=1&${SORT}&run=1`);
  const view = page.getByTestId('view-attention');
  await expect(view.getByTestId('attention-heatmap')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(view).toHaveAttribute('data-step', '30');
  await hoverAndShoot(page, 0, 0.75, 0.75, 'attention-sort');
  await expect(view.getByTestId('attention-readout')).toContainText(
    /query \d+ \(emits \d+\) → key \d+ \(holds \d+\): L0 \d\.\d\d\/\d\.\d\d/,
  );
  await expect(
    view
      .getByRole('figure', { name: /Pointer mass/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(`sort attention run and view in ${Date.now() - t0} ms`);
});

test('ViT attention: heatmaps, overlays on the digit and the rollout', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/vit-attention?seed=1&${VIT}&run=1`);
  const view = page.getByTestId('view-attention');
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 75_000,
  });
  await expect(view).toHaveAttribute('data-step', '2');
  await expect(view.getByTestId('attention-heatmap')).toHaveCount(4);
  // One mean-of-heads overlay per layer, one per head, and the rollout.
  await expect(view.getByTestId('attention-overlay')).toHaveCount(2 + 4);
  await expect(view.getByTestId('attention-rollout')).toBeVisible();
  await hoverAndShoot(page, 1, 0.3, 0.6, 'attention-vit');
  await expect(view.getByTestId('attention-readout')).toContainText(/query \d+ → key \d+: L0 .* · L1 /);
  console.log(`ViT attention run and view in ${Date.now() - t0} ms`);
});

test('lazy neuron: active-unit curves per layer for the three conditions', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(
    `/#/lazy-neuron?seed=1&v=1&condition=all&hidden=32,32&trainSize=128&lr=0.05&batch=32&epochs=2&probe=64&run=1`,
  );
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 75_000,
  });
  const view = page.getByTestId('view-activation-sparsity');
  for (const layer of ['fc1', 'fc2'])
    await expect(
      view
        .getByRole('figure', { name: new RegExp(`Active units · ${layer}`) })
        .locator('svg path')
        .first(),
    ).toBeVisible();
  console.log(`lazy neuron run and view in ${Date.now() - t0} ms`);
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('attention-lazy-neuron.png') });
});
