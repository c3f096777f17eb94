import { expect, test, type Locator } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A much smaller link than the defaults: 300 images per environment, 16 units, 20 feature steps, 10 OOD steps.
const LINK = '/#/rich-features?v=1&seed=1&envSize=300&hidden=16&featureSteps=20&oodSteps=10&evals=1&run=1';

interface Row {
  arm: string | null;
  train1: number;
  train2: number;
  test: number;
}

const rows = (view: Locator): Promise<Row[]> =>
  view
    .getByTestId('rich-features-table')
    .locator('tr[data-arm]')
    .evaluateAll((els) =>
      els.map((e) => ({
        arm: e.getAttribute('data-arm'),
        train1: Number(e.getAttribute('data-train1')),
        train2: Number(e.getAttribute('data-train2')),
        test: Number(e.getAttribute('data-test')),
      })),
    );

test('rich features: six OOD runs with per-environment accuracies; ERM follows colour; the table replays', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const seconds = await openRun(page, LINK, 280_000);
  const view = page.getByTestId('view-rich-features');
  const end = await rows(view);
  console.log(`rich-features link in ${seconds.toFixed(0)} s: ${JSON.stringify(end)}`);
  expect(end.map((r) => r.arm)).toEqual(['rfc erm', 'rfc irm', 'rfc vrex', 'erm erm', 'erm irm', 'erm vrex']);
  for (const r of end) for (const v of [r.train1, r.train2, r.test]) expect(v >= 0 && v <= 1).toBe(true);
  // Episode 1 is ERM: colour agrees with the label in 90 % / 80 % of the training environments and
  // 10 % of the test one, so a colour-following net is far better on training than on test.
  const episode1 = view.locator('tr[data-episode="1"]');
  expect(Number(await episode1.getAttribute('data-test'))).toBeLessThan(0.5);
  const ermErm = end.find((r) => r.arm === 'erm erm')!;
  expect(ermErm.train1).toBeGreaterThan(ermErm.test + 0.3);

  // Replay: at clock 0 nothing has been measured; Latest brings the same table back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect.poll(async () => (await rows(view)).length).toBe(0);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(() => rows(view)).toEqual(end);

  await shootViewports(page, 'rich-features', [{ at: view, shoot: 'element' }], { desktop: 1100 });
});
