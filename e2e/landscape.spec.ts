import { expect, test } from '@playwright/test';
import { waitDone } from './wait-done.ts';

// Tiny on purpose (SwiftShader): a 784-16-10 MLP, 60 steps, a 9×9 PCA plane on 100 examples.
const SLICE =
  'v=1&dataset=mnist&trainSize=500&hidden=16&steps=60&batch=50&lr=0.05&directions=pca&resolution=9&span=1&evalSize=100&checkpoints=10';

const DONE_TIMEOUT = 90_000;

const SHOTS = '/work/tmp/shots/fam-landscape';

test('landscape-slice defaults: SGD descends into a basin; contours with a log legend in nats, replay, both themes', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/#/landscape-slice?seed=1&run=1');
  await expect(page.getByTestId('experiment')).toBeVisible();
  await waitDone(page, 180_000);
  console.log(`landscape-slice defaults finished in ${Date.now() - t0} ms`);
  const surface = page.getByTestId('view-landscape-surface');
  const contour = surface.getByTestId('landscape-contour');
  // The effect: the loss falls by over an order of magnitude from initialization to the trained weights,
  // and the trajectory drawn on the plane runs downhill on the drawn surface.
  const init = Number(await surface.getAttribute('data-init-loss'));
  const trained = Number(await surface.getAttribute('data-trained-loss'));
  const trajectory = contour.getByTestId('landscape-trajectory');
  const start = Number(await trajectory.getAttribute('data-start'));
  const end = Number(await trajectory.getAttribute('data-end'));
  const [min, max] = [Number(await contour.getAttribute('data-min')), Number(await contour.getAttribute('data-max'))];
  console.log(
    `loss: init ${init}, trained ${trained}; on the plane: start ${start}, end ${end}, min ${min}, max ${max}`,
  );
  expect(init / trained).toBeGreaterThan(10);
  expect(start / end).toBeGreaterThan(5);
  expect(end).toBeLessThan(min * 3);
  await expect(trajectory).toHaveAttribute('data-points', '21');
  // The legend is the fill: 12 log-spaced bands from the drawn minimum to maximum, in nats.
  const legend = contour.locator('.color-legend');
  await expect(legend).toContainText('cross-entropy loss (nats) · log scale');
  const bands = legend.locator('.color-legend-bands rect');
  await expect(bands).toHaveCount(12);
  expect(Number(await bands.first().getAttribute('data-from'))).toBeCloseTo(min, 5);
  expect(Number(await bands.last().getAttribute('data-to'))).toBeCloseTo(max, 5);
  const fills = await bands.evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
  const paths = await contour
    .locator('.heatmap-contours path')
    .evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')));
  expect(paths).toEqual(fills);
  await expect(contour).toContainText('α (× ‖d₁‖ = 1, d₁ = trajectory PC 1)');
  await expect(contour.getByRole('button', { name: /as SVG/ })).toBeVisible();
  await expect(surface.getByTestId('landscape-wireframe').getByRole('button', { name: /as PNG/ })).toBeVisible();

  // Replay: before the plane is evaluated the view says what will come; back at the end it is redrawn.
  const trainLoss = page.getByTestId('view-metrics').locator('[data-series="train/loss"]');
  const finalLoss = (await trainLoss.getAttribute('data-last'))!;
  await page.getByTestId('step-scrubber').locator('input[type=range]').fill('3');
  await expect(surface.locator('.empty')).toContainText('once training ends');
  await expect(trainLoss).not.toHaveAttribute('data-last', finalLoss);
  await page.getByTestId('step-scrubber').getByRole('button', { name: 'Latest' }).click();
  await expect(contour).toHaveAttribute('data-min', String(min));
  await expect(trainLoss).toHaveAttribute('data-last', finalLoss);

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    // Axis titles and ticks take the theme's ink: never black on a dark page.
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const ink = await contour
      .locator('svg text')
      .first()
      .evaluate((t) => getComputedStyle(t).fill);
    // The first opaque background behind the figure.
    const bg = await contour.evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (!/rgba\(.*, 0\)$/.test(c) && c !== 'transparent') return c;
      }
      return 'rgb(255, 255, 255)';
    });
    expect(Math.abs(luminance(ink) - luminance(bg))).toBeGreaterThan(0.5);
    await contour.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/slice-1440-${theme}.png`, fullPage: true });
    await expect(contour).toHaveScreenshot(`landscape-headline-${theme}.png`, { maxDiffPixelRatio: 0.02 });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await surface.screenshot({ path: `${SHOTS}/slice-390-${theme}.png` });
  }
});

test('a plane through three checkpoints marks initialization, middle and trained weights', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`/#/landscape-slice?seed=1&${SLICE.replace('directions=pca', 'directions=checkpoints')}&run=1`);
  await waitDone(page, DONE_TIMEOUT);
  const surface = page.getByTestId('view-landscape-surface');
  const points = surface.getByTestId('landscape-plane-points');
  await expect(points.locator('rect')).toHaveCount(3);
  await expect(points).toContainText('initialization');
  await expect(points).toContainText('step 60');
  await surface.scrollIntoViewIfNeeded();
  await surface.screenshot({ path: `${SHOTS}/slice-checkpoints-plane.png` });
});

test('landscape-lmc defaults: copies split at step 20 share a basin, networks from different inits do not', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  await page.goto('/#/landscape-lmc?seed=1&run=1');
  await waitDone(page, 150_000);
  console.log(`landscape-lmc defaults finished in ${Date.now() - t0} ms`);
  const view = page.getByTestId('view-landscape-barriers');
  const within = JSON.parse((await view.getAttribute('data-within'))!) as Record<string, number>;
  console.log(`mean barriers within groups (points): ${JSON.stringify(within)}`);
  expect(within['k=20']).toBeLessThan(2);
  expect(within.init).toBeGreaterThan(10);
  const matrix = view.getByTestId('barrier-matrix');
  await expect(matrix.locator('.color-legend')).toContainText('error barrier (percentage points)');
  await expect(matrix).toContainText('init #2');
  await expect(matrix.getByRole('button', { name: /as SVG/ })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'dark' });
  await matrix.screenshot({ path: `${SHOTS}/lmc-matrix-dark.png` });
  await page.getByTestId('view-landscape-line').screenshot({ path: `${SHOTS}/lmc-line-dark.png` });
});

test('landscape-sharpness defaults: the sharpness climbs from below 2/η to the edge and stays near it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  await page.goto('/#/landscape-sharpness?seed=1&run=1');
  await waitDone(page, 150_000);
  console.log(`landscape-sharpness defaults finished in ${Date.now() - t0} ms`);
  const chart = page.getByTestId('view-landscape-sharpness').getByRole('figure', { name: 'Sharpness vs 2/η' });
  const edge = Number(await chart.locator('[data-series="threshold"]').getAttribute('data-last'));
  const s = JSON.parse(
    (await page.getByTestId('view-landscape-sharpness').getAttribute('data-sharpness'))!,
  ) as number[];
  console.log(`2/η = ${edge}; sharpness ${s.map((v) => v.toFixed(2)).join(' ')}`);
  expect(s[0]).toBeLessThan(0.7 * edge);
  const late = s.slice(Math.floor(s.length / 2)).sort((a, b) => a - b);
  const median = late[Math.floor(late.length / 2)];
  expect(median / edge).toBeGreaterThan(0.85);
  expect(median / edge).toBeLessThan(1.6);
  await page.emulateMedia({ colorScheme: 'dark' });
  await chart.screenshot({ path: `${SHOTS}/sharpness-dark.png` });
});

test('landscape-intrinsic-dim defaults: test accuracy climbs with the subspace size d', async ({ page }) => {
  test.setTimeout(180_000);
  const t0 = Date.now();
  await page.goto('/#/landscape-intrinsic-dim?seed=1&run=1');
  await waitDone(page, 150_000);
  console.log(`landscape-intrinsic-dim defaults finished in ${Date.now() - t0} ms`);
  const chart = page.getByTestId('intrinsic-chart');
  const acc = JSON.parse((await chart.getAttribute('data-accuracies'))!) as number[];
  const dense = Number(await chart.getAttribute('data-dense'));
  console.log(`dense ${dense}; subspace accuracies ${acc.join(', ')}`);
  expect(acc.at(-1)!).toBeGreaterThan(acc[0] + 0.2);
  expect(acc.at(-1)!).toBeLessThan(dense);
  await expect(chart).toContainText('subspace dimension d');
  await page.emulateMedia({ colorScheme: 'dark' });
  await chart.screenshot({ path: `${SHOTS}/intrinsic-dark.png` });
});

test('opposing outlier groups are shown with their images and loss traces, GD and Adam', async ({ page }) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  await page.goto(
    '/#/landscape-outliers?seed=1&v=1&dataset=mnist&trainSize=100&hidden=32&steps=40&lr=0.3&adamLr=0.003&every=20&iterations=3&k=4&spikes=2&window=5&run=1',
  );
  await waitDone(page, DONE_TIMEOUT);
  console.log(`landscape outliers run finished in ${Date.now() - t0} ms`);
  const view = page.getByTestId('view-landscape-outliers');
  await expect(view.getByTestId('outliers-gd').getByTestId('outlier-spike').first()).toBeVisible();
  await expect(view.getByTestId('outliers-gd').locator('canvas').first()).toBeVisible();
  await expect(
    view.getByRole('figure', { name: 'Full-batch loss: GD vs Adam' }).locator('[data-series="adam/loss"]'),
  ).toBeVisible();
  await view.getByTestId('outlier-spike').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/outliers-1440.png` });
});

test('a random teacher: student and teacher probe accuracies are traced', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/#/landscape-random-teacher?seed=1&v=1&dataset=mnist&trainSize=300&probeSize=200&testSize=200&hidden=32,32&out=16&steps=40&batch=32&lr=0.001&every=20&run=1',
  );
  await waitDone(page, DONE_TIMEOUT);
  const chart = page.getByTestId('view-landscape-teacher').getByRole('figure', { name: 'Linear-probe test accuracy' });
  await expect(chart.locator('[data-series="probe/student"]')).toHaveAttribute('data-last', /^0\.\d+/);
  await expect(chart.locator('[data-series="probe/teacher"]')).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${SHOTS}/teacher-1440-dark.png` });
});
