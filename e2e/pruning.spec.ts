import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// A tiny IMP (SwiftShader runs the kernels on the CPU): a 64-32 MLP, 400 images, 2 rounds.
const SMALL =
  'v=1&dataset=mnist&trainSize=400&testSize=200&hidden=64,32&batch=50&epochs=2&lr=0.003&rounds=2&rate=0.5&outputRate=0.25&controls=true&seeds=1';

// Tall, so the element screenshots show the whole view.
test.use({ viewport: { width: 1500, height: 2600 } });

test('a small IMP run renders the masks view and the round scrubber updates it', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(`/#/lottery-ticket?seed=1&${SMALL}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  await waitDone(page, 100_000);
  console.log(`small IMP finished in ${Date.now() - t0} ms`);

  const view = page.getByTestId('view-masks');
  await expect(view.getByTestId('mask-heatmap')).toHaveCount(3);
  await expect(view.getByTestId('mask-tiles').locator('canvas')).toBeVisible();
  await expect(view.getByTestId('mask-survival').locator('canvas')).toBeVisible();
  await expect(view.getByTestId('density-bars').locator('rect')).toHaveCount(9);
  const acc = view.getByTestId('acc-vs-remaining');
  for (const arm of ['ticket', 'reinit', 'random']) await expect(acc.locator(`[data-series="${arm}"]`)).toHaveCount(1);
  expect(Number(await acc.locator('[data-series="ticket"]').getAttribute('data-last'))).toBeGreaterThan(0.4);
  await expect(view.getByTestId('round-value')).toHaveText('2');
  // Layer-wise pruning to 25% leaves no layer nearly empty.
  await expect(view.getByTestId('thin-layers')).toHaveCount(0);
  await view.screenshot({ path: test.info().outputPath('pruning-01-done.png') });

  // Scrub back to the dense round: every mask is full again.
  await view.getByLabel('IMP round').fill('0');
  await expect(view.getByTestId('round-value')).toHaveText('0');
  await expect(view.getByTestId('mask-heatmap').first()).toContainText('100.0% kept');
  await view.screenshot({ path: test.info().outputPath('pruning-02-round0.png') });
});

test('a small rewinding run draws the interpolation curves and the barrier', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(
    '/#/lottery-rewind?seed=1&v=1&dataset=mnist&trainSize=400&testSize=200&hidden=64,32&batch=50&epochs=2&optimizer=sgd&lr=0.1&rounds=1&rate=0.7&outputRate=0.7&scope=global&rewinds=0,25&run=1',
  );
  await waitDone(page, 100_000);
  console.log(`small rewinding run finished in ${Date.now() - t0} ms`);
  const view = page.getByTestId('view-masks');
  const interp = view.getByRole('figure', { name: /Test error along the line between two copies/ });
  await expect(interp.locator('[data-series="interp/k=0%"]')).toHaveCount(1);
  await expect(interp.locator('[data-series="interp/k=25%"]')).toHaveCount(1);
  await expect(
    view
      .getByRole('figure', { name: /Error barrier vs rewind point/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  await view.screenshot({ path: test.info().outputPath('pruning-03-rewind.png') });
});

test('a preset link under the explanation loads its setting, keeping the seed', async ({ page }) => {
  await page.goto('/#/lottery-rewind?v=1&seed=3');
  const presets = page.getByTestId('presets');
  await expect(presets.getByRole('link')).toHaveCount(3);
  await presets.screenshot({ path: test.info().outputPath('pruning-09-presets.png') });
  await presets.getByRole('link', { name: 'Unstable at init: a small init' }).click();
  await expect(page).toHaveURL(/initScale=0\.2\b/);
  await expect(page).toHaveURL(/seed=3&/);
  await expect(page.getByLabel('Init scale', { exact: true })).toHaveValue('0.2');
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('fashion-mnist');
  await expect(page.getByLabel(/^Rewind points/)).toHaveValue('0, 10');
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
});

test('global pruning that all but empties the input layer says so under the density bars', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/#/lottery-rewind?seed=1&v=1&dataset=mnist&trainSize=400&testSize=200&hidden=64,32&batch=50&epochs=2&optimizer=sgd&lr=0.1&rounds=1&rate=0.99&outputRate=0.5&scope=global&rewinds=0&run=1',
  );
  await waitDone(page, 100_000);
  const bars = page.getByTestId('view-masks').getByTestId('density-bars');
  await expect(bars.getByTestId('thin-layers')).toContainText(/IMP keeps [\d.]+% of fc1\b/);
  await expect(bars.getByTestId('thin-layers')).toContainText('layer collapse');
  await bars.screenshot({ path: test.info().outputPath('pruning-08-thin-layer.png') });
});

test('a small random-pruning sweep draws the gap against width', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/#/random-pruning?seed=1&v=1&dataset=mnist&trainSize=400&testSize=200&hidden=16,64&batch=50&epochs=2&optimizer=adam&lr=0.003&density=0.1&run=1',
  );
  await waitDone(page, 100_000);
  const view = page.getByTestId('view-masks');
  const gap = view.getByRole('figure', { name: /Dense − random-sparse accuracy gap vs width/ });
  await expect(gap.locator('[data-series="gap/ERK"]')).toHaveCount(1);
  await expect(gap.locator('[data-series="gap/uniform"]')).toHaveCount(1);
  await expect(view.getByTestId('density-bars').locator('rect')).toHaveCount(6);
  await view.screenshot({ path: test.info().outputPath('pruning-04-random.png') });
});
