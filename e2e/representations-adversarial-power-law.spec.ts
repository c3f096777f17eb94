import { expect, test } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: 500 training images, 2 epochs, 200 attacked images, 8 radii.
const LINK =
  '/#/adversarial-power-law?v=1&seed=1&trainSize=500&testSize=200&epochs=2&epsCount=8&epsMin=0.002&fitMax=0.05&run=1';

test('adversarial power law: every model gets a fitted exponent and R², the control stays below the attack', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const seconds = await openRun(page, LINK, 220_000);
  const view = page.getByTestId('view-adversarial-power-law');
  const fits = await view
    .getByTestId('power-law-fits')
    .locator('[data-model]')
    .evaluateAll((els) =>
      els.map((e) => ({
        model: e.getAttribute('data-model'),
        exponent: Number(e.getAttribute('data-exponent')),
        r2: Number(e.getAttribute('data-r2')),
        clean: Number(e.getAttribute('data-clean')),
      })),
    );
  console.log(`adversarial-power-law link in ${seconds.toFixed(0)} s: ${JSON.stringify(fits)}`);
  expect(fits.map((f) => f.model)).toEqual(['linear', 'mlp', 'cnn']);
  for (const f of fits) {
    // Trained above chance, and FGSM error grows with ε: a positive exponent, a line that explains most of the variance.
    expect(f.clean).toBeGreaterThan(0.5);
    expect(f.exponent).toBeGreaterThan(0.3);
    expect(f.r2).toBeGreaterThan(0.5);
    expect(f.r2).toBeLessThanOrEqual(1);
  }
  // The link trains on the true labels and attacks its 200 test images; the view says so.
  const labels = view.getByTestId('power-law-labels');
  await expect(labels).toHaveAttribute('data-labels', 'true');
  await expect(labels).toContainText('attacked: 200 test images');
  // Three solid attack lines and three dashed control lines, and originals + three models' images.
  await expect(view.getByRole('figure', { name: /adversarial error vs ε/ }).locator('path')).not.toHaveCount(0);
  await expect(view.getByTestId('adversarial-examples')).toBeVisible();

  await shootViewports(page, 'adversarial-power-law', [{ at: view, shoot: 'page' }], { desktop: 1400, phone: 2400 });
});
