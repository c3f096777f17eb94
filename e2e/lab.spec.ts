import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { decodeSpec } from '../src/lab/spec-codec.ts';

// Tiny on purpose: SwiftShader runs the kernels on the CPU.
const SMALL =
  'v=1&dataset=mnist&model=lenet300&trainSize=1000&testSize=500&batch=50&epochs=3&optimizer=adam&lr=0.002&schedule=constant';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

const DONE_TIMEOUT = 120_000;

async function lastValue(page: Page, chart: string, series: string): Promise<number> {
  const item = page
    .getByTestId('view-metrics')
    .getByRole('figure', { name: chart })
    .locator(`[data-series="${series}"]`);
  return Number(await item.getAttribute('data-last'));
}

test('a shared link runs, is stored, survives a reload, compares and exports', async ({ page }) => {
  test.setTimeout(400_000);
  await page.goto('/');
  await expect(page.getByTestId('adapter-status')).toHaveAttribute('data-state', 'ok');
  await shot(page, '01-home');

  // Open a shared link with run=1: the run starts by itself.
  const t0 = Date.now();
  await page.goto(`/#/train?seed=1&${SMALL}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  await expect(page).not.toHaveURL(/run=1/);
  const loss = page.getByTestId('view-metrics').getByRole('figure', { name: 'Loss' });
  await expect(loss.locator('svg path').first()).toBeVisible({ timeout: 120_000 });
  const firstPoint = page.getByTestId('first-point-ms');
  await expect(firstPoint).toBeVisible();
  console.log(
    `run → first curve point: ${await firstPoint.getAttribute('data-ms')} ms (page load to curve ${Date.now() - t0} ms)`,
  );
  await shot(page, '02-running');
  await waitDone(page, DONE_TIMEOUT);
  const tDone = Date.now() - t0;
  const acc = await lastValue(page, 'Accuracy', 'test/accuracy');
  console.log(`run finished in ${tDone} ms, test accuracy ${acc}`);
  await expect(page.getByTestId('view-confusion').locator('svg')).toBeVisible();
  await expect(page.getByTestId('view-weights').locator('.heatmap-panel').first()).toBeVisible();
  await expect(page.getByTestId('view-misclassified').locator('canvas').first()).toBeVisible();
  await shot(page, '03-done');
  expect(acc).toBeGreaterThan(0.8);
  await page.getByRole('figure', { name: 'Weight norm per layer' }).scrollIntoViewIfNeeded();
  await shot(page, '04-done-scrolled');
  await page.getByTestId('view-misclassified').scrollIntoViewIfNeeded();
  await shot(page, '04b-done-bottom');

  // Reload: the run is in the history with its curves.
  await page.reload();
  await page.goto('/#/runs');
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'done');
  await rows.first().getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('experiment')).toBeVisible();
  await expect(page).toHaveURL(/trainSize=1000/);
  await expect(loss.locator('svg path').first()).toBeVisible();
  await expect(page.getByTestId('run-line')).toContainText('stored run');

  // A second configuration, started with the Run button.
  await page.goto(`/#/train?seed=2&${SMALL.replace('lr=0.002', 'lr=0.001')}`);
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.001');
  await page.getByTestId('run-button').click();
  await waitDone(page, DONE_TIMEOUT);

  // A third, interrupted by a reload once its first points are in and saved.
  await page.goto(`/#/train?seed=3&${SMALL.replace('epochs=3', 'epochs=20')}`);
  await page.keyboard.press('Space');
  await expect(loss.locator('svg path').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(3500);
  await page.reload();

  await page.goto('/#/runs');
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-testid="run-row"][data-status="interrupted"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="run-row"][data-status="done"]')).toHaveCount(2);
  await shot(page, '05-runs');
  const done = page.locator('[data-testid="run-row"][data-status="done"]');
  await done.nth(0).getByRole('checkbox').check();
  await done.nth(1).getByRole('checkbox').check();
  const compare = page.getByTestId('compare');
  await expect(compare).toContainText('Differing: lr, seed');
  await expect(compare.locator('.legend-item')).toHaveCount(2);
  await expect(compare.locator('.legend')).toContainText('lr=0.001, seed=2');
  await expect(compare.locator('.legend')).toContainText('lr=0.002, seed=1');
  await compare.scrollIntoViewIfNeeded();
  await shot(page, '06-compare');

  // Export JSON of the first run and check what is in it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    done
      .nth(1)
      .getByRole('button', { name: /as JSON/ })
      .click(),
  ]);
  const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(json.format).toBe('tabula-run');
  expect(json.appVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(json.spec).toMatchObject({ experiment: 'train', seed: 1, params: { trainSize: 1000, batch: 50, lr: 0.002 } });
  expect(json.metrics['test/accuracy'].values.at(-1)).toBeGreaterThan(0.8);
  expect(json.metrics['train/loss'].steps.length).toBeGreaterThan(1);
  expect(json.status).toBe('done');
});

test('a malformed link shows a notice and falls back to valid values', async ({ page }) => {
  await page.goto('/#/train?lr=banana&bogus=%3Cimg%20src=x%20onerror=alert(1)%3E&seed=-4&epochs=1e9');
  const notice = page.getByTestId('url-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Learning rate');
  await expect(notice).toContainText('Ignored unknown parameter');
  await expect(notice.locator('img')).toHaveCount(0);
  await expect(page).toHaveURL(/lr=0.05/);
  await shot(page, '07-notice');
  await notice.getByRole('button', { name: /Dismiss/ }).click();
  await expect(notice).toHaveCount(0);

  // Inline validation: a bad value is flagged and not taken into the URL.
  const lr = page.getByLabel('Learning rate', { exact: true });
  await lr.fill('42');
  await expect(page.locator('[data-param="lr"] .field-error')).toContainText('between');
  await expect(page).toHaveURL(/lr=0.05/);
  await lr.fill('0.2');
  await expect(page).toHaveURL(/lr=0.2/);

  await page.goto('/#/no-such-experiment');
  await expect(page.getByTestId('url-notice')).toContainText('Unknown experiment');
});

test('narrow and dark layouts', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 768, height: 900 }, colorScheme: 'dark' });
  await page.goto('/#/train');
  await expect(page.getByTestId('experiment')).toBeVisible();
  await expect(page.getByTestId('run-button')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, '08-narrow-dark');
  await page.close();
});

test('copies the link, and the command that reruns it headless', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#/lottery-rewind?seed=5&dataset=fashion-mnist&hidden=256,256,256,256,256,256&rounds=1&rewinds=0,1');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(new URL(page.url()).origin)).toBe(true);
  await page.getByTestId('copy-command').click();
  await expect(page.getByText('Command copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`npm run lab -- run '${link}'`);
  // The CLI decodes the link with this codec and refuses it on any notice.
  const decoded = decodeSpec(new URL(link).hash);
  expect(decoded.notices).toEqual([]);
  expect(decoded.spec).toMatchObject({
    experiment: 'lottery-rewind',
    seed: 5,
    params: { dataset: 'fashion-mnist', hidden: [256, 256, 256, 256, 256, 256], rounds: 1, rewinds: [0, 1] },
  });
  await shot(page, '12-copy-command');
});
