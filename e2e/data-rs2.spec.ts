import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link: a 1,000-example pool, r = 10% for 10 epochs of 100 (a budget of 20 steps, 5
// evaluations each), one EL2N scoring net, the full-pool reference, 2 repeats. The view must draw
// what the run measured: four curves on the evaluation steps, the reference level, and bars
// whose steps are where each mean curve first reaches the static random subset's final accuracy.
const LINK =
  'trainSize=1000&testSize=300&fraction=10&epochs=10&evals=5&scoreInits=1&scoreEpochs=1&reference=1&repeats=2';

interface Curve {
  sampler: string;
  steps: number[];
  mean: number[];
}
interface Tta {
  sampler: string;
  final: number | null;
  steps: number | null;
}

test('rs2: accuracy vs step for the four samplers, the reference and time-to-accuracy', async ({ page }) => {
  test.setTimeout(300_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/rs2?seed=1&${LINK}&run=1`);
  await waitDone(page, 290_000);
  const view = page.getByTestId('view-data-rs2');
  const read = async <T>(attr: string): Promise<T> => JSON.parse((await view.getAttribute(attr)) ?? 'null') as T;
  const curves = await read<Curve[]>('data-curves');
  const tta = await read<Tta[]>('data-tta');
  console.log(`rs2 small link in ${Date.now() - t0} ms: ${JSON.stringify(curves)} ${JSON.stringify(tta)}`);

  await expect(view).toHaveAttribute('data-budget', '20');
  expect(curves.map((c) => c.sampler).sort()).toEqual(['el2n', 'full', 'random', 'rs2']);
  for (const c of curves) {
    expect(c.steps).toEqual([4, 8, 12, 16, 20]);
    for (const v of c.mean) expect(v >= 0 && v <= 100).toBe(true);
  }
  const curve = (s: string) => curves.find((c) => c.sampler === s)!;
  // Every net learned something by the end: above chance (10%).
  for (const c of curves) expect(c.mean[c.mean.length - 1]).toBeGreaterThan(10);

  // The target is the static random subset's final mean; each bar is where a mean curve first reaches it.
  const target = Number(await view.getAttribute('data-target'));
  expect(target).toBe(curve('random').mean[4]);
  for (const row of tta) {
    const c = curve(row.sampler);
    expect(row.final).toBe(c.mean[4]);
    const i = c.mean.findIndex((v) => v >= target);
    expect(row.steps).toBe(i >= 0 ? c.steps[i] : null);
    const bar = page.getByTestId('rs2-tta').locator(`[data-sampler="${row.sampler}"]`);
    if (row.steps === null) await expect(bar).not.toHaveAttribute('data-steps');
    else await expect(bar).toHaveAttribute('data-steps', String(row.steps));
  }
  expect(tta.find((r) => r.sampler === 'random')!.steps).not.toBeNull();

  // The chart drew those numbers: each legend's last value, and the reference level.
  const reference = Number(await view.getAttribute('data-reference'));
  expect(reference > 10 && reference <= 100).toBe(true);
  await expect(view.locator('[data-series="reference"]')).toHaveAttribute('data-last', String(reference));
  await expect(view.locator('[data-series="rs2"]')).toHaveAttribute('data-last', String(curve('rs2').mean[4]));

  // Replay: the scrubber stops at every arrival, 5 points per sampler in training order. At the 8th stop RS2
  // has trained and the static random subset is part way, so there is no target yet; Latest brings every point back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('7');
  await expect.poll(async () => (await read<Curve[]>('data-curves')).map((c) => c.sampler)).toEqual(['rs2', 'random']);
  await expect(view).not.toHaveAttribute('data-target');
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(() => read<Curve[]>('data-curves')).toEqual(curves);

  await shootViewports(page, 'rs2', [
    { at: view, name: 'curves' },
    { at: page.getByTestId('rs2-tta'), name: 'tta' },
  ]);
});
