// The runs page: table (differing parameters, final values, filter, sort), comparison (stable
// colours, seed groups with a band, labels across experiments), snapshots side by side, and sharing
// results (file picker, link, damaged file). Runs made up here with known numbers are opened as
// results files, so every number the page draws can be checked exactly; runs-share.spec.ts covers
// a real run's round trip and re-run.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { defaultSpec, metaById } from '../src/lab/catalogue.ts';
import type { Snapshot } from '../src/lab/experiment.ts';
import type { RunRecord } from '../src/ui/history/types.ts';
import { encodeResults } from '../src/ui/runs/share/codec.ts';

const SHOTS = '/work/tmp/shots/runs';
const T0 = Date.UTC(2025, 0, 1, 12);

function made(
  id: string,
  experiment: string,
  minute: number,
  seed: number,
  params: RunRecord['spec']['params'],
  metrics: Record<string, number[]>,
  snapshots: Snapshot[] = [],
): RunRecord {
  const spec = defaultSpec(metaById(experiment)!, seed);
  const startedAt = T0 + minute * 60_000;
  return {
    id,
    name: `${id} made up`,
    spec: { ...spec, params: { ...spec.params, ...params } },
    status: 'done',
    appVersion: 'e2e',
    startedAt,
    updatedAt: startedAt + 1000,
    finishedAt: startedAt + 1000,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, values]) => [k, { steps: values.map((_, i) => (i + 1) * 10), values }]),
    ),
    snapshots: Object.fromEntries(snapshots.map((s) => [s.name, s])),
    progress: null,
    summary: { seconds: minute },
    error: null,
    logs: [],
  };
}

const confusion = (data: number[]): Snapshot => ({
  kind: 'confusion',
  name: 'confusion',
  step: 30,
  shape: [2, 2],
  data: Uint32Array.from(data),
  labels: ['a', 'b'],
});
const weights = (data: number[]): Snapshot => ({
  kind: 'image-grid',
  name: 'weights/fc1',
  step: 30,
  shape: [2, 2, 2, 1],
  data: Float32Array.from(data),
});

// Three seeds of one setting, a fourth run with another learning rate, and a lottery-ticket run.
const RUNS = [
  made('t1', 'train', 1, 1, {}, { 'test/accuracy': [0.5, 0.7, 0.8], 'train/loss': [1, 0.6, 0.4] }, [
    confusion([5, 1, 2, 4]),
    weights([0, 0.25, 0.5, 0.75, 1, 1, 1, 1]),
  ]),
  made('t2', 'train', 2, 2, {}, { 'test/accuracy': [0.4, 0.6, 0.9], 'train/loss': [1.1, 0.5, 0.3] }, [
    confusion([6, 0, 1, 5]),
    weights([0, 0.25, 0.5, 0.75, 1, 1, 1, 0.5]),
  ]),
  made('t3', 'train', 3, 3, {}, { 'test/accuracy': [0.6, 0.8, 0.85], 'train/loss': [0.9, 0.7, 0.35] }),
  made('t4', 'train', 4, 1, { lr: 0.1 }, { 'test/accuracy': [0.3, 0.5, 0.6], 'train/loss': [1.5, 1.2, 1] }),
  made('l1', 'lottery-ticket', 5, 1, {}, { 'ticket/accuracy': [0.9, 0.95] }),
];

async function file(run: RunRecord) {
  return {
    name: `${run.id}.tabula.json.gz`,
    mimeType: 'application/gzip',
    buffer: Buffer.from(await (await encodeResults(run, 'e2e')).arrayBuffer()),
  };
}

const row = (page: Page, id: string) => page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
const cell = (page: Page, id: string, col: string) => row(page, id).locator(`td[data-col="${col}"]`);
const background = (l: ReturnType<Page['locator']>) => l.evaluate((e) => getComputedStyle(e).backgroundColor);

async function select(page: Page, ids: string[]) {
  for (const r of RUNS) {
    const box = row(page, r.id).getByRole('checkbox');
    if (ids.includes(r.id)) await box.check();
    else await box.uncheck();
  }
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('runs table, comparison with seed groups and stable colours, snapshots side by side', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/#/runs');
  await page.getByTestId('open-results-input').setInputFiles(await Promise.all(RUNS.map(file)));
  await expect(page.getByTestId('open-results-message')).toContainText('Opened 5 runs');
  await expect(page.getByTestId('run-row')).toHaveCount(5);

  // Final values and columns: across two experiments, every parameter that differs is a column.
  await expect(cell(page, 't3', 'm:test/accuracy')).toHaveAttribute('data-value', '0.85');
  await expect(cell(page, 't3', 'm:test/accuracy')).toHaveText('85.0%');
  await expect(cell(page, 'l1', 'm:test/accuracy')).toHaveText('—');
  await expect(cell(page, 'l1', 'p:rounds')).toHaveAttribute('data-value', '4');
  await expect(cell(page, 't1', 'p:rounds')).toHaveText('—');

  // Only train runs: the one parameter that differs between them is the only parameter column.
  await page.getByTestId('runs-experiment').selectOption('train');
  await expect(page.getByTestId('run-row')).toHaveCount(4);
  await expect(page.locator('th[data-kind="param"]')).toHaveText(['lr']);
  await expect(cell(page, 't4', 'p:lr')).toHaveAttribute('data-value', '0.1');
  await expect(cell(page, 't1', 'p:lr')).toHaveAttribute('data-value', '0.05');

  // Sort by final test accuracy, up then down.
  const order = () => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
  await page.locator('th[data-col="m:test/accuracy"] button').click();
  expect(await order()).toEqual(['t4', 't1', 't3', 't2']);
  await page.locator('th[data-col="m:test/accuracy"] button').click();
  expect(await order()).toEqual(['t2', 't3', 't1', 't4']);
  await expect(page.locator('th[data-col="m:test/accuracy"]')).toHaveAttribute('aria-sort', 'descending');

  // Text filter.
  await page.getByTestId('runs-filter').fill('lr=0.1');
  expect(await order()).toEqual(['t4']);
  await page.getByTestId('runs-filter').fill('');
  await page.getByTestId('runs-experiment').selectOption('');

  // Compare two runs: t4's colour is its own and stays when other runs join the comparison.
  const t4Colour = await background(row(page, 't4').locator('.swatch'));
  await select(page, ['t2', 't4']);
  const compare = page.getByTestId('compare');
  await expect(compare).toContainText('Differing: lr, seed');
  const t4Line = compare.locator('.legend-item[data-series="t4"]');
  await expect(t4Line).toContainText('lr=0.1, seed=1');
  expect(await background(t4Line.locator('.swatch'))).toBe(t4Colour);

  // Seeds grouped: t1–t3 differ only in seed, drawn as their mean with a min–max band.
  await select(page, ['t1', 't2', 't3', 't4']);
  expect(await background(t4Line.locator('.swatch'))).toBe(t4Colour);
  await expect(compare.locator('.legend-item')).toHaveCount(2);
  const group = compare.locator('[data-testid="compare-final"][data-key="seeds:t1"]');
  await expect(group).toHaveAttribute('data-runs', '3');
  expect(Number(await group.getAttribute('data-final'))).toBeCloseTo((0.8 + 0.9 + 0.85) / 3, 12);
  await expect(group).toHaveAttribute('data-lo', '0.8');
  await expect(group).toHaveAttribute('data-hi', '0.9');
  await expect(compare.locator('.legend-item[data-series="seeds:t1"]')).toContainText(
    'lr=0.05 · mean of 3 runs (seeds 1, 2, 3)',
  );
  await expect(compare.locator('path[fill-opacity="0.18"]')).toHaveCount(1);
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/compare-1440-light.png`, fullPage: true });
  await page.getByTestId('group-seeds').uncheck();
  await expect(compare.locator('.legend-item')).toHaveCount(4);
  await page.getByTestId('group-seeds').check();

  // Across experiments: each label names its experiment, no parameter it lacks.
  await select(page, ['t1', 'l1']);
  await expect(compare.locator('.legend-item')).toHaveText([/^train/, /^lottery-ticket/]);
  await expect(compare).not.toContainText('undefined');
  await page.getByTestId('compare-series').selectOption('ticket/accuracy');
  await expect(compare.locator('.legend-item[data-series="l1"]')).toHaveAttribute('data-last', '0.95');

  // Snapshots side by side, at one colour scale, with their difference.
  await select(page, ['t1', 't2']);
  const snaps = page.getByTestId('snapshot-compare');
  await expect(snaps.getByTestId('snapshot-name')).toHaveValue('confusion');
  await expect(snaps.getByTestId('snapshot-a')).toHaveAttribute('data-min', '0');
  await expect(snaps.getByTestId('snapshot-a')).toHaveAttribute('data-max', '6');
  await expect(snaps.getByTestId('snapshot-b')).toHaveAttribute('data-max', '6');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-max-abs', '1');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-different', '4');
  await snaps.getByTestId('snapshot-name').selectOption('weights/fc1');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-max-abs', '0.5');
  await expect(snaps.getByTestId('snapshot-diff')).toHaveAttribute('data-different', '1');
  await snaps.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/snapshots-1440-light.png`, fullPage: true });

  // A damaged file is refused with a message, and the stored runs stay as they were.
  await page.getByTestId('open-results-input').setInputFiles({
    name: 'bad.tabula.json.gz',
    mimeType: 'application/gzip',
    buffer: Buffer.from([0x1f, 0x8b, 8, 0, 1]),
  });
  await expect(page.getByTestId('open-results-message')).toHaveAttribute('data-kind', 'bad');
  await expect(page.getByTestId('open-results-message')).toContainText('bad.tabula.json.gz: The file is damaged');
  await expect(page.getByTestId('run-row')).toHaveCount(5);
});

test('the runs page fits a phone and the dark theme', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1440, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
      await page.goto('/#/runs');
      await page.getByTestId('open-results-input').setInputFiles(await Promise.all(RUNS.map(file)));
      await expect(page.getByTestId('run-row')).toHaveCount(5);
      await select(page, ['t1', 't2', 't3', 't4']);
      await expect(page.getByTestId('compare')).toBeVisible();
      // Only the table scrolls sideways; the page does not.
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: innerWidth,
        table: document.querySelector('[data-testid="runs-table-scroll"]')!.scrollWidth,
        box: document.querySelector('[data-testid="runs-table-scroll"]')!.clientWidth,
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      if (width === 390) expect(widths.table).toBeGreaterThan(widths.box);
      // What a visitor sees: the table, then the comparison.
      await page.getByTestId('runs-count').evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/runs-${width}-${colorScheme}.png` });
      await page.getByTestId('compare').evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/compare-${width}-${colorScheme}.png` });
      await select(page, ['t1', 't2']);
      await page.getByTestId('snapshot-compare').evaluate((e) => e.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/snapshots-${width}-${colorScheme}.png` });
      await page.close();
    }
  }
});

test('a link to a results file on another host, or a dropped file, opens the run with its figures', async ({
  page,
}) => {
  const run = made('linked', 'train', 9, 7, { lr: 0.02 }, { 'test/accuracy': [0.25, 0.75], 'train/loss': [2, 1] }, [
    confusion([3, 1, 0, 4]),
  ]);
  const url = 'https://results.example/shared/linked.tabula.json.gz';
  await page.route(url, async (route) =>
    route.fulfill({ body: (await file(run)).buffer, headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.route('https://results.example/missing.tabula.json.gz', (route) =>
    route.fulfill({ status: 404, headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.goto(`/#/open?url=${encodeURIComponent(url)}`);
  await expect(page.getByTestId('experiment')).toHaveAttribute('data-experiment', 'train');
  await expect(page.getByTestId('run-line')).toContainText('linked made up');
  const acc = page.getByTestId('view-metrics').locator('[data-series="test/accuracy"]');
  await expect(acc).toHaveAttribute('data-last', '0.75');
  await expect(page.getByTestId('view-confusion').locator('svg')).toBeVisible();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.02');

  // Opened again, the same run is not copied.
  await page.goto(`/#/open?url=${encodeURIComponent(url)}`);
  await expect(page.getByTestId('run-line')).toContainText('linked made up');
  await page.goto('/#/runs');
  await expect(page.getByTestId('run-row')).toHaveCount(1);

  // A file dropped anywhere on the page opens too.
  const dropped = await file(made('dropped', 'train', 10, 8, {}, { 'test/accuracy': [0.125] }));
  const transfer = await page.evaluateHandle(
    ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name));
      return dt;
    },
    { name: dropped.name, bytes: [...dropped.buffer] },
  );
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('run-line')).toContainText('dropped made up');
  await expect(acc).toHaveAttribute('data-last', '0.125');
  await page.goto('/#/runs');
  await expect(page.getByTestId('run-row')).toHaveCount(2);

  await page.goto('/#/open?url=https%3A%2F%2Fresults.example%2Fmissing.tabula.json.gz');
  await expect(page.getByTestId('open-results-message')).toContainText('answered 404');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
});
