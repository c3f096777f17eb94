import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// A small α sweep (3 values, few steps, a tiny problem) so SwiftShader finishes it in seconds.
const SWEEP =
  'v=1&alpha=8&sweep=3&alphaMin=0.5&dim=12&trainSize=40&testSize=60&width=32&eps=0.3&lrScale=1&steps=150&linearized=true';

test('an α sweep fills the lazy-rich sweep plot point by point', async ({ page }) => {
  test.setTimeout(180_000);
  // Record every value the sweep's point count takes: polling could miss a short-lived one on a busy machine.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { sweepPoints: string[] }).sweepPoints = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (el.getAttribute('data-testid') === 'view-lazy-rich-sweep') seen.push(el.getAttribute('data-points') ?? '');
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-points'] });
  });
  const t0 = Date.now();
  await page.goto(`/#/grokking-lazy-rich?seed=1&${SWEEP}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  const sweep = page.getByTestId('view-lazy-rich-sweep');
  await expect(sweep).toHaveAttribute('data-points', '3', { timeout: 120_000 });
  const seen = await page.evaluate(() => (window as unknown as { sweepPoints: string[] }).sweepPoints.map(Number));
  // Point by point: the plot showed a partial sweep before the last point, and the count never went back.
  expect(seen.some((n) => n > 0 && n < 3)).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });
  const loss = page.getByTestId('view-lazy-rich').getByRole('figure', { name: /Loss/ });
  await expect(loss.locator('svg path').first()).toBeVisible();
  await expect(
    sweep
      .getByRole('figure', { name: /Grokking delay/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(`α sweep of 3 finished in ${Date.now() - t0} ms; point counts seen: ${seen.join(',')}`);
  await page.getByTestId('view-lazy-rich').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('lazy-rich-sweep.png'), fullPage: true });
});

// Kumar et al.'s grokking at the defaults (α = 1): train loss falls first, test loss waits near the
// initial-kernel plateau, then falls ~10× later.
test('lazy-rich grokking: test loss reaches 10% long after train does, at the defaults', async ({ page }) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await page.goto('/#/grokking-lazy-rich?seed=1&run=1');
  await waitDone(page, 120_000);
  const view = page.getByTestId('view-lazy-rich');
  const num = async (name: string) => Number(await view.getAttribute(`data-${name}`));
  const [trainHit, testHit, atTrainHit, k0, initialTest] = await Promise.all(
    ['train-hit', 'test-hit', 'test-at-train-hit', 'k0', 'initial-test'].map(num),
  );
  console.log(
    `grokking-lazy-rich defaults: ${((Date.now() - t0) / 1000).toFixed(0)} s; train at 10% by step ${trainHit}, ` +
      `test then ${atTrainHit} (K₀ regression ${k0}, initial ${initialTest}), test at 10% by step ${testHit}`,
  );
  expect(trainHit).toBeGreaterThan(0);
  // When train has fit, test has barely moved: it is still above the kernel-regression plateau's half.
  expect(atTrainHit).toBeGreaterThan(0.5 * k0);
  expect(testHit / trainHit).toBeGreaterThanOrEqual(5);
  await page.screenshot({ path: test.info().outputPath('grokking-lazy-rich.png'), fullPage: true });
});

// Modular-addition grokking at the defaults: the headline effect, its replay, and its look in both themes.
test('modular grokking generalizes long after it memorizes, at the defaults', async ({ page }) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await page.goto('/#/grokking-modular?seed=1&run=1');
  const view = page.getByTestId('view-grok-modular');
  await waitDone(page, 120_000);
  const secs = (Date.now() - t0) / 1000;
  const num = async (name: string) => Number(await view.getAttribute(`data-${name}`));
  const [memorized, atMemorized, test90, delay, finalTest] = await Promise.all(
    ['memorized', 'test-at-memorized', 'test90', 'delay', 'final-test'].map(num),
  );
  console.log(
    `grokking-modular defaults: ${secs.toFixed(0)} s; train ≥ 99% at step ${memorized} (test then ${atMemorized}), ` +
      `test ≥ 90% at ${test90}, delay ${delay.toFixed(1)}×, final test ${finalTest}`,
  );
  // Train reaches ~100% first, while test is still far from it; test reaches 90% much later.
  expect(memorized).toBeGreaterThan(0);
  expect(atMemorized).toBeLessThan(0.2);
  expect(test90).toBeGreaterThan(memorized);
  expect(delay).toBeGreaterThanOrEqual(5);
  expect(finalTest).toBeGreaterThanOrEqual(0.9);
  // The accuracy chart draws the same numbers: its legend ends at the view's final test accuracy.
  const accuracy = view.getByRole('figure', { name: /Accuracy/ });
  await expect(accuracy.locator('[data-series="test/accuracy"]')).toHaveAttribute('data-last', String(finalTest));

  // Replay: an early stop of the scrubber shows the run before it generalized, and Latest brings it back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  const stops = Number(await scrubber.getAttribute('max'));
  await scrubber.fill(String(Math.floor(stops / 4)));
  await expect.poll(() => num('last-step')).toBeLessThan(test90);
  expect(await num('final-test')).toBeLessThan(0.9);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(() => num('final-test')).toBe(finalTest);

  await accuracy.scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: test.info().outputPath(`grokking-modular-${theme}.png`), fullPage: true });
    await expect(accuracy).toHaveScreenshot(`lazy-rich-headline-${theme}.png`, { maxDiffPixelRatio: 0.02 });
  }
});
