import { expect, test, type Locator } from '@playwright/test';
import { waitDone } from './wait-done.ts';

const SHOTS = '/work/tmp/shots/k-cnn';

const beta = async (view: Locator, pair: string) =>
  Number(await view.locator(`tr[data-pair="${pair}"]`).getAttribute('data-beta'));

// The defaults (d = 8, n = 16 … 1,024, 3 draws): the local student learns the local teacher with a
// clearly larger exponent than either student shows on the global teacher or the global student on
// the local teacher; replay; both themes at 1,440 and 390 px.
test('patch-kernels defaults: locality sets the learning-curve exponent; replay; both themes and widths', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/#/patch-kernels?seed=1&run=1');
  await waitDone(page, 200_000);
  const seconds = (Date.now() - t0) / 1000;
  const view = page.getByTestId('view-patch-kernels');
  await expect(view).toHaveAttribute('data-draws', '3');
  const [ll, lg, gl, gg] = await Promise.all(['ls-lt', 'ls-gt', 'gs-lt', 'gs-gt'].map((p) => beta(view, p)));
  console.log(
    `patch-kernels defaults in ${seconds.toFixed(0)} s: β local/local ${ll}, local/global ${lg}, global/local ${gl}, global/global ${gg}`,
  );
  // The theory: 1/2 against 1/8 (d = 8) and 0 for the local student on the global teacher.
  expect(ll).toBeGreaterThan(1.5 * gg);
  expect(ll).toBeGreaterThan(1.5 * gl);
  expect(lg).toBeLessThan(ll / 2);
  // The drawn curves: at the largest n the local student's error on the local teacher is the smallest.
  const lastError = async (key: string) =>
    Number(await view.locator(`.legend-item[data-series="${key}"]`).getAttribute('data-last'));
  const atLargest = await Promise.all(['ls-lt', 'ls-gt', 'gs-lt', 'gs-gt'].map(lastError));
  expect(Math.min(...atLargest)).toBe(atLargest[0]);
  // The mechanism: the local student's Gram spectrum decays faster (theory 1 + 1/2 against 1 + 1/8).
  const decay = async (student: string) => Number(await view.getAttribute(`data-decay-${student}`));
  const [aLocal, aGlobal] = [await decay('local'), await decay('global')];
  console.log(`spectrum decay: local ${aLocal}, global ${aGlobal}`);
  expect(aLocal).toBeGreaterThan(aGlobal);
  // One dashed fit per pair.
  for (const key of ['ls-lt', 'ls-gt', 'gs-lt', 'gs-gt'])
    await expect(view.locator(`.legend-item[data-series="${key}-fit"]`)).toHaveCount(1);

  // Replay: the scrubber's start has no fit; the latest stop has the fit of all 3 draws again.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect(view).toHaveAttribute('data-draws', '0');
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect(view).toHaveAttribute('data-draws', '3');
  expect(await beta(view, 'ls-lt')).toBe(ll);

  for (const width of [1440, 390])
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: width > 500 ? 1000 : 844 });
      await page.emulateMedia({ colorScheme: theme });
      await view.scrollIntoViewIfNeeded();
      // Nothing wider than the window (a long legend label once pushed the page to 458 px at 390).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${SHOTS}/patch-kernels-${width}-${theme}.png`, fullPage: true });
    }
});
