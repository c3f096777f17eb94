import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

test('XOR at the defaults: fits every noisy label at once, generalizes later', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto('/#/xor-benign-overfitting?seed=1&run=1');
  await waitDone(page, 90_000);
  const view = page.getByTestId('view-lazy-rich');
  const num = async (name: string) => Number(await view.getAttribute(`data-${name}`));
  const [firstFit, testAtFit, finalTest, flipped] = await Promise.all(
    ['first-fit', 'test-at-first-fit', 'final-test', 'final-flipped'].map(num),
  );
  console.log(
    `xor defaults: ${((Date.now() - t0) / 1000).toFixed(0)} s; all labels fitted at step ${firstFit} ` +
      `(test ${testAtFit}), final test ${finalTest}, flipped labels fitted ${flipped}`,
  );
  // Benign overfitting: noisy labels fitted while test is near chance; grokking: test later high, flips still fitted.
  expect(firstFit).toBeGreaterThan(0);
  expect(testAtFit).toBeLessThan(0.6);
  expect(finalTest).toBeGreaterThanOrEqual(0.9);
  expect(flipped).toBe(1);
  const plane = page.getByTestId('view-xor-plane');
  expect(Number(await plane.getAttribute('data-neurons'))).toBe(100);
  await plane.scrollIntoViewIfNeeded();
  await plane.screenshot({ path: test.info().outputPath('lazy-rich-xor-plane.png') });
});

test('connectivity at the defaults: the lowest-rank init moves its weights more than the full-rank one', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto('/#/connectivity-rank?seed=1&run=1');
  const view = page.getByTestId('view-connectivity-rank');
  await waitDone(page, 90_000);
  await expect(view).toHaveAttribute('data-points', '6');
  const list = async (name: string) => ((await view.getAttribute(`data-${name}`)) ?? '').split(',').map(Number);
  const random = await list('weight-change-random');
  const aligned = await list('weight-change-aligned');
  console.log(
    `connectivity defaults: ${((Date.now() - t0) / 1000).toFixed(0)} s; weight change by rank, random ${random.join(' ')}, aligned ${aligned.join(' ')}`,
  );
  expect(random[0]).toBeGreaterThan(1.2 * random[random.length - 1]);
  // Task-aligned low-rank (rank 2 = the teacher's directions) moves less than random low-rank.
  expect(aligned[1]).toBeLessThan(random[1]);
  for (const name of [
    /Weight change/,
    /Kernel change/,
    /Kernel direction/,
    /Representation change/,
    /Steps to the target/,
  ])
    await expect(view.getByRole('figure', { name }).locator('svg circle').first()).toBeVisible();
  await view
    .getByRole('figure', { name: /Weight change/ })
    .screenshot({ path: test.info().outputPath('lazy-rich-connectivity-view.png') });
});
