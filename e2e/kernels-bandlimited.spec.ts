import { expect, test, type Locator } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults (2 bounds, 3 widths): tanh units fitting sin(16x), with A = 2
// far below ω and A = 32 above it. The views must show the plateau and the drop numerically.
const LINK = '/#/bandlimited?v=1&seed=1&bounds=2,32&widths=32,64,128&omegas=4,16,32&mapWidth=128&trainPoints=512&run=1';

const num = async (l: Locator, attr: string) => Number(await l.getAttribute(attr));

test('bandlimited random weights: A below ω plateaus, A above ω fits; replay and screenshots', async ({ page }) => {
  test.setTimeout(150_000);
  const seconds = await openRun(page, LINK, 120_000);

  const width = page.getByTestId('band-width-readout');
  const low = width.locator('[data-bound="2"]');
  const high = width.locator('[data-bound="32"]');
  const [lowFall, lowErr, highFall, highErr] = [
    await num(low, 'data-fall'),
    await num(low, 'data-error'),
    await num(high, 'data-fall'),
    await num(high, 'data-error'),
  ];
  const fit = page.getByTestId('band-fit-readout');
  const [fitLow, fitHigh] = [
    await num(fit.locator('[data-bound="2"]'), 'data-error'),
    await num(fit.locator('[data-bound="32"]'), 'data-error'),
  ];
  const drop = await num(page.getByTestId('band-map-readout').locator('[data-omega="16"]'), 'data-drop');
  console.log(
    `bandlimited link in ${seconds.toFixed(0)} s: A=2 error ${lowErr.toFixed(3)} (fall ×${lowFall.toFixed(3)}), ` +
      `A=32 error ${highErr.toFixed(4)} (fall ×${highFall.toFixed(1)}); curve errors ${fitLow.toFixed(3)} / ${fitHigh.toFixed(4)}; map drop at ω=16 ×${drop.toFixed(0)}`,
  );
  // The plateau: less than 10% fall over 4× the width, at an error near predicting 0.
  expect(lowFall).toBeLessThan(1 / 0.9);
  expect(lowErr).toBeGreaterThan(0.5);
  // Above ω the same widths fit: falling with width and ≥ 10× below the plateau, in all three figures.
  expect(highFall).toBeGreaterThan(2);
  expect(highErr * 10).toBeLessThan(lowErr);
  expect(fitHigh * 10).toBeLessThan(fitLow);
  expect(drop).toBeGreaterThan(10);
  await expect(page.getByTestId('band-boundary')).toHaveCount(1);
  await expect(page.getByTestId('band-map').locator('.color-legend')).toContainText('relative error');

  // Replay: early in the run only A = 2 has been fitted and the heatmap is not there yet.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('1');
  await expect(page.getByTestId('band-map')).toHaveCount(0);
  await expect(high).toHaveCount(0);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect
    .poll(() => num(page.getByTestId('band-width-readout').locator('[data-bound="32"]'), 'data-error'))
    .toBe(highErr);

  await shootViewports(page, 'bandlimited', [{ at: page.getByTestId('view-band-fit'), shoot: 'page' }], {
    desktop: 1800,
    phone: 2600,
  });
});
