import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link (two nested training sets, F = 8 … 256, 9 λ): with λ tuned, the test risk the view
// drew must never rise along F nor from n = 32 to n = 64, while the ridgeless risk peaks at F = n.
const LINK = 'trainSizes=32,64&features=8,16,32,64,128,256&lambdas=9&testSize=500';

const json = async (view: ReturnType<import('@playwright/test').Page['getByTestId']>, attr: string) =>
  JSON.parse((await view.getAttribute(attr)) ?? '[]') as number[][];

test('rf-ridge: tuned risk never rises with F or n, the ridgeless risk peaks at F = n', async ({ page }) => {
  test.setTimeout(150_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/rf-ridge?seed=1&${LINK}&run=1`);
  await waitDone(page, 140_000);
  const view = page.getByTestId('view-rf-ridge');
  await expect(view).toHaveAttribute('data-sizes', '32,64');
  const features = (await view.getAttribute('data-features'))!.split(',').map(Number);
  expect(features).toEqual([8, 16, 32, 64, 128, 256]);
  const tuned = await json(view, 'data-tuned-risk');
  const ridgeless = await json(view, 'data-ridgeless-risk');
  const train = await json(view, 'data-train-risk');
  console.log(`rf-ridge small link in ${Date.now() - t0} ms: tuned ${JSON.stringify(tuned)}`);
  for (const row of tuned) {
    expect(row.every(Number.isFinite)).toBe(true);
    for (let j = 1; j < row.length; j++) expect(row[j]).toBeLessThanOrEqual(row[j - 1]);
  }
  // More data is better too, at every F.
  tuned[1].forEach((v, j) => expect(v).toBeLessThanOrEqual(tuned[0][j]));
  // The control: without tuning, the risk at F = n is above its neighbours (the interpolation peak).
  [32, 64].forEach((n, i) => {
    const j = features.indexOf(n);
    expect(ridgeless[i][j]).toBeGreaterThan(2 * ridgeless[i][j - 1]);
    expect(ridgeless[i][j]).toBeGreaterThan(2 * ridgeless[i][j + 1]);
  });
  // At the largest F the optimum fits the training set well below the test risk.
  train.forEach((row, i) => expect(row.at(-1)!).toBeLessThan(tuned[i].at(-1)!));
  // The figures drew these numbers: the tuned line of n = 64 ends at the view's last tuned risk.
  await expect(view.locator('[data-series="tuned/risk n=64"]').first()).toHaveAttribute(
    'data-last',
    String(tuned[1].at(-1)),
  );
  // Each heatmap rings one optimum per F, at the λ of the smallest risk in its row.
  const heat = view.getByTestId('rf-risk-n64');
  await expect(heat.locator('.rf-optimum circle')).toHaveCount(features.length);
  expect(Number(await heat.getAttribute('data-min'))).toBeCloseTo(Math.min(...tuned[1]), 5);

  // Replay: early in the run only the first feature counts are solved; Latest brings back all.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Math.floor(Number(await scrubber.getAttribute('max')) / 3)));
  await expect
    .poll(async () => (await json(view, 'data-tuned-risk'))[0]?.filter(Number.isFinite).length ?? 0)
    .toBeLessThan(features.length);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(async () => JSON.stringify(await json(view, 'data-tuned-risk'))).toBe(JSON.stringify(tuned));

  await shootViewports(page, 'rf-ridge', [
    { at: view.getByRole('figure', { name: /More is better/ }), name: 'curves' },
    { at: heat, name: 'heatmap' },
  ]);
});
