import { expect, test, type Locator } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: 300 training images, a 4 × 32 target, 2 epochs of batches of 50
// (12 steps), with a 4-step guidance-only warm start: the guide and three copies cost what the guide
// and two copies did at 16 steps.
const LINK =
  '/#/cka-guidance?v=1&seed=1&trainSize=300&testSize=100&depth=4&width=32&batch=50&epochs=2&evals=2&guideWidth=0.125&warmSteps=4&run=1';

interface Final {
  arm: string | null;
  step: number;
  test: number;
  train: number;
  cka: number;
}

const finals = (view: Locator): Promise<Final[]> =>
  view
    .getByTestId('cka-guidance-finals')
    .locator('[data-arm]')
    .evaluateAll((els) =>
      els.map((e) => ({
        arm: e.getAttribute('data-arm'),
        step: Number(e.getAttribute('data-step')),
        test: Number(e.getAttribute('data-test-accuracy')),
        train: Number(e.getAttribute('data-train-accuracy')),
        cka: Number(e.getAttribute('data-mean-cka')),
      })),
    );

const matrixMean = async (view: Locator, arm: string) =>
  Number(await view.getByTestId(`cka-matrix-${arm}`).getAttribute('data-mean'));

/** The mean-CKA chart's last value per copy, and the step its warm-start mark stands at. */
async function meanChart(view: Locator) {
  const chart = view.getByTestId('cka-guidance-mean');
  const last = async (key: string) => Number(await chart.locator(`[data-series="${key}"]`).getAttribute('data-last'));
  return {
    warmSteps: Number(await chart.getAttribute('data-warm-steps')),
    mark: await chart.locator('[data-series="warm-end"]').count(),
    unguided: await last('mean-unguided'),
    guided: await last('mean-guided'),
    warm: await last('mean-warm-start'),
  };
}

test('CKA guidance: the guided net aligns with the guide, the control does not; the warm start is drawn; all replay from the scrubber', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const seconds = await openRun(page, LINK, 280_000);
  const view = page.getByTestId('view-cka-guidance');
  const end = await finals(view);
  console.log(`cka-guidance link in ${seconds.toFixed(0)} s: ${JSON.stringify(end)}`);
  expect(end.map((f) => f.arm)).toEqual(['unguided', 'guided', 'warm-start']);
  // 12 steps: every copy past its first evaluation, accuracies are shares, CKA in [0, 1].
  for (const f of end) {
    expect(f.step).toBe(12);
    for (const v of [f.test, f.train, f.cka]) expect(v >= 0 && v <= 1).toBe(true);
  }
  const [unguided, guided, warm] = end;
  // The guidance term raises the paired layers' CKA to the guide; cross-entropy alone does not aim at it.
  expect(guided.cka).toBeGreaterThan(unguided.cka + 0.05);
  // The warm start trained on cross-entropy alone after step 4: not the control's net, nor the guided one's.
  expect(warm.test !== unguided.test || warm.cka !== unguided.cka).toBe(true);
  expect(warm.cka).not.toBe(guided.cka);
  // The mean-CKA chart draws each copy's layer mean, the same numbers the summary line prints, and marks step 4.
  const chart = await meanChart(view);
  expect(chart).toMatchObject({ warmSteps: 4, mark: 1 });
  expect(chart.unguided).toBeCloseTo(unguided.cka, 6);
  expect(chart.guided).toBeCloseTo(guided.cka, 6);
  expect(chart.warm).toBeCloseTo(warm.cka, 6);
  const endMeans = [
    await matrixMean(view, 'unguided'),
    await matrixMean(view, 'guided'),
    await matrixMean(view, 'warm-start'),
  ];
  for (const m of endMeans) expect(m > 0 && m <= 1).toBe(true);

  // Replay: at the first evaluation (step 0) the three copies are the same net, so their CKA matrices agree.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect.poll(async () => (await finals(view)).map((f) => f.step)).toEqual([0, 0, 0]);
  const start = await finals(view);
  for (const f of start.slice(1)) {
    expect(f.cka).toBeCloseTo(start[0].cka, 6);
    expect(f.test).toBe(start[0].test);
  }
  for (const arm of ['guided', 'warm-start'])
    expect(await matrixMean(view, arm)).toBeCloseTo(await matrixMean(view, 'unguided'), 6);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(() => finals(view)).toEqual(end);
  expect([
    await matrixMean(view, 'unguided'),
    await matrixMean(view, 'guided'),
    await matrixMean(view, 'warm-start'),
  ]).toEqual(endMeans);

  // The view alone at both widths: at 390 px it is already taller than a phone's screen.
  await shootViewports(page, 'cka-guidance', [{ at: view, shoot: 'element' }], { desktop: 1300 });
});
