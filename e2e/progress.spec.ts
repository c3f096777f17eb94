import { expect, test, type Page } from '@playwright/test';
import { shots } from './shots.ts';

// 1,000 examples in batches of 50 for 20 epochs: 400 optimizer steps, longer than the test waits.
const LONG =
  'v=1&seed=4&dataset=mnist&model=lenet300&trainSize=1000&testSize=500&batch=50&epochs=20&optimizer=adam&lr=0.002&schedule=constant';

const status = (page: Page) => page.getByTestId('run-line').locator('[data-status]');
const lossPaths = (page: Page) =>
  page.getByTestId('view-metrics').getByRole('figure', { name: 'Loss' }).locator('svg path');

/** The loss chart's drawn paths: their coordinates are the points drawn. */
async function drawn(page: Page): Promise<string[]> {
  return lossPaths(page).evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
}

test('progress counts optimizer steps; a reload mid-run shows the interrupted run with its saved points', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto(`/#/train?${LONG}&run=1`);
  const progress = page.getByTestId('view-progress');
  await expect(progress).toHaveAttribute('data-total', '400', { timeout: 60_000 });
  await expect(progress).toContainText('/ 400 steps');
  // The first train-loss window (after 8 steps) and a few more.
  await expect
    .poll(async () => ((await drawn(page))[0] ?? '').split('L').length, { timeout: 120_000 })
    .toBeGreaterThanOrEqual(4);
  // Once measured after warm-up, the time left is an estimate; before, it says so.
  await expect(progress).toContainText(/left|estimating/);
  await page.screenshot({ path: shots('progress-running.png') });

  // Paused, and saved: the periodic save (every 3 s) holds every point drawn.
  await page.keyboard.press('Space');
  await expect(status(page)).toHaveAttribute('data-status', 'paused');
  await page.waitForTimeout(4000);
  const before = await drawn(page);
  const step = Number(await progress.getAttribute('data-step'));
  expect(step).toBeGreaterThan(0);
  expect(before.length).toBeGreaterThan(0);

  await page.reload();
  await expect(status(page)).toHaveAttribute('data-status', 'interrupted');
  const notice = page.getByTestId('run-interrupted');
  await expect(notice).toHaveAttribute('data-step', String(step));
  await expect(notice).toContainText(`Interrupted at step ${step} of 400`);
  await expect(page.getByTestId('run-line')).toContainText('stored run');
  expect(await drawn(page)).toEqual(before);
  await page.screenshot({ path: shots('progress-interrupted.png') });

  // Run again starts the same spec afresh; a reload while it runs comes back to it too.
  await page.getByTestId('run-again').click();
  await expect(status(page)).toHaveAttribute('data-status', 'running');
  await expect(notice).toHaveCount(0);
  await expect.poll(async () => (await drawn(page)).length, { timeout: 120_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(3500);
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-status', 'interrupted');
  const saved = Number(await notice.getAttribute('data-step'));
  expect(saved).toBeGreaterThan(0);
  expect(saved).toBeLessThan(400);
  expect((await drawn(page)).length).toBeGreaterThan(0);
});
