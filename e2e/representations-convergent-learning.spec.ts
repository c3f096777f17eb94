import { expect, test } from '@playwright/test';
import { openRun, shootViewports } from './viewports.ts';

// A smaller link than the defaults: two 784-32-32-10 MLPs, 500 training images, 2 epochs, 300 probe images.
const LINK = '/#/convergent-learning?v=1&seed=1&trainSize=500&probeSize=300&epochs=2&hidden=32&depth=2&run=1';

interface ClusterLayer {
  step: number;
  trained: { within: number; across: number; mixed: number };
  shuffled: { within: number; across: number; mixed: number };
}

interface SparseLayer {
  layer: string;
  oneToOne: number;
  points: { lambda: number; error: number; nonzeros: number; shuffled: number }[];
}

test('convergent learning: matched correlations beat both controls, the matched matrix holds them on its diagonal', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const seconds = await openRun(page, LINK, 220_000);
  const view = page.getByTestId('view-convergent-learning');
  const read = async () => ({
    layers: JSON.parse((await view.getAttribute('data-layers')) ?? '[]') as string[],
    layer: await view.getAttribute('data-layer'),
    units: Number(await view.getAttribute('data-units')),
    trained: Number(await view.getAttribute('data-mean-trained')),
    untrained: Number(await view.getAttribute('data-mean-untrained')),
    shuffled: Number(await view.getAttribute('data-mean-shuffled')),
    diagonal: Number(await view.getAttribute('data-diagonal-mean')),
    high: Number(await view.getAttribute('data-high')),
    low: Number(await view.getAttribute('data-low')),
    sparse: JSON.parse(
      (await view.getByTestId('convergent-sparse').getAttribute('data-sparse')) ?? '[]',
    ) as SparseLayer[],
    many: JSON.parse((await view.getByTestId('convergent-many').getAttribute('data-many')) ?? '[]') as ClusterLayer[],
  });
  const first = await read();
  console.log(`convergent-learning link in ${seconds.toFixed(0)} s: ${JSON.stringify(first)}`);
  expect(first.layers).toEqual(['fc1', 'fc2']);
  expect(first.layer).toBe('fc1');
  expect(first.units).toBe(32);
  // Correlations, so in [−1, 1]; trained nets share more than two untrained ones, and both far more than a shuffled probe.
  for (const r of [first.trained, first.untrained, first.shuffled]) expect(Math.abs(r)).toBeLessThanOrEqual(1);
  expect(first.trained).toBeGreaterThan(first.untrained);
  expect(first.untrained).toBeGreaterThan(first.shuffled);
  expect(first.shuffled).toBeLessThan(0.3);
  // The matched matrix's diagonal is the Hungarian pairs' r: the same numbers as the histogram's (float32 vs float64).
  expect(Math.abs(first.diagonal - first.trained)).toBeLessThan(1e-4);
  expect(first.high + first.low).toBeLessThanOrEqual(1);
  await expect(view.getByTestId('convergent-correlation')).toBeVisible();
  await expect(view.getByRole('figure', { name: /Matched r per unit/ }).locator('path')).not.toHaveCount(0);

  // One-to-many: per layer a lasso path from the sparsest map (largest λ) to the densest. Fewer
  // weights as λ grows; the best map beats the one-to-one match (one weight per unit); the shuffled-rows
  // control explains nothing at the sparse end and stays above the real maps, far above the best one.
  expect(first.sparse.map((l) => l.layer)).toEqual(['fc1', 'fc2']);
  for (const l of first.sparse) {
    const lambdas = l.points.map((x) => x.lambda);
    expect(lambdas).toEqual([...lambdas].sort((a, b) => b - a));
    expect(l.points.length).toBeGreaterThanOrEqual(4);
    for (const [k, x] of l.points.entries()) {
      expect(x.nonzeros).toBeGreaterThanOrEqual(0);
      expect(x.nonzeros).toBeLessThanOrEqual(32);
      if (k > 0) expect(x.nonzeros).toBeGreaterThanOrEqual(l.points[k - 1].nonzeros - 0.5);
      expect(x.shuffled).toBeGreaterThan(x.error);
    }
    expect(l.points[0].shuffled).toBeGreaterThan(0.9);
    expect(l.oneToOne).toBeGreaterThan(0);
    expect(l.oneToOne).toBeLessThan(1.2);
    const best = l.points.reduce((a, x) => (x.error < a.error ? x : a));
    expect(best.error).toBeLessThan(l.oneToOne);
    expect(best.shuffled - best.error).toBeGreaterThan(0.2);
  }
  await expect(view.getByRole('figure', { name: /One-to-many/ }).locator('circle')).not.toHaveCount(0);

  // Many-to-many: both nets' units clustered together; A–B pairs in one cluster correlate more than
  // pairs in different clusters, and by more than with the shuffled probe, whose gap is near 0.
  expect(first.many.map((l) => l.step)).toEqual([1, 2]);
  for (const { trained, shuffled } of first.many) {
    for (const v of [...Object.values(trained), ...Object.values(shuffled)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(trained.within).toBeGreaterThan(trained.across);
    expect(trained.within - trained.across).toBeGreaterThan(shuffled.within - shuffled.across);
    expect(Math.abs(shuffled.within - shuffled.across)).toBeLessThan(0.1);
    expect(trained.mixed).toBeGreaterThan(0);
  }

  await view.getByRole('combobox', { name: 'Layer shown' }).selectOption('fc2');
  const second = await read();
  expect(second.layer).toBe('fc2');
  expect(second.trained).not.toBe(first.trained);
  await view.getByRole('combobox', { name: 'Layer shown' }).selectOption('fc1');

  // Replay: at the start of the run only the untrained pair was compared, so no trained layer is drawn; Latest brings them back.
  const scrubber = page.getByTestId('step-scrubber').locator('input[type=range]');
  await scrubber.fill('0');
  await expect.poll(async () => (await read()).layers).toEqual([]);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect.poll(read).toEqual(first);

  await shootViewports(page, 'convergent-learning', [
    { at: view, shoot: 'page' },
    { at: view.getByTestId('convergent-sparse'), name: 'sparse', shoot: 'element' },
    { at: view.getByTestId('convergent-many'), name: 'many', shoot: 'element' },
  ]);
});
