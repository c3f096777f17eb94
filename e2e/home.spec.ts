import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { CATALOGUE, FAMILIES } from '../src/lab/catalogue.ts';
import type { ThumbIndex } from '../src/ui/thumbs.ts';

const PHONE = { width: 390, height: 844 };
const INDEX = new URL('../public/thumbs/index.json', import.meta.url);
const thumbs: ThumbIndex = existsSync(INDEX) ? (JSON.parse(readFileSync(INDEX, 'utf8')) as ThumbIndex) : {};

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

/** The last value of the train loss the Loss chart drew, once it has drawn one. */
async function trainLoss(page: Page): Promise<number> {
  const item = page
    .getByTestId('view-metrics')
    .getByRole('figure', { name: 'Loss' })
    .locator('[data-series="train/loss"]');
  await expect(item).toHaveAttribute('data-last', /\d/, { timeout: 90_000 });
  return Number(await item.getAttribute('data-last'));
}

for (const viewport of [{ width: 1440, height: 900 }, PHONE]) {
  const touch = viewport.width < 500;
  test.describe(`home at ${viewport.width} px`, () => {
    test.use({ viewport, hasTouch: touch, isMobile: touch });

    test('a start card per family opens its headline experiment and the run starts at once', async ({ page }) => {
      test.setTimeout(150_000);
      await page.goto('/');
      await expect(page.getByTestId('adapter-status')).toHaveAttribute('data-state', 'ok');
      await expect(page.getByTestId('welcome')).not.toContainText('being built');
      for (const f of FAMILIES) {
        const card = page.getByTestId(`start-${f.id}`);
        const link = card.getByTestId('start-link');
        await expect(link).toBeVisible();
        await expect(link).toHaveAttribute('href', new RegExp(`^#/${f.experiments[0].id}\\?(.*&)?run=1(&|$)`));
        const t = thumbs[f.id];
        if (!t) continue;
        // The picture loaded, and says it comes from a real run and which.
        const img = card.locator('img');
        await expect(img).toHaveAttribute('src', `thumbs/${t.file}`);
        await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(t.width);
        await expect(card.getByTestId('thumb-label')).toContainText(`From a real run: ${t.title}, seed ${t.seed}, `);
      }
      await page.screenshot({ path: test.info().outputPath(`home-${viewport.width}.png`) });
      if (touch) expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // The GPU's facts wait in a closed panel below the cards.
      const gpu = page.getByTestId('gpu-details');
      await expect(gpu).not.toHaveAttribute('open');
      await expect(gpu.getByText('Max buffer')).toBeHidden();
      await gpu.locator('> summary').click();
      await expect(gpu.getByText('Max buffer')).toBeVisible();

      // One click (a tap on the phone) to a running experiment with a number on screen.
      const start = page.getByTestId('start-train').getByTestId('start-link');
      if (touch) await start.tap();
      else await start.click();
      await expect(page.getByTestId('experiment')).toHaveAttribute('data-experiment', 'train');
      await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute(
        'data-status',
        /running|done/,
        { timeout: 30_000 },
      );
      const loss = await trainLoss(page);
      expect(loss).toBeGreaterThan(0);
      expect(loss).toBeLessThan(10);
      await page.screenshot({ path: test.info().outputPath(`started-${viewport.width}.png`) });
      if (touch) expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await page.getByRole('button', { name: 'Stop' }).click();
      await expect(page.getByTestId('run-line').locator('[data-status]')).toHaveAttribute(
        'data-status',
        /stopped|done/,
      );
    });
  });
}

test.describe('on a phone', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test('every experiment comes first with Run in the first screen, and nothing is wider than the phone', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await expect(page.getByTestId('adapter-status')).toHaveAttribute('data-state', 'ok');
    for (const m of CATALOGUE) {
      await page.goto(`/#/${m.id}`);
      await expect(page.getByTestId('experiment')).toHaveAttribute('data-experiment', m.id);
      await expect(page.getByTestId('catalogue')).toBeHidden();
      const run = page.getByTestId('run-button');
      await expect(run).toBeEnabled();
      const box = (await run.boundingBox())!;
      expect(box.y + box.height, `${m.id}: Run's bottom edge`).toBeLessThanOrEqual(PHONE.height);
      expect(await pageWidth(page), `${m.id}: page width`).toBeLessThanOrEqual(PHONE.width);
    }
  });

  test('the catalogue is a drawer: tapping an entry closes it and shows the experiment', async ({ page }) => {
    await page.goto('/#/train');
    const catalogue = page.getByTestId('catalogue');
    const toggle = page.getByRole('button', { name: 'Experiments', exact: true });
    await expect(catalogue).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await toggle.tap();
    await expect(catalogue).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // The drawer covers part of the page, and the page under it does not scroll sideways.
    const drawer = (await catalogue.boundingBox())!;
    expect(drawer.x).toBe(0);
    expect(drawer.width).toBeLessThan(PHONE.width);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: test.info().outputPath('drawer-390.png') });

    const target = CATALOGUE.find((m) => m.id === 'lottery-ticket')!;
    await catalogue.getByRole('link', { name: target.title }).tap();
    await expect(catalogue).toBeHidden();
    await expect(page.getByTestId('experiment')).toHaveAttribute('data-experiment', target.id);
    await expect(page.getByTestId('run-button')).toBeInViewport();

    // The backdrop, its Close button and Escape close it too, without picking anything.
    await toggle.tap();
    await expect(catalogue).toBeVisible();
    // The backdrop shows beside the drawer, at the right edge.
    await page
      .getByRole('button', { name: 'Close the experiments list' })
      .tap({ position: { x: PHONE.width - 15, y: 400 } });
    await expect(catalogue).toBeHidden();
    await toggle.tap();
    await catalogue.getByRole('button', { name: 'Close' }).tap();
    await expect(catalogue).toBeHidden();
    await toggle.tap();
    await expect(catalogue).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(catalogue).toBeHidden();
    await expect(page.getByTestId('experiment')).toHaveAttribute('data-experiment', target.id);

    // Parameters are folded on a phone and open with a tap; their help opens with a tap too (no hover).
    const params = page.getByTestId('params-panel');
    await expect(params).not.toHaveAttribute('open');
    await params.locator('summary').first().tap();
    await expect(page.getByLabel('Learning rate', { exact: true })).toBeVisible();
    const lr = page.locator('[data-param="lr"]');
    await expect(lr.locator('.field-about p')).toBeHidden();
    await lr.locator('.field-about summary').tap();
    await expect(lr.locator('.field-about p')).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});
