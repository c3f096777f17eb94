// A real run's results file: a small finished run is shared as one file, deleted, opened from the
// file picker (same id, same numbers in every view), then re-run from its stored spec and compared
// bit for bit.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// About ten optimizer steps: SwiftShader runs the kernels on the CPU.
const TINY =
  'v=1&dataset=mnist&model=lenet300&trainSize=500&testSize=200&batch=50&epochs=1&optimizer=adam&lr=0.002&schedule=constant';

/** Numbers the views drew: each series' last value, and each weight figure's step and centre share. */
async function lastValues(page: Page): Promise<Record<string, string | null>> {
  const items = page.getByTestId('view-metrics').locator('[data-series]');
  await expect(items.first()).toBeVisible();
  const weights = page.getByTestId('view-weights').locator('[data-centre-share]');
  await expect(weights.first()).toBeVisible();
  return Object.fromEntries([
    ...(await items.evaluateAll((els) => els.map((e) => [e.getAttribute('data-series'), e.getAttribute('data-last')]))),
    ...(await weights.evaluateAll((els) =>
      els.map((e) => [
        e.getAttribute('data-testid'),
        `${e.getAttribute('data-step')}:${e.getAttribute('data-centre-share')}`,
      ]),
    )),
  ]);
}

test('a finished run shares as one file that opens with the same numbers, and re-runs bit for bit', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto(`/#/train?seed=4&${TINY}&run=1`);
  await waitDone(page, 180_000);
  const before = await lastValues(page);
  expect(Object.keys(before).sort()).toEqual([
    'learned-weights',
    'raw-weights',
    'test/accuracy',
    'test/loss',
    'train/accuracy',
    'train/loss',
  ]);
  const name = await page.getByTestId('run-line').locator('.run-name').textContent();
  expect(name).toBe('train · trainSize=500 testSize=200 optimizer=adam +4 more #' + name!.split('#')[1]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-results').click()]);
  expect(download.suggestedFilename()).toMatch(/^tabula-train-.*\.tabula\.json\.gz$/);
  const path = (await download.path())!;
  const bytes = readFileSync(path);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  console.log(`results file: ${bytes.length} bytes`);

  // Delete the run, then open the file: it comes back under its own id, with every view.
  await page.goto('/#/runs');
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(1);
  const id = await rows.first().getAttribute('data-run-id');
  await rows
    .first()
    .getByRole('button', { name: /^Delete/ })
    .click();
  await rows
    .first()
    .getByRole('button', { name: /^Confirm deleting/ })
    .click();
  await expect(rows).toHaveCount(0);
  await page.getByTestId('open-results-input').setInputFiles(path);
  await expect(page.getByTestId('run-line')).toContainText('stored run');
  expect(await lastValues(page)).toEqual(before);
  await expect(page.getByTestId('view-confusion').locator('svg')).toBeVisible();
  await expect(page.getByTestId('view-misclassified').locator('canvas').first()).toBeVisible();
  await page.goto('/#/runs');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-run-id', id!);

  // Re-run from the stored spec: every recorded value must come out the same.
  await rows
    .first()
    .getByRole('button', { name: /^Re-run .* and compare$/ })
    .click();
  const verdict = page.getByTestId('rerun-verdict');
  await expect(verdict).toBeVisible({ timeout: 180_000 });
  console.log(`re-run: ${await verdict.textContent()}`);
  await expect(verdict).toHaveAttribute('data-different', '0');
  await expect(verdict).toHaveAttribute('data-missing', '0');
  await expect(verdict).toHaveAttribute('data-bit-exact', 'true');
  expect(Number(await verdict.getAttribute('data-equal'))).toBeGreaterThan(20);
  await expect(page.getByTestId('rerun').locator('.legend-item')).toHaveCount(2);
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: '/work/tmp/shots/runs/rerun-1280-light.png', fullPage: true });

  // Side by side, the re-run's first-layer weights are the stored run's: a difference of zero everywhere.
  for (const r of await rows.all()) await r.getByRole('checkbox').check();
  const snaps = page.getByTestId('snapshot-compare');
  await snaps.getByTestId('snapshot-name').selectOption('weights/fc1.weight');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-different', '0');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-max-abs', '0');
  const shape = (await snaps.getByTestId('snapshot-a').getAttribute('data-shape'))!.split('×').map(Number);
  expect(shape.slice(1)).toEqual([28, 28, 1]);
  const cells = shape.reduce((a, b) => a * b, 1);
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-cells', String(cells));
  await snaps.evaluate((e) => e.scrollIntoView());
  await page.screenshot({ path: '/work/tmp/shots/runs/snapshots-weights-1280-light.png' });
});
