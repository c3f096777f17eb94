import { existsSync, readFileSync } from 'node:fs';
import { chromium, expect, test } from '@playwright/test';
import type { DatasetInfo } from '../src/lab/api.ts';
import { CATALOGUE, FAMILIES } from '../src/lab/catalogue.ts';
import { baseChromiumArgs, chromiumPath } from '../playwright.config.ts';

const INDEX = new URL('../public/datasets/index.json', import.meta.url);

/** What the app should list: the datasets in public/datasets/index.json, or none. */
function expectedDatasets(): DatasetInfo[] {
  if (!existsSync(INDEX)) return [];
  try {
    const parsed = JSON.parse(readFileSync(INDEX, 'utf8')) as { datasets?: DatasetInfo[] };
    return Array.isArray(parsed.datasets) ? parsed.datasets : [];
  } catch {
    return [];
  }
}

test('first screen: WebGPU works inside the lab worker and datasets are listed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('banner')).toContainText('Tabula');
  const catalogue = page.getByTestId('catalogue');
  for (const family of FAMILIES)
    await expect(catalogue.locator(`[data-family="${family.id}"]`)).toContainText(family.title);
  // Families without an experiment yet say so; the others link to theirs.
  const empty = FAMILIES.filter((f) => !CATALOGUE.some((m) => m.family === f.id));
  await expect(catalogue.getByText('coming soon')).toHaveCount(empty.length);
  for (const m of CATALOGUE)
    await expect(catalogue.getByRole('link', { name: m.title })).toHaveAttribute('href', new RegExp(`^#/${m.id}\\?`));

  const adapter = page.getByTestId('adapter-status');
  await expect(adapter).toHaveAttribute('data-state', 'ok');
  await expect(adapter).toContainText('WebGPU');
  const label = (await page.getByTestId('adapter-label').textContent()) ?? '';
  expect(label.replace(/^WebGPU:\s*/, '').trim()).not.toBe('');
  expect(label).not.toContain('unnamed adapter');
  // The add-one kernel ran in the worker and its read-back matched.
  await expect(page.getByTestId('probe-check')).toHaveAttribute('data-passed', 'true');
  await expect(page.getByTestId('probe-check')).toContainText(/passed in \d+(\.\d)? ms/);

  const datasets = page.getByTestId('datasets-status');
  await expect(datasets).toHaveAttribute('data-state', 'ready');
  const expected = expectedDatasets();
  if (expected.length === 0) {
    await expect(datasets).toContainText('run npm run datasets');
  } else {
    for (const d of expected) {
      const entry = datasets.locator(`[data-dataset="${d.name}"]`);
      await expect(entry).toContainText(d.title);
      await expect(entry).toContainText(`${d.train.toLocaleString('en-US')} train`);
      await expect(entry).toContainText(`${d.test.toLocaleString('en-US')} test`);
    }
    await expect(datasets.locator('[data-dataset]')).toHaveCount(expected.length);
  }
});

test('without WebGPU the page explains how to enable it', async ({ baseURL }) => {
  // Without --enable-unsafe-webgpu, Linux Chromium still has navigator.gpu but finds no adapter.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: baseChromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(baseURL!);
    const adapter = page.getByTestId('adapter-status');
    await expect(adapter).toHaveAttribute('data-state', 'unavailable');
    await expect(adapter).toContainText('WebGPU: unavailable');
    const help = page.getByTestId('webgpu-unavailable');
    await expect(help.getByRole('heading', { level: 1 })).toHaveText('WebGPU is unavailable');
    await expect(help).toContainText('Chrome or Edge 113+');
    await expect(help).toContainText('--enable-unsafe-webgpu --enable-features=Vulkan');
    await expect(help).toContainText('Firefox Nightly');
    await expect(help).toContainText('Safari Technology Preview');
    await expect(help.getByRole('link', { name: 'caniuse.com/webgpu' })).toHaveAttribute(
      'href',
      'https://caniuse.com/webgpu',
    );
    // The rest of the shell stays usable.
    await expect(page.getByTestId('catalogue')).toBeVisible();
    await expect(page.getByTestId('datasets-status')).toHaveAttribute('data-state', 'ready');
  } finally {
    await browser.close();
  }
});
