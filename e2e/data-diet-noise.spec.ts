import { expect, test } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

// A small 10%-noise link: a 500-example pool (50 labels flipped) scored by 2 nets over 2 epochs.
// The histogram must mark exactly the flipped labels and state an AUROC above chance; the gallery
// flags flipped examples; a click (or Enter) on an example draws its EL2N at each of the run's
// 3 scoring checkpoints (epochs 0, 1, 2), ending at the score the gallery shows, and keeps it on replay.
const LINK = 'trainSize=500&testSize=300&scoreInits=2&scoreEpochs=2&pruned=50&epochs=2&repeats=1&labelNoise=10';

test('data-diet under 10% label noise: AUROC, noisy marks, flagged gallery and score history', async ({ page }) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/data-diet?seed=1&${LINK}&run=1`);
  await waitDone(page, 230_000);
  const scores = page.getByTestId('view-data-scores');
  const num = async (attr: string) => Number(await scores.getAttribute(attr));
  const auroc = {
    el2n: await num('data-auroc'),
    grand: await num('data-auroc-grand'),
    random: await num('data-auroc-random'),
  };
  console.log(`data-diet noisy link in ${Date.now() - t0} ms: AUROC ${JSON.stringify(auroc)}`);
  for (const v of Object.values(auroc)) expect(v >= 0 && v <= 1).toBe(true);
  expect(auroc.el2n).toBeGreaterThan(0.5);
  expect(auroc.el2n).toBeGreaterThan(auroc.random);
  // Exactly 10% flipped, every one counted in the noisy histogram and drawn as a mark.
  expect(await num('data-flipped')).toBe(50);
  expect(await num('data-noisy-total')).toBe(50);
  await expect(scores.getByTestId('noisy-marks').locator('circle')).toHaveCount(await num('data-noisy-marks'));

  // The flagged row: flipped examples, highest score first, each showing its given label beside the true one.
  const flagged = page.getByTestId('data-gallery-noisy');
  const flaggedScores = ((await flagged.getAttribute('data-scores')) ?? '').split(',').map(Number);
  expect(flaggedScores).toHaveLength(12);
  expect(flaggedScores).toEqual([...flaggedScores].sort((a, b) => b - a));
  await expect(flagged.locator('.pred')).toHaveCount(12);

  // Click on the hardest example: its history has one point per scoring checkpoint, the last = its score.
  const history = page.getByTestId('data-score-history');
  const hardest = page.getByTestId('data-gallery-hardest').getByRole('button').first();
  await hardest.click();
  await expect(hardest).toHaveAttribute('aria-pressed', 'true');
  await expect(history).toHaveAttribute('data-points', '3');
  await expect(history.locator('svg circle')).toHaveCount(3);
  const values = ((await history.getAttribute('data-values')) ?? '').split(',').map(Number);
  expect(values[2]).toBeCloseTo(Number(await hardest.getAttribute('data-score')), 5);
  // The keyboard picks too: Enter on the first flagged example.
  const first = flagged.getByRole('button').first();
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => Number((await history.getAttribute('data-values'))?.split(',')[2]))
    .toBeCloseTo(flaggedScores[0], 5);

  // Replay: the scrubber's first stop is the scoring (no retraining yet); the cut run still holds the
  // picked example's 3 points, the same values; Latest keeps them.
  const picked = await history.getAttribute('data-values');
  const pruning = page.getByTestId('view-data-pruning');
  const pruningPoints = async () =>
    (JSON.parse((await pruning.getAttribute('data-curves')) ?? '[]') as { kept: number[] }[]).reduce(
      (a, c) => a + c.kept.length,
      0,
    );
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect.poll(pruningPoints).toBe(0);
  await expect(history).toHaveAttribute('data-values', picked!);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(pruningPoints).toBe(3);
  await expect(history).toHaveAttribute('data-values', picked!);

  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 1000 : 844 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await scores.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`data-diet-noise-${width}-${theme}-scores.png`) });
      await flagged.scrollIntoViewIfNeeded();
      await page.screenshot({ path: shots(`data-diet-noise-${width}-${theme}-gallery.png`) });
    }
  }
});
