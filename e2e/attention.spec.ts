import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { openRun } from './viewports.ts';

// A tiny sort config so SwiftShader finishes in seconds: the view, not the accuracy, is under test.
const SORT =
  'v=1&length=6&vocab=6&model=transformer&layers=1&features=16&heads=2&lr=0.01&batch=16&steps=30&evalSize=32';

/** Hovers a heatmap panel's cell at fractions (fx, fy) of the panel, after scrolling it into view. */
async function hoverPanel(page: Page, panel: Locator, fx: number, fy: number): Promise<void> {
  const cells = panel.locator('image');
  await cells.scrollIntoViewIfNeeded();
  const box = (await cells.boundingBox())!;
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
}

/** The largest attention weight drawn in each head's panel, in panel order. */
async function panelMaxima(maps: Locator): Promise<number[]> {
  return maps.locator('g.heatmap-panel').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-max'))));
}

test('sort attention: a layer × head grid of heatmaps with hover linking query and key', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/sort-attention?seed=1&${SORT}&run=1`);
  await waitDone(page, 75_000);
  const view = page.getByTestId('view-attention');
  await expect(view).toHaveAttribute('data-step', '30');
  const maps = view.getByTestId('attention-maps');
  await expect(maps.locator('g.heatmap-panel')).toHaveCount(2);
  // Every map is a probability over keys: drawn on the fixed 0–1 scale its legend states.
  await expect(maps.locator('.color-legend')).toContainText('attention weight (probability)');
  for (const max of await panelMaxima(maps)) expect(max).toBeLessThanOrEqual(1);
  await hoverPanel(page, maps.locator('g.heatmap-panel').first(), 0.75, 0.75);
  await expect(view.getByTestId('attention-readout')).toContainText(
    /query \d+ \(emits \d+\) → key \d+ \(holds \d+\): L0 \d\.\d\d\/\d\.\d\d/,
  );
  await page.screenshot({ path: test.info().outputPath('attention-sort.png') });
  await expect(
    view
      .getByRole('figure', { name: /Pointer mass/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(`sort attention run and view in ${Date.now() - t0} ms`);
});

// The headline: the ViT at its DEFAULTS must be a trained model (≥ 85% test accuracy) before its
// heads are worth looking at, and its heads must have moved away from the near-uniform maps of init.
test('ViT attention at the defaults: ≥ 85% test accuracy, heads sharper than at init, replay, both themes', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const seconds = await openRun(page, '/#/vit-attention?seed=1&run=1', 400_000);
  const view = page.getByTestId('view-attention');
  const maps = view.getByTestId('attention-maps');
  const steps = await view.getAttribute('data-step');
  expect(Number(steps)).toBeGreaterThan(0);
  const accuracy = Number(await view.getAttribute('data-test-accuracy'));
  expect(accuracy).toBeGreaterThanOrEqual(0.85);
  // Two layers × four heads, each with a row per query patch, wrapped inside the page (nothing cut off).
  await expect(maps.locator('g.heatmap-panel')).toHaveCount(8);
  const trained = await panelMaxima(maps);
  const figure = (await maps.boundingBox())!;
  const svg = (await maps.locator('svg').boundingBox())!;
  expect(svg.x + svg.width).toBeLessThanOrEqual(figure.x + figure.width + 1);
  await expect(view.getByTestId('attention-digit').locator('g.heatmap-panel')).toHaveCount(2 + 8 + 1);

  // Replay: the scrubber's first stop is the capture before training, with near-uniform heads.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect(view).toHaveAttribute('data-step', '0');
  const init = await panelMaxima(maps);
  await scrubber.fill((await scrubber.getAttribute('max'))!);
  await expect(view).toHaveAttribute('data-step', steps!);
  expect(await panelMaxima(maps)).toEqual(trained);
  const sharper = trained.filter((m, i) => m >= 2 * init[i]).length;
  console.log(
    `ViT defaults: test accuracy ${(accuracy * 100).toFixed(1)}% after ${steps} steps in ${seconds.toFixed(0)} s; ` +
      `largest weight per head at init ${init.map((m) => m.toFixed(2)).join(' ')}, trained ${trained.map((m) => m.toFixed(2)).join(' ')}`,
  );
  expect(sharper).toBeGreaterThanOrEqual(4);

  await hoverPanel(page, maps.locator('g.heatmap-panel').nth(1), 0.3, 0.6);
  await expect(view.getByTestId('attention-readout')).toContainText(/query \d+ → key \d+: L0 .* · L1 /);
  await page.screenshot({ path: test.info().outputPath('attention-vit-hover.png') });
  await page.mouse.move(0, 0);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(maps).toHaveScreenshot(`attention-headline-${theme}.png`, { maxDiffPixelRatio: 0.02 });
    await page.screenshot({ path: test.info().outputPath(`attention-vit-${theme}.png`), fullPage: true });
  }
});

test('lazy neuron: active-unit curves per layer for the three conditions', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(
    `/#/lazy-neuron?seed=1&v=1&condition=all&hidden=32,32&trainSize=128&lr=0.05&batch=32&epochs=2&probe=64&run=1`,
  );
  await waitDone(page, 75_000);
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
