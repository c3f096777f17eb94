import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

test('criticality at the defaults: variance shrinks below the critical C_W, grows above, and keeps at it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto('/#/criticality?seed=1&run=1');
  await expect(page.getByTestId('experiment')).toBeVisible();
  const view = page.getByTestId('view-criticality');
  await expect(view).toHaveAttribute('data-map', 'ready', { timeout: 60_000 });
  await waitDone(page, 60_000);
  const num = async (name: string) => Number(await view.getAttribute(`data-${name}`));
  const [below, critical, above] = await Promise.all(['growth-below', 'growth-critical', 'growth-above'].map(num));
  console.log(
    `criticality defaults: ${((Date.now() - t0) / 1000).toFixed(0)} s; log₁₀ K^(L)/K^(1) ` +
      `below ${below.toFixed(2)}, critical ${critical.toFixed(2)}, above ${above.toFixed(2)}`,
  );
  expect(below).toBeLessThan(-0.5);
  expect(above).toBeGreaterThan(0.5);
  expect(Math.abs(critical)).toBeLessThan(Math.min(-below, above));
  // The phase map spans both phases (blue and red cells), with its legend, critical point and edge of chaos.
  const map = view.getByTestId('criticality-map');
  expect(Number(await map.getAttribute('data-min'))).toBeLessThan(-0.5);
  expect(Number(await map.getAttribute('data-max'))).toBeGreaterThan(0.5);
  await expect(map.locator('.color-legend')).toContainText('decades');
  await expect(map.getByTestId('critical-point')).toBeVisible();
  // (For ReLU the edge is the flat line C_W = 2: a path of zero height, which Playwright counts as hidden.)
  await expect(map.getByTestId('edge-of-chaos')).toHaveAttribute('d', /^M[^L]+L/);
  // The kurtosis fit rises with L/n.
  const kurtosis = view.getByRole('figure', { name: /kurtosis/ });
  expect(Number(await kurtosis.locator('[data-series="fit"]').getAttribute('data-last'))).toBeGreaterThan(0);
  await map.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('criticality.png') });
});
