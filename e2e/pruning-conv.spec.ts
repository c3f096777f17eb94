import { expect, test } from '@playwright/test';

// Conv-2 tickets (SwiftShader runs the kernels on the CPU): 1/16 width (4 channels, FC 16-16-10), 200 MNIST images, one round.
const CONV = 'v=1&model=conv2&width=0.0625&dataset=mnist&trainSize=200&testSize=100&hidden=64,32&batch=50&epochs=1&optimizer=sgd&lr=0.05&rounds=1&rate=0.5&outputRate=0.25&scope=global&rewinds=0,25';

test.use({ viewport: { width: 1500, height: 2600 } });

test('a Conv-2 rewinding run draws conv masks as per-filter kernel tiles', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/#/lottery-rewind?seed=1&${CONV}&run=1`);
  const status = page.getByTestId('run-line').locator('[data-status]');
  await expect(status).toHaveAttribute('data-status', /done|failed|diverged/, { timeout: 280_000 });
  await expect(status).toHaveAttribute('data-status', 'done');
  const view = page.getByTestId('view-masks');
  // conv1 [4, 1, 3, 3] and conv2 [4, 4, 3, 3] as kernel tiles; fc1..fc3 as [in, out] heatmaps.
  await expect(view.getByTestId('conv-mask')).toHaveCount(2);
  await expect(view.getByTestId('mask-heatmap')).toHaveCount(3);
  await expect(view.getByTestId('conv-mask').first()).toContainText('4 filters × 1 channels of 3×3');
  await expect(view.getByTestId('mask-tiles')).toHaveCount(0);
  await view.screenshot({ path: 'test-results/screenshots/pruning-05-conv.png' });
  await view.getByTestId('conv-mask').nth(1).screenshot({ path: 'test-results/screenshots/pruning-06-conv2-mask.png' });
});
