import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link: a 500-example pool scored by 2 nets after 1 epoch, 30% and 70% kept, 2 repeats.
// The view must draw what the run measured: both subset curves and the full pool, the histogram
// over the whole pool, and galleries whose easiest scores all sit below the hardest.
const LINK = 'trainSize=500&testSize=300&scoreInits=2&scoreEpochs=1&pruned=30,70&epochs=3&repeats=2';

test('data-diet: accuracy vs kept for EL2N and random, the score histogram and the galleries', async ({ page }) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/data-diet?seed=1&${LINK}&run=1`);
  await waitDone(page, 230_000);
  const view = page.getByTestId('view-data-pruning');
  const curves = JSON.parse((await view.getAttribute('data-curves')) ?? '[]') as {
    rule: string;
    kept: number[];
    mean: number[];
  }[];
  console.log(`data-diet small link in ${Date.now() - t0} ms: ${JSON.stringify(curves)}`);
  const rule = (r: string) => curves.find((c) => c.rule === r)!;
  expect(rule('el2n').kept).toEqual([30, 70]);
  expect(rule('random').kept).toEqual([30, 70]);
  expect(rule('full').kept).toEqual([100]);
  // Every retrained net learned something: above chance (10%) and at most 100%.
  for (const c of curves) for (const v of c.mean) expect(v > 10 && v <= 100).toBe(true);
  // The chart drew those means: each subset line ends at the full pool's level (kept = 100%).
  await expect(view.locator('[data-series="el2n"]').first()).toHaveAttribute('data-last', String(rule('full').mean[0]));

  const scores = page.getByTestId('view-data-scores');
  await expect(scores).toHaveAttribute('data-total', '500');
  expect(Number(await scores.getAttribute('data-top'))).toBeCloseTo(Math.SQRT2, 5);

  const read = async (end: string) =>
    ((await page.getByTestId(`data-gallery-${end}`).getAttribute('data-scores')) ?? '').split(',').map(Number);
  const easy = await read('easiest');
  const hard = await read('hardest');
  expect(easy).toHaveLength(12);
  expect(hard).toHaveLength(12);
  expect(Math.max(...easy)).toBeLessThanOrEqual(Math.min(...hard));
  for (const v of [...easy, ...hard]) expect(v >= 0 && v <= Math.SQRT2 + 1e-6).toBe(true);
  await expect(page.getByTestId('data-gallery-hardest').locator('canvas')).toHaveCount(12);

  // Replay: a third into the run, the pruned retrainings have not all finished; Latest brings every point back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Math.floor(Number(await scrubber.getAttribute('max')) / 3)));
  const points = async () =>
    (JSON.parse((await view.getAttribute('data-curves')) ?? '[]') as { kept: number[] }[]).reduce(
      (a, c) => a + c.kept.length,
      0,
    );
  await expect.poll(points).toBeLessThan(5);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(async () => JSON.parse((await view.getAttribute('data-curves')) ?? '[]')).toEqual(curves);

  await shootViewports(page, 'data-diet', [
    { at: view, name: 'pruning' },
    { at: scores, name: 'scores' },
    { at: page.getByTestId('view-data-gallery'), name: 'gallery' },
  ]);
});
