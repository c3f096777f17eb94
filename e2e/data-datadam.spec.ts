import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';
import { shootViewports } from './viewports.ts';

// A small link: 1 and 2 images per class, 8 distillation iterations through width-8 ConvNets,
// 15 evaluation steps on 200 test images. The views must draw what the run measured: both sets'
// accuracies at both sizes, the images at the last snapshot, and replay them from their real start.
const LINK = 'ipc=1,2&trainSize=500&testSize=200&iterations=8&realBatch=4&width=8&evalSteps=15';

test('datadam: distilled images per class replayed by the scrubber, accuracy vs images per class', async ({ page }) => {
  test.setTimeout(600_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/#/datadam?seed=1&${LINK}&run=1`);
  await waitDone(page, 590_000);
  const accuracy = page.getByTestId('view-data-distill-accuracy');
  const curves = JSON.parse((await accuracy.getAttribute('data-curves')) ?? '[]') as {
    set: string;
    ipc: number[];
    accuracy: number[];
  }[];
  console.log(`datadam small link in ${Date.now() - t0} ms: ${JSON.stringify(curves)}`);
  expect(curves.map((c) => c.set).sort()).toEqual(['distilled', 'random']);
  for (const c of curves) {
    expect(c.ipc).toEqual([1, 2]);
    for (const v of c.accuracy) expect(v >= 0 && v <= 100).toBe(true);
  }
  // The chart drew those numbers: each line ends at its set's accuracy at 2 images per class.
  for (const c of curves)
    await expect(accuracy.locator(`[data-series="${c.set}"]`).first()).toHaveAttribute(
      'data-last',
      String(c.accuracy[1]),
    );

  // The images at the end: the last iteration's snapshot, moved away from the real start.
  const images = (ipc: number) => page.getByTestId(`distill-images-${ipc}`);
  for (const ipc of [1, 2]) {
    await expect(images(ipc)).toHaveAttribute('data-step', '8');
    expect(Number(await images(ipc).getAttribute('data-change'))).toBeGreaterThan(0);
  }
  const endChange = Number(await images(1).getAttribute('data-change'));

  // Replay: at clock 0 the synthetic images are exactly the real ones they start from.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect(images(1)).toHaveAttribute('data-step', '0');
  await expect(images(1)).toHaveAttribute('data-change', '0');
  await expect(images(2)).toHaveCount(0);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect(images(1)).toHaveAttribute('data-step', '8');
  expect(Number(await images(1).getAttribute('data-change'))).toBe(endChange);

  await shootViewports(page, 'datadam', [
    { at: images(2), name: 'images' },
    { at: accuracy, name: 'accuracy' },
  ]);
});
