import { expect, test } from '@playwright/test';
import { openRun } from './viewports.ts';

// The DEFAULTS: trained on lengths 5–10, the network must sort inputs of 15 and 20 it never saw.
test('pointer network at the defaults: sorts unseen lengths, with the pointer heatmap and the bars', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const seconds = await openRun(page, '/#/pointer-network?seed=1&run=1', 280_000);
  const view = page.getByTestId('view-pointer');
  await expect(view).toHaveAttribute('data-step', '100');
  const bars = view.getByTestId('pointer-bars');
  const exact = await bars
    .locator('rect[data-kind=exact]')
    .evaluateAll((rs) => rs.map((r) => [Number(r.getAttribute('data-n')), Number(r.getAttribute('data-value'))]));
  console.log(`pointer defaults in ${seconds.toFixed(0)} s: exact match ${JSON.stringify(exact)}`);
  expect(exact.map(([n]) => n)).toEqual([10, 15, 20]);
  for (const [, v] of exact) expect(v).toBeGreaterThanOrEqual(0.9);

  // The pointer distribution at each decoding step, on the 0–1 probability scale with its legend.
  const heat = view.getByTestId('pointer-heatmap');
  await expect(heat.locator('.color-legend')).toContainText('pointer weight (probability)');
  expect(Number(await heat.getAttribute('data-max'))).toBeLessThanOrEqual(1);
  await expect(view.getByTestId('pointer-points').locator('circle')).toHaveCount(2 * 10);
  await view.getByRole('button', { name: 'n = 20' }).click();
  // Rings (the sorted order) and the dots of the answer: one each per input.
  await expect(view.getByTestId('pointer-points').locator('circle')).toHaveCount(2 * 20);
  await view.screenshot({ path: test.info().outputPath('pointer-network.png') });
});
