import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link: one expert of each kind on a 200-image pool for 2 epochs (4 steps each), 16
// distillation iterations of 2 unrolled student steps, 30 evaluation steps. The run clock: 16
// expert steps, then 16 iterations per kind, then 3 × 30 evaluation steps.
const LINK =
  'trainSize=200&testSize=200&hidden=16&experts=1&expertEpochs=2&maxStart=0&iterations=16&studentSteps=2&evalSteps=30&evalInits=1';
const ITERATIONS = 16;

test('trajectory-matching: matching loss, accuracies of the distilled and control sets, replayable images', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/trajectory-matching?seed=1&${LINK}&run=1`);
  await waitDone(page, 230_000);
  const view = page.getByTestId('view-trajectory-matching');
  const accuracy = JSON.parse((await view.getAttribute('data-accuracy')) ?? '{}') as Record<string, number>;
  const final = JSON.parse((await view.getAttribute('data-final-loss')) ?? '{}') as Record<string, number>;
  console.log(`trajectory-matching small link in ${Date.now() - t0} ms: ${JSON.stringify({ accuracy, final })}`);
  // Three sets evaluated, each a real accuracy: above 0 and at most 100%.
  expect(Object.keys(accuracy).sort()).toEqual(['plain', 'random', 'smoothed']);
  for (const v of Object.values(accuracy)) expect(v > 0 && v <= 100).toBe(true);
  // Every iteration's loss reached the chart, for both kinds; the loss is a normalized distance.
  await expect(view).toHaveAttribute('data-loss-points', `${ITERATIONS},${ITERATIONS}`);
  for (const kind of ['plain', 'smoothed']) {
    expect(final[kind] > 0 && Number.isFinite(final[kind])).toBe(true);
    const last = Number(await view.locator(`[data-series="${kind}"]`).first().getAttribute('data-last'));
    expect(last > 0 && Number.isFinite(last)).toBe(true);
  }
  // The bars drew those accuracies, labelled to one decimal.
  const bars = page.getByTestId('accuracy-bars');
  for (const v of Object.values(accuracy)) await expect(bars).toContainText(`${v.toFixed(1)}%`);

  const grid = (kind: string) => page.getByTestId(`synthetic-${kind}`);
  for (const kind of ['plain', 'smoothed']) await expect(grid(kind)).toHaveAttribute('data-step', String(ITERATIONS));
  const sums = async () =>
    Promise.all(['plain', 'smoothed'].map(async (k) => Number(await grid(k).getAttribute('data-pixel-sum'))));
  const latest = await sums();
  // Ten images, one per class.
  await expect(grid('plain').locator('svg image, canvas').first()).toBeVisible();

  // Replay. The scrubber's stops are the clocks where something arrived: 8 and 16 (each kind's
  // experts), 18, 20, … 32 (the plain images every 2 iterations), 34 … 48 (the smoothed ones), then
  // the three evaluations. Stop 3 is clock 20: the plain images of iteration 4, no smoothed images,
  // no evaluation. Latest brings every number back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await expect(scrubber).toHaveAttribute('max', '20');
  await scrubber.fill('3');
  await expect(grid('plain')).toHaveAttribute('data-step', '4');
  await expect(grid('smoothed')).not.toHaveAttribute('data-step', /./);
  await expect(view).toHaveAttribute('data-accuracy', '{}');
  await expect(view).toHaveAttribute('data-loss-points', '4,0');
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(sums).toEqual(latest);
  await expect(view).toHaveAttribute('data-accuracy', JSON.stringify(accuracy));

  await shootViewports(page, 'trajectory-matching', [
    { at: page.getByTestId('view-trajectory-images'), name: 'images' },
    { at: view, name: 'matching' },
  ]);
});
