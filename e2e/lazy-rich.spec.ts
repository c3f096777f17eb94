import { expect, test } from '@playwright/test';

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

// Modular-addition grokking, tiny: memorization (train ≥ 99%) is marked within a few dozen steps.
const MOD =
  'v=1&modulus=13&trainFraction=0.6&width=32&activation=quadratic&lr=0.03&weightDecay=1&sweep=1&weightDecayMin=0.03&initScale=1&steps=120';

test('modular grokking marks memorization on the log-step accuracy plot', async ({ page }) => {
  test.setTimeout(90_000);
  const t0 = Date.now();
  await page.goto(`/#/grokking-modular?seed=1&${MOD}&run=1`);
  const view = page.getByTestId('view-grok-modular');
  await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(view).not.toHaveAttribute('data-memorized', '');
  await expect(
    view
      .getByRole('figure', { name: /Accuracy/ })
      .locator('svg path')
      .first(),
  ).toBeVisible();
  console.log(
    `modular run of 120 steps finished in ${Date.now() - t0} ms; generalized at ${await view.getAttribute('data-generalized')}`,
  );
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('lazy-rich-modular.png'), fullPage: true });
});
