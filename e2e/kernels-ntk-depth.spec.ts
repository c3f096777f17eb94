import { expect, test, type Locator } from '@playwright/test';
import { shots } from './shots.ts';
import { openRun, shootViewports } from './viewports.ts';

/** The value a line chart drew last for `series`. */
const last = async (view: Locator, series: string) =>
  Number(await view.locator(`[data-series="${series}"]`).first().getAttribute('data-last'));

/** Each kernel panel's label and mean drawn value, in panel order. */
const panels = (view: Locator) =>
  view
    .getByTestId('ntk-kernel')
    .locator('g.heatmap-panel')
    .evaluateAll((gs) =>
      gs.map((g) => ({ label: g.getAttribute('data-label')!, mean: Number(g.getAttribute('data-mean')) })),
    );

// The DEFAULTS (n = 100, depth ≤ 100, ReLU/erf/sin NTK): ReLU's regression drifts toward majority vote
// and its kernel flattens; erf's and sin's kernels go diagonal and their predictions stop being 1-NN's.
test('deep NTK at the defaults: ReLU drifts to majority vote, erf and sin kernels go diagonal; replay; 1440/390 light/dark', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const seconds = await openRun(page, '/#/ntk-depth?seed=1&run=1', 100_000);
  const view = page.getByTestId('view-ntk-depth');
  const relu = { nn: await last(view, 'agree-1nn/relu'), mv: await last(view, 'agree-majority/relu') };
  const erf = { nn: await last(view, 'agree-1nn/erf'), mv: await last(view, 'agree-majority/erf') };
  const sin = { nn: await last(view, 'agree-1nn/sin'), mv: await last(view, 'agree-majority/sin') };
  const end = await panels(view);
  console.log(
    `ntk-depth defaults in ${seconds.toFixed(0)} s; at L = 100 agreement 1-NN/majority: relu ${relu.nn}/${relu.mv}, ` +
      `erf ${erf.nn}/${erf.mv}, sin ${sin.nn}/${sin.mv}; kernel panel means ${end.map((p) => `${p.label} ${p.mean.toFixed(3)}`).join(', ')}`,
  );
  // At depth 1 every kernel agrees with 1-NN on ~70% of test digits (the runner's baseline); by L = 100
  // ReLU has moved toward majority vote, past its 1-NN agreement, and erf/sin agree with 1-NN on < 60%.
  expect(relu.mv).toBeGreaterThan(relu.nn);
  expect(relu.mv).toBeGreaterThan(0.4);
  expect(Math.max(erf.nn, sin.nn)).toBeLessThan(0.6);
  // Three regimes written on the figure, from the duals the run recorded.
  const regimes = view.getByTestId('ntk-regimes');
  await expect(regimes.locator('li[data-activation=relu]')).toContainText('majority vote');
  await expect(regimes.locator('li[data-activation=erf]')).toContainText('singular kernel');
  // The kernel panels at L = 100: ReLU's flat (mean correlation ≥ 0.2), erf's and sin's diagonal (≤ 2/side).
  expect(end.map((p) => p.label)).toEqual(['ReLU · L = 100', 'erf · L = 100', 'sin · L = 100']);
  expect(end[0].mean).toBeGreaterThan(0.2);
  expect(end[1].mean).toBeLessThan(0.02);
  expect(end[2].mean).toBeLessThan(0.02);
  await expect(view.getByTestId('ntk-kernel').locator('.color-legend')).toContainText('normalized kernel');

  // Replay: halfway along the run clock the panels show a shallower depth, where erf's kernel is not yet diagonal.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  const max = Number(await scrubber.getAttribute('max'));
  await scrubber.fill(String(Math.round(max / 4)));
  await expect.poll(async () => (await panels(view))[1]?.label).not.toBe('erf · L = 100');
  const early = await panels(view);
  console.log(
    `replay at clock ${Math.round(max / 4)} of ${max}: ${early.map((p) => `${p.label} ${p.mean.toFixed(3)}`).join(', ')}`,
  );
  expect(early[1].mean).toBeGreaterThan(end[1].mean);
  await view.getByTestId('ntk-kernel').screenshot({ path: shots('ntk-depth-kernel-early.png') });
  await scrubber.fill(String(max));
  await expect.poll(async () => (await panels(view))[1]?.label).toBe('erf · L = 100');

  await shootViewports(
    page,
    'ntk-depth',
    [
      { at: view, shoot: 'page' },
      { at: view, name: 'view', shoot: 'element' },
    ],
    { phone: 1000 },
  );
});
