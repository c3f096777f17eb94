import { expect, test } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: 1000 training images, 3 epochs, 20 bounded images over 6 radii.
const LINK =
  '/#/activation-patterns?v=1&seed=1&trainSize=1000&testSize=200&epochs=3&hidden=64&certSize=20&epsCount=6&run=1';

test('activation patterns: NAP masks match the fixed counts, trained NAPs beat the control on precision, IBP inside a NAP never certifies less', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const seconds = await openRun(page, LINK, 220_000);
  const view = page.getByTestId('view-activation-patterns');
  const readRows = () =>
    view
      .getByTestId('nap-table')
      .locator('tr[data-class]')
      .evaluateAll((els) =>
        els.map((e) => {
          const n = (k: string) => (e.hasAttribute(k) ? Number(e.getAttribute(k)) : null);
          return {
            recall: n('data-recall'),
            precision: n('data-precision'),
            fixed: n('data-fixed'),
            controlRecall: n('data-control-recall'),
            controlPrecision: n('data-control-precision'),
          };
        }),
      );
  const rows = await readRows();
  const cert = view.getByTestId('nap-certification');
  const ibp = Object.fromEntries(
    await Promise.all(
      ['gain', 'covered', 'radius-ball', 'radius-nap'].map(async (k) => [
        k,
        Number(await cert.getAttribute(`data-${k}`)),
      ]),
    ),
  );
  console.log(`activation-patterns link in ${seconds.toFixed(0)} s: ${JSON.stringify({ rows, ibp })}`);
  expect(rows).toHaveLength(10);
  const mean = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0) / xs.length;
  for (const r of rows)
    for (const v of [r.recall, r.controlRecall, r.precision, r.controlPrecision]) {
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(0);
      expect(v!).toBeLessThanOrEqual(1);
    }
  // Trained NAPs are class-specific; the untrained net's admit images of every class (precision near 1/10).
  expect(mean(rows.map((r) => r.precision))).toBeGreaterThan(mean(rows.map((r) => r.controlPrecision)));
  // The bitmaps draw exactly the neurons the metrics say each class fixes.
  const drawn = view.getByTestId('nap-masks-drawn');
  expect((await drawn.getAttribute('data-fixed-trained'))!.split(',').map(Number)).toEqual(rows.map((r) => r.fixed));
  expect((await drawn.getAttribute('data-fixed-untrained'))!.split(',')).toHaveLength(10);
  // The NAP region is inside the ball, so it certifies at least the ball's radius.
  for (const v of [ibp.gain, ibp.covered]) expect(v >= 0 && v <= 1).toBe(true);
  expect(ibp['radius-nap']).toBeGreaterThanOrEqual(ibp['radius-ball']);
  await expect(view.getByRole('figure', { name: /certified by IBP/ }).locator('path')).not.toHaveCount(0);

  // Replay: a third into the run the net is training, so only the control's NAPs are there; Latest brings the rest back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Math.floor(Number(await scrubber.getAttribute('max')) / 3)));
  await expect
    .poll(async () => (await readRows()).map((r) => [r.recall, r.controlRecall !== null]))
    .toEqual(rows.map(() => [null, true]));
  await expect(cert).toHaveCount(0);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(readRows).toEqual(rows);

  await shootViewports(
    page,
    'activation-patterns',
    [
      { at: view, shoot: 'page' },
      { at: view, name: 'view', shoot: 'element' },
    ],
    { desktop: 1300, phone: 2600 },
  );
});
