import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A smaller link than the defaults (64 hypotheses per data set, two batches of 32, so the bits
// have two points to replay): CIFAR-10 must need more bits than MNIST, and so must the
// shuffled-label control; the histograms must hold every sampled error.
test('inductive bias: CIFAR-10 and the shuffled-label control need more bits than MNIST', async ({ page }) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1200 });
  await page.goto('/#/inductive-bias?seed=1&hypotheses=64&batch=32&run=1');
  await waitDone(page, 220_000);
  const view = page.getByTestId('view-inductive-bias');
  const panel = (name: string) => view.locator(`[data-testid=ib-histograms] [data-series="${name}"]`);
  const num = async (name: string, attr: string) => Number(await panel(name).getAttribute(attr));
  const names = ['mnist/mlp', 'cifar10/mlp', 'mnist-shuffled/mlp'];
  for (const name of names) {
    expect(await num(name, 'data-count')).toBe(64);
    expect(await num(name, 'data-binned')).toBe(64);
  }
  const [mnist, cifar, control] = await Promise.all(names.map((n) => num(n, 'data-bits')));
  const [eMnist, eCifar] = await Promise.all(names.slice(0, 2).map((n) => num(n, 'data-mean')));
  console.log(
    `inductive bias (64 hypotheses) in ${Date.now() - t0} ms: bits MNIST ${mnist.toFixed(1)}, CIFAR-10 ${cifar.toFixed(1)}, ` +
      `shuffled ${control.toFixed(1)}; mean relative error MNIST ${eMnist.toFixed(3)}, CIFAR-10 ${eCifar.toFixed(3)}`,
  );
  expect(eMnist).toBeLessThan(eCifar);
  expect(cifar).toBeGreaterThan(2 * mnist);
  expect(control).toBeGreaterThan(2 * mnist);
  // The bits chart draws the same numbers as the histograms' annotations.
  const bitsChart = view.getByRole('figure', { name: /Bits of inductive bias/ });
  await expect(bitsChart.locator('[data-series="mnist/mlp"]')).toHaveAttribute('data-last', String(mnist));

  await shootViewports(page, 'inductive-bias', [{ at: view, shoot: 'element' }], { desktop: 1200, phone: 1200 });
  await page.setViewportSize({ width: 1440, height: 1200 });

  // Replay: an early stop of the scrubber shows fewer hypotheses; Latest brings all of them back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Math.floor(Number(await scrubber.getAttribute('max')) / 4)));
  await expect(panel('mnist-shuffled/mlp')).toHaveCount(0);
  const shown = await view
    .locator('[data-testid=ib-histograms] [data-series]')
    .evaluateAll((gs) => gs.reduce((a, g) => a + Number(g.getAttribute('data-count')), 0));
  expect(shown).toBeLessThan(2 * 64);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(() => num('mnist-shuffled/mlp', 'data-count')).toBe(64);
});
