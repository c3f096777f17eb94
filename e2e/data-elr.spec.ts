import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link: a 300-example pool with 40% of its labels flipped, CE and ELR for 4 epochs each.
// The view must draw what the run measured: for both losses, the shares of the flipped examples
// predicted as their true and as their noisy label after every epoch, and the test accuracy.
const LINK = 'trainSize=300&testSize=200&epochs=4&batch=100';

interface Curves {
  epochs: number[];
  truth: number[];
  memorized: number[];
  test: number[];
}

test('elr: memorized and true-label shares of the flipped examples, CE beside ELR, and test accuracy', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/elr?seed=1&${LINK}&run=1`);
  await waitDone(page, 230_000);
  const view = page.getByTestId('view-elr-memorization');
  const read = async () => JSON.parse((await view.getAttribute('data-curves')) ?? '{}') as { ce: Curves; elr: Curves };
  const curves = await read();
  console.log(`elr small link in ${Date.now() - t0} ms: ${JSON.stringify(curves)}`);
  for (const c of [curves.ce, curves.elr]) {
    expect(c.epochs).toEqual([0, 1, 2, 3, 4]);
    c.epochs.forEach((_, i) => {
      // Shares of 120 flipped examples: multiples of 1/120, and a prediction is one label or the other, never both.
      for (const v of [c.truth[i], c.memorized[i]])
        expect(Number.isInteger(Math.round(v * 1.2 * 1e4) / 1e4)).toBe(true);
      expect(c.truth[i] + c.memorized[i]).toBeLessThanOrEqual(100 + 1e-4);
      expect(c.test[i] >= 0 && c.test[i] <= 100).toBe(true);
    });
    // After 4 epochs a network has learned something: test accuracy above chance (10%).
    expect(c.test[4]).toBeGreaterThan(20);
  }
  // Epoch 0 is the shared init: both losses measure the same network.
  expect([curves.ce.truth[0], curves.ce.memorized[0], curves.ce.test[0]]).toEqual([
    curves.elr.truth[0],
    curves.elr.memorized[0],
    curves.elr.test[0],
  ]);
  await expect(view).toHaveAttribute('data-ce-memorized', String(curves.ce.memorized[4]));
  await expect(view).toHaveAttribute('data-elr-test', String(curves.elr.test[4]));
  // The charts drew those numbers: each line ends at the run's last value.
  const panel = (loss: string) => page.getByTestId(`elr-fit-${loss}`);
  await expect(panel('ce').locator('[data-series="memorized"]').first()).toHaveAttribute(
    'data-last',
    String(curves.ce.memorized[4]),
  );
  await expect(panel('elr').locator('[data-series="truth"]').first()).toHaveAttribute(
    'data-last',
    String(curves.elr.truth[4]),
  );

  // Replay: a third into the run, fewer epochs are drawn; Latest brings every epoch back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Math.floor(Number(await scrubber.getAttribute('max')) / 3)));
  await expect.poll(async () => (await read()).ce.epochs.length).toBeLessThan(5);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(read).toEqual(curves);

  await shootViewports(page, 'elr', [{ at: view }]);
});
