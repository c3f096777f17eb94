import { expect, test, type Locator } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

/** The colour a chart's legend gives one series. */
const swatch = (fig: Locator, key: string) =>
  fig.locator(`[data-series="${key}"] .swatch`).evaluate((e) => getComputedStyle(e).backgroundColor);

// Tall, so the element screenshots show the whole view.
test.use({ viewport: { width: 1500, height: 2600 } });

test('lottery-ticket at its defaults: the first-layer mask keeps the digit centre over the border, and the views replay', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const t0 = Date.now();
  await page.goto('/#/lottery-ticket?v=1&seed=1&run=1');
  await expect(page.getByTestId('experiment')).toBeVisible();
  const view = page.getByTestId('view-masks');
  // While the dense net trains the view says what comes and when, instead of 64 all-kept tiles.
  await expect(view.getByTestId('masks-placeholder')).toContainText('after pruning round 1 of 4');
  await waitDone(page, 280_000);
  console.log(`lottery-ticket defaults finished in ${Date.now() - t0} ms`);

  await expect(view.getByTestId('round-value')).toHaveText('4');
  const survival = view.getByTestId('mask-survival');
  const ratio = Number(await survival.getAttribute('data-ratio'));
  const [centre, border] = [
    Number(await survival.getAttribute('data-centre')),
    Number(await survival.getAttribute('data-border')),
  ];
  console.log(`first-layer survival: centre ${centre}, border ${border}, ratio ${ratio}`);
  expect(ratio).toBeGreaterThanOrEqual(2);
  await expect(survival.locator('.color-legend')).toContainText('units keeping the pixel');

  const acc = view.getByTestId('acc-vs-remaining');
  const last = async (arm: string) => Number(await acc.locator(`[data-series="${arm}"]`).getAttribute('data-last'));
  const [ticket, reinit, random] = [await last('ticket'), await last('reinit'), await last('random')];
  console.log(`last round: ticket ${ticket}, reinit ${reinit}, random mask ${random}`);
  expect(ticket).toBeGreaterThan(Math.max(reinit, random));
  await expect(view.getByTestId('mask-heatmap')).toHaveCount(3);
  await expect(view.getByTestId('mask-tiles').locator('canvas')).toBeVisible();
  await expect(view.getByTestId('density-bars').locator('rect')).toHaveCount(9);
  await expect(view.getByTestId('thin-layers')).toHaveCount(0);
  await page.screenshot({ path: shots('lottery-1500-light.png'), fullPage: true });

  // The page's step scrubber replays the masks: an earlier clock shows an earlier round's map.
  const scrubber = page.getByTestId('step-scrubber').getByRole('slider');
  await scrubber.fill('2');
  const earlier = Number(await survival.getAttribute('data-round'));
  expect(earlier).toBeLessThan(4);
  expect(Number(await survival.getAttribute('data-ratio'))).toBeLessThan(ratio);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect(survival).toHaveAttribute('data-round', '4');
  await expect(survival).toHaveAttribute('data-ratio', String(ratio));

  // The headline in both themes, at this fixed seed.
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(survival).toHaveScreenshot(`pruning-headline-${theme}.png`, { maxDiffPixelRatio: 0.02 });
  }
  await page.screenshot({ path: shots('lottery-1500-dark.png'), fullPage: true });
  for (const [w, theme] of [
    [1440, 'light'],
    [390, 'dark'],
    [390, 'light'],
  ] as const) {
    await page.setViewportSize({ width: w, height: 2600 });
    await page.emulateMedia({ colorScheme: theme });
    await view.screenshot({ path: shots(`lottery-${w}-${theme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The round scrubber back to the dense round: every mask is full again.
  await view.getByLabel('IMP round').fill('0');
  await expect(view.getByTestId('round-value')).toHaveText('0');
  await expect(view.getByTestId('mask-heatmap').first()).toContainText('100.0% kept');
  await expect(survival).toHaveAttribute('data-ratio', '1');
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
  // Barrier (error, pt) and ticket accuracy are two quantities: two axes, each in its series' colour.
  const barrier = view.getByRole('figure', { name: /Error barrier and ticket accuracy vs rewind point/ });
  await expect(barrier.locator('svg path').first()).toBeVisible();
  await expect(barrier.locator('svg')).toContainText('error barrier (test error)');
  await expect(barrier.locator('svg')).toContainText('ticket test accuracy');
  expect(await swatch(barrier, 'barrier')).not.toBe(await swatch(barrier, 'ticket/acc-by-k'));
  await view.screenshot({ path: shots('rewind-1500-light.png') });
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
  // ERK keeps one colour from chart to chart; the x axis is the width, and a 2-point sweep has no smoothing.
  const accFig = view.getByRole('figure', { name: /^Test accuracy vs width/ });
  expect(await swatch(gap, 'gap/ERK')).toBe(await swatch(accFig, 'acc/ERK'));
  await expect(gap.locator('svg')).toContainText('hidden width (units, log)');
  await expect(view.getByRole('slider', { name: /^Smoothing/ })).toHaveCount(0);
  await view.screenshot({ path: shots('random-1500-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 2600 });
  await view.screenshot({ path: shots('random-390-dark.png') });
});
