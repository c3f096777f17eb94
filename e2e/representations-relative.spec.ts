import { expect, test, type Locator } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: 400 training images, 60 anchors, narrow encoders of two widths, 3 epochs.
const LINK =
  '/#/relative-representations?v=1&seed=1&trainSize=400&testSize=200&anchors=60&latent=16&hidden=48&hidden2=32&epochs=3&run=1';

interface Matrix {
  epoch: number;
  unstitched: number;
  stitched: number;
  cosine: number;
  cka: number;
  knnJaccard: number;
  cells: { encoder: number; head: number; accuracy: number }[];
}

async function matrixOf(view: Locator, mode: string): Promise<Matrix> {
  const m = view.getByTestId(`stitching-${mode}`);
  const attr = async (name: string) => Number(await m.getAttribute(name));
  const cells = await m.locator('text[data-accuracy]').evaluateAll((els) =>
    els.map((e) => ({
      encoder: Number(e.getAttribute('data-encoder')),
      head: Number(e.getAttribute('data-head')),
      accuracy: Number(e.getAttribute('data-accuracy')),
    })),
  );
  return {
    epoch: await attr('data-epoch'),
    unstitched: await attr('data-unstitched'),
    stitched: await attr('data-stitched'),
    cosine: await attr('data-cosine'),
    cka: await attr('data-cka'),
    knnJaccard: await attr('data-knn-jaccard'),
    cells,
  };
}

test('relative representations: stitching matrices of both codes, their summaries, and replay by epoch', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const seconds = await openRun(page, LINK, 280_000);
  const view = page.getByTestId('view-relative-representations');
  const abs = await matrixOf(view, 'absolute');
  const rel = await matrixOf(view, 'relative');
  console.log(`relative-representations link in ${seconds.toFixed(0)} s: ${JSON.stringify({ abs, rel })}`);
  for (const m of [abs, rel]) {
    expect(m.epoch).toBe(3);
    expect(m.cells).toHaveLength(4);
    const at = (e: number, h: number) => m.cells.find((c) => c.encoder === e && c.head === h)!.accuracy;
    // The summaries are the diagonal's and the off-diagonal's means of the cells drawn.
    expect(m.unstitched).toBeCloseTo((at(1, 1) + at(2, 2)) / 2, 6);
    expect(m.stitched).toBeCloseTo((at(1, 2) + at(2, 1)) / 2, 6);
    // Each run with its own head is well above chance (10%).
    expect(at(1, 1)).toBeGreaterThan(0.4);
    expect(at(2, 2)).toBeGreaterThan(0.4);
  }
  // Relative codes share their coordinates (the anchors), absolute latents of two seeds do not.
  expect(rel.cosine).toBeGreaterThan(abs.cosine + 0.1);
  // kNN-Jaccard retrieves each image's run-2 neighbours from its run-1 code among 200 images: at chance two
  // 10-sets share ~100/200 ids (Jaccard ≈ 0.026). Absolute latents of two seeds are in unrelated bases, so
  // near chance; relative codes share the anchors' coordinates and retrieve well above it.
  expect(abs.knnJaccard).toBeGreaterThanOrEqual(0);
  expect(abs.knnJaccard).toBeLessThan(0.1);
  expect(rel.knnJaccard).toBeGreaterThan(abs.knnJaccard + 0.05);
  expect(rel.knnJaccard).toBeLessThanOrEqual(1);
  // The similarity chart's last points are the numbers the captions print.
  const similarity = view.getByTestId('code-similarity');
  for (const [mode, m] of [
    ['absolute', abs],
    ['relative', rel],
  ] as const)
    for (const [metric, v] of [
      ['knn-jaccard', m.knnJaccard],
      ['cka', m.cka],
    ] as const)
      expect(
        Number(await similarity.locator(`[data-series="${mode}-${metric}"]`).getAttribute('data-last')),
      ).toBeCloseTo(v, 6);
  await expect(view.getByTestId('codes-relative')).toBeVisible();
  await expect(view.getByTestId('codes-absolute')).toBeVisible();

  // Replay: one stop back (one evaluation per epoch) shows epoch 2's matrix; Latest brings back the last.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill(String(Number(await scrubber.getAttribute('max')) - 1));
  await expect.poll(async () => (await matrixOf(view, 'relative')).epoch).toBe(2);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(async () => (await matrixOf(view, 'relative')).stitched).toBe(rel.stitched);

  await shootViewports(
    page,
    'relative-representations',
    ['stitching-absolute', 'code-similarity', 'codes-relative'].map((name) => ({ at: view.getByTestId(name), name })),
    { desktop: 1300 },
  );
});
