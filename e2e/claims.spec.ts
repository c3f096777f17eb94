import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { evaluateRun } from '../src/lab/checks/evaluate.ts';
import type { RunData } from '../src/lab/checks/rule.ts';
import { xorBenign } from '../src/lab/checks/rules/lazy-rich.ts';
import { waitDone } from './wait-done.ts';

// The XOR run of lazy-rich-xor-connectivity.spec.ts: seconds on SwiftShader, off the check's setting
// in five parameters (the check's d 2,000, n 100, m 100, ‖μ‖ 11 and 300 steps).
const XOR = 'v=1&dim=800&trainSize=40&testSize=400&width=40&noise=0.1&signal=10&init=0.000001&lr=0.1&steps=60';
const SHOTS = '/work/tmp/shots/claims';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const panel = page.getByTestId('claims');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SHOTS}/${name}.png` });
}

test('the claim panel judges the run with the check’s own rule, and shows the stored result', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`/#/xor-benign-overfitting?seed=1&${XOR}`);
  const claim = page.locator('[data-testid=claim][data-check=xor-benign-overfit-then-grok]');
  const verdict = claim.getByTestId('claim-run');
  // Before a run: the parameters that differ from the check's setting, and a link to it.
  await expect(verdict).toHaveAttribute('data-verdict', 'no-run');
  await expect(verdict).toHaveAttribute('data-at-setting', 'false');
  await expect(verdict).toContainText("These settings are not the check's:");
  const diffs = claim.getByTestId('claim-diffs').locator('li');
  await expect(diffs).toHaveCount(5);
  expect(await diffs.evaluateAll((li) => li.map((x) => x.getAttribute('data-param')))).toEqual([
    'dim',
    'trainSize',
    'width',
    'signal',
    'steps',
  ]);
  await expect(claim.getByTestId('claim-setting-link')).toHaveAttribute('href', /dim=2000.*steps=300/);
  // The stored record, a FAIL, with its numbers.
  const stored = JSON.parse(readFileSync('docs/paper-checks.json', 'utf8')).find(
    (r: { id: string }) => r.id === xorBenign.id,
  );
  await expect(claim.getByTestId('claim-record')).toHaveAttribute('data-verdict', stored.verdict);
  await expect(claim.getByTestId('claim-record')).toContainText(stored.measured);

  await page.getByTestId('run-button').click();
  await waitDone(page, 120_000);
  await expect(verdict).toHaveAttribute('data-verdict', /^(pass|fail)$/);

  // The run's own metrics, exported, judged here by the same rule: the panel must say the same.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const run: RunData = { spec: json.spec, metrics: json.metrics, summary: json.summary };
  const expected = evaluateRun(xorBenign, run);
  expect(expected.result).not.toBeNull();
  await expect(verdict).toHaveAttribute('data-verdict', expected.result!.pass ? 'pass' : 'fail');
  await expect(verdict).toHaveAttribute('data-measured', expected.result!.measured);
  await expect(verdict).toHaveAttribute('data-scope', 'one');
  await expect(verdict).toHaveAttribute('data-seeds', '1');
  await expect(verdict).toHaveAttribute('data-at-setting', 'false');
  // Seed 1 chose the check's setting, and the numbers are those of the run's metrics.
  await expect(verdict).toContainText('not a held-out test');
  await expect(verdict).toContainText('At these settings (not the check');
  const first = json.metrics['test/accuracy'].values[json.metrics['test/accuracy'].steps.indexOf(2)];
  expect(expected.result!.measured).toContain(`test ${(100 * first).toFixed(1)}%`);

  await shot(page, 'xor-light-1280');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'xor-dark-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.getByTestId('claims').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(width, 'the panel fits a 390 px screen').toBeLessThanOrEqual(0);
  await shot(page, 'xor-dark-390');
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, 'xor-light-390');
});

test('an experiment whose runs the check cannot judge says why, beside the stored result', async ({ page }) => {
  await page.goto('/#/landscape-outliers?seed=1');
  const claim = page.locator('[data-testid=claim][data-check=opposing-signals-anticorrelated]');
  await expect(claim.getByTestId('claim-run')).toHaveAttribute('data-verdict', 'unmeasured');
  await expect(claim.getByTestId('claim-run')).toContainText('computes neither correlation');
  await expect(claim.getByTestId('claim-record')).toHaveAttribute('data-verdict', 'PASS');
  await shot(page, 'outliers-light-1280');
});

test('a check never run shows no stored numbers, and a page with several checks shows each', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.goto('/#/lottery-rewind?seed=1');
  const claims = page.getByTestId('claim');
  expect(await claims.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-check')))).toEqual([
    'rewind-stability',
    'rewind-steadies-small-init',
    'rewind-stability-resnet20',
  ]);
  const resnet = page.locator('[data-testid=claim][data-check=rewind-stability-resnet20]');
  await expect(resnet.getByTestId('claim-record')).toHaveAttribute('data-verdict', 'not-run');
  await expect(resnet.getByTestId('claim-record')).toContainText('needs a GPU');
  await expect(resnet.getByTestId('claim-setting-link')).toHaveAttribute('href', /model=resnet20/);
  await shot(page, 'rewind-light-1280');
});
