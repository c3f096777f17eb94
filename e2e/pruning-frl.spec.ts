import { expect, test } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

// A tiny FRL vs FedAvg run (SwiftShader runs the kernels on the CPU): 4 clients on 200 images, 2 rounds.
const SMALL =
  'v=1&dataset=mnist&trainSize=200&testSize=200&hidden=16,16&density=0.5&clients=4&shards=2&malicious=0.25&attackScale=5&rounds=2&localEpochs=1&batch=25&lrScores=0.3&lrWeights=0.05';

test.use({ viewport: { width: 1500, height: 2000 } });

test('a tiny federated run draws accuracy per round, the global ranking and the vote agreement', async ({ page }) => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  await page.goto(`/#/supermask-frl?seed=1&${SMALL}&run=1`);
  await expect(page.getByTestId('experiment')).toBeVisible();
  await waitDone(page, 160_000);
  console.log(`tiny FRL run finished in ${Date.now() - t0} ms`);

  const view = page.getByTestId('view-frl');
  const acc = view.getByRole('figure', { name: /Test accuracy per round/ });
  for (const arm of ['fed/FRL/clean', 'fed/FRL/attacked', 'fed/FedAvg/clean', 'fed/FedAvg/attacked'])
    await expect(acc.locator(`[data-series="${arm}"]`)).toHaveCount(1);
  await expect(view.getByTestId('drop-FRL')).toContainText('pt');
  await expect(view.getByTestId('drop-FedAvg')).toContainText('pt');
  await expect(view.getByTestId('frl-rank')).toHaveCount(3);
  // Every heatmap states what its colour measures.
  await expect(view.getByTestId('frl-agreement').locator('.color-legend')).toContainText('shared top-k edges');
  await expect(view.getByTestId('frl-rank').first().locator('.color-legend')).toContainText('global vote rank');
  // The agreement of a sender with itself is 1: the diagonal is the scale's top.
  expect(Number(await view.getByTestId('frl-agreement').locator('figure').getAttribute('data-max'))).toBe(1);
  await expect(view.getByTestId('frl-vs-global').locator('li')).toHaveCount(4);
  await expect(view.getByTestId('frl-vs-global').locator('li').first()).toContainText('malicious');
  await view.screenshot({ path: shots('frl-1500-light.png') });
});

test('a tiny random search draws best-of-k against k and the winning node mask', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(
    '/#/random-search-masks?seed=1&v=1&dataset=mnist&trainSize=200&valSize=100&testSize=200&hidden=32,32&nodeDensity=0.25&candidates=3&proxyEpochs=1&epochs=1&batch=50&lr=0.003&seeds=1&run=1',
  );
  await waitDone(page, 160_000);
  const view = page.getByTestId('view-random-search');
  await expect(
    view.getByRole('figure', { name: /best-of-k mask/ }).locator('[data-series="rs/best-of-k/s1"]'),
  ).toHaveCount(1);
  await expect(view.getByRole('figure', { name: /Proxy score/ }).locator('[data-series="rs/proxy/s1"]')).toHaveCount(1);
  await expect(view.getByTestId('rs-units').locator('canvas')).toBeVisible();
  await view.screenshot({ path: shots('search-1500-light.png') });
});

test('a tiny layer-vs-filter pruning run fills the arm table and the block strip', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(
    '/#/layer-pruning-init?seed=1&v=1&dataset=fashion-mnist&trainSize=200&testSize=200&width=16&blocks=4&fraction=0.5&criterion=cka&epochs=1&batch=50&lr=0.003&seeds=1&run=1',
  );
  await waitDone(page, 160_000);
  const view = page.getByTestId('view-layer-pruning');
  await expect(view.getByTestId('lp-blocks')).toContainText('removed');
  // fraction=0.5 of 4 blocks: two are removed, and the strip's legend says what the blue measures.
  expect((await view.getByTestId('lp-blocks').getAttribute('data-removed'))!.split(',')).toHaveLength(2);
  await expect(view.getByTestId('lp-blocks').locator('.color-legend')).toContainText('block score at init');
  for (const arm of ['dense', 'layer', 'filter'])
    await expect(view.getByTestId('lp-table').locator(`tr[data-arm="${arm}"] td`).first()).toContainText('%');
  await view.screenshot({ path: shots('layer-1500-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 2000 });
  await view.screenshot({ path: shots('layer-390-dark.png') });
});
