import { expect, test, type Page } from '@playwright/test';
import { metaById } from '../src/lab/catalogue.ts';
import { waitDone } from './wait-done.ts';

// Small runs (SwiftShader) of experiments whose headline views differ in shape: a view of several
// rows (masks), a composite figure (landscape surface), two charts (metrics), a grid of maps (attention).
const RUNS: Array<[string, string]> = [
  [
    'lottery-ticket',
    'v=1&dataset=mnist&trainSize=400&testSize=200&hidden=64,32&batch=50&epochs=2&lr=0.003&rounds=2&rate=0.5&outputRate=0.25&controls=true&seeds=1',
  ],
  [
    'landscape-slice',
    'v=1&dataset=mnist&trainSize=500&hidden=16&steps=60&batch=50&lr=0.05&directions=pca&resolution=9&span=1&evalSize=100&checkpoints=10',
  ],
  [
    'train',
    'v=1&dataset=mnist&model=lenet300&trainSize=500&testSize=200&batch=50&epochs=1&optimizer=adam&lr=0.002&schedule=constant',
  ],
  // Four heads: the grid that used to lose its last head off the edge.
  [
    'vit-attention',
    'v=1&trainSize=96&testSize=64&patch=7&layers=2&features=16&heads=4&lr=0.003&batch=48&epochs=1&examples=3',
  ],
];

interface Layout {
  views: { left: number; right: number; width: number };
  /** The view names in page order, and which one is the headline. */
  order: string[];
  headline: string | null;
  headlineWidth: number;
  /** Figures of the small multiples: their tops and widths. */
  cells: Array<{ top: number; width: number }>;
  /** Boxes that scroll or spill sideways: what, and by how many pixels. */
  overflow: string[];
  pageWidth: number;
}

/** Measures the dashboard: the order of the views, their widths, and anything wider than its box or the views. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const views = document.querySelector<HTMLElement>('.views')!;
    const vr = views.getBoundingClientRect();
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${el.className}`;
    const overflow: string[] = [];
    for (const el of [views, ...views.querySelectorAll<HTMLElement>('*')]) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // display: contents, or not shown
      const boxed = el.matches('.view, figure, .chart, .view-row') || getComputedStyle(el).overflowX !== 'visible';
      if (boxed && el.scrollWidth > el.clientWidth + 1)
        overflow.push(`${name(el)} scrolls ${el.scrollWidth - el.clientWidth} px`);
      if (box.left < vr.left - 1 || box.right > vr.right + 1) overflow.push(`${name(el)} sticks out of the views`);
    }
    const headline = views.querySelector<HTMLElement>(':scope > .view-headline');
    const more = views.querySelector(':scope > .views-more');
    const cells = more
      ? [...more.querySelectorAll('figure, .chart, [data-testid^="view-"]')]
          .filter((el) => el.parentElement?.closest('figure, .chart') == null)
          // A figure made to span the whole row (the misclassified gallery) is not a small multiple.
          .filter((el) => getComputedStyle(el).gridColumnEnd !== '-1')
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 0)
          .map((r) => ({ top: Math.round(r.top), width: r.width }))
      : [];
    return {
      views: { left: vr.left, right: vr.right, width: vr.width },
      order: [...views.querySelectorAll('.view')].map((v) => v.getAttribute('data-view')!),
      headline: headline?.getAttribute('data-view') ?? null,
      headlineWidth: headline?.getBoundingClientRect().width ?? 0,
      cells,
      overflow,
      pageWidth: document.scrollingElement!.scrollWidth,
    };
  });
}

test.use({ viewport: { width: 1280, height: 1000 } });

for (const [id, link] of RUNS) {
  test(`${id}: the headline view leads across the width, the others are small multiples, nothing clipped at 1280–1920 px`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const meta = metaById(id)!;
    const headline = meta.views.find((v) => v !== 'progress')!;
    await page.goto(`/#/${id}?seed=1&${link}&run=1`);
    await waitDone(page, 120_000);
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 1000 });
      await expect(page.locator('.view-headline')).toHaveAttribute('data-view', headline);
      const l = await measure(page);
      expect(l.overflow, `${id} at ${width} px`).toEqual([]);
      expect(l.pageWidth).toBeLessThanOrEqual(width);
      // Progress, then the headline, then the rest in the experiment's order.
      expect(l.order).toEqual([
        ...meta.views.filter((v) => v === 'progress'),
        headline,
        ...meta.views.filter((v) => v !== 'progress' && v !== headline),
      ]);
      expect(l.headline).toBe(headline);
      expect(l.headlineWidth).toBeGreaterThan(l.views.width - 2);
      // The views get most of the screen beside the catalogue and the parameters.
      expect(l.views.width).toBeGreaterThan(width * 0.55);
      if (l.cells.length > 1) {
        // Small multiples share rows: fewer rows than figures, each narrower than the headline.
        expect(new Set(l.cells.map((c) => c.top)).size).toBeLessThan(l.cells.length);
        for (const c of l.cells) expect(c.width).toBeLessThan(l.headlineWidth * 0.7);
      }
      await page.locator('.experiment').screenshot({ path: test.info().outputPath(`${id}-${width}.png`) });
    }
  });
}

test('folding the parameters gives the views the whole width', async ({ page }) => {
  await page.goto('/#/train');
  const before = await measure(page);
  await page.getByTestId('params-panel').locator('summary').first().click();
  await expect(page.getByTestId('params-panel')).not.toHaveAttribute('open');
  const after = await measure(page);
  expect(after.views.width).toBeGreaterThan(before.views.width + 200);
  // The catalogue column folds away too.
  await page.getByRole('button', { name: 'Experiments' }).click();
  await expect(page.getByTestId('catalogue')).toBeHidden();
  const wide = await measure(page);
  expect(wide.views.width).toBeGreaterThan(after.views.width + 200);
  expect(wide.overflow).toEqual([]);
});
