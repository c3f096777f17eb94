import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// Tiny on purpose (SwiftShader): a 784-16-10 MLP, 60 steps, a 9×9 PCA plane on 100 examples.
const SLICE =
  'v=1&dataset=mnist&trainSize=500&hidden=16&steps=60&batch=50&lr=0.05&directions=pca&resolution=9&span=1&evalSize=100&checkpoints=10';

const DONE_TIMEOUT = 90_000;

test('a small 2-D landscape slice renders its contours, trajectory, wireframe and 1-D curve', async ({ page }) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await page.goto(`/#/landscape-slice?seed=1&${SLICE}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  await waitDone(page, DONE_TIMEOUT);
  console.log(`landscape slice run finished in ${Date.now() - t0} ms`);
  const surface = page.getByTestId('view-landscape-surface');
  await expect(surface.getByTestId('landscape-contour').locator('path').first()).toBeVisible();
  await expect(surface.getByTestId('landscape-trajectory').locator('circle')).toHaveCount(11);
  await expect(surface.getByTestId('landscape-wireframe').locator('path').first()).toBeVisible();
  // Init → trained is monotone here, so the barrier is ~0 and its marker has no length.
  await expect(page.getByTestId('view-landscape-line').getByTestId('landscape-line-chart')).toContainText(
    'error barrier',
  );
  await surface.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('landscape-slice.png'), fullPage: true });
});

test('a plane through three checkpoints marks initialization, middle and trained weights', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`/#/landscape-slice?seed=1&${SLICE.replace('directions=pca', 'directions=checkpoints')}&run=1`);
  await waitDone(page, DONE_TIMEOUT);
  const surface = page.getByTestId('view-landscape-surface');
  const points = surface.getByTestId('landscape-plane-points');
  await expect(points.locator('rect')).toHaveCount(3);
  await expect(points).toContainText('initialization');
  await expect(points).toContainText('step 60');
  await surface.scrollIntoViewIfNeeded();
  await surface.screenshot({ path: test.info().outputPath('landscape-plane-checkpoints.png') });
});

test('sharpness is traced against 2/η under full-batch gradient descent', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/#/landscape-sharpness?seed=1&v=1&dataset=mnist&trainSize=100&hidden=8&steps=20&lr=0.1&every=10&iterations=4&run=1',
  );
  await waitDone(page, DONE_TIMEOUT);
  const chart = page.getByTestId('view-landscape-sharpness').getByRole('figure', { name: 'Sharpness vs 2/η' });
  await expect(chart.locator('[data-series="sharpness"]')).toBeVisible();
  await expect(chart.locator('[data-series="threshold"]')).toHaveAttribute('data-last', '20');
});

test('opposing outlier groups are shown with their images and loss traces, GD and Adam', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(
    '/#/landscape-outliers?seed=1&v=1&dataset=mnist&trainSize=100&hidden=32&steps=40&lr=0.3&adamLr=0.003&every=20&iterations=3&k=4&spikes=2&window=5&run=1',
  );
  await waitDone(page, DONE_TIMEOUT);
  console.log(`landscape outliers run finished in ${Date.now() - t0} ms`);
  const view = page.getByTestId('view-landscape-outliers');
  await expect(view.getByTestId('outliers-gd').getByTestId('outlier-spike').first()).toBeVisible();
  await expect(view.getByTestId('outliers-gd').locator('canvas').first()).toBeVisible();
  await expect(
    view.getByRole('figure', { name: 'Full-batch loss: GD vs Adam' }).locator('[data-series="adam/loss"]'),
  ).toBeVisible();
  await view.getByTestId('outlier-spike').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('landscape-outliers.png'), fullPage: true });
});

test('a random teacher: student and teacher probe accuracies are traced', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/#/landscape-random-teacher?seed=1&v=1&dataset=mnist&trainSize=300&probeSize=200&testSize=200&hidden=32,32&out=16&steps=40&batch=32&lr=0.001&every=20&run=1',
  );
  await waitDone(page, DONE_TIMEOUT);
  const chart = page.getByTestId('view-landscape-teacher').getByRole('figure', { name: 'Linear-probe test accuracy' });
  await expect(chart.locator('[data-series="probe/student"]')).toHaveAttribute('data-last', /^0\.\d+/);
  await expect(chart.locator('[data-series="probe/teacher"]')).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('landscape-teacher.png') });
});
