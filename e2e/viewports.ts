import { expect, type Locator, type Page } from '@playwright/test';
import { shots } from './shots.ts';
import { waitDone } from './wait-done.ts';

/** Opens a run link, waits until the run is done and gives the seconds it took, for the test's log. */
export async function openRun(page: Page, link: string, timeout: number): Promise<number> {
  const t0 = Date.now();
  await page.goto(link);
  await waitDone(page, timeout);
  return (Date.now() - t0) / 1000;
}

/** One screenshot of a view: the part scrolled into view, shot as the viewport, the whole page or the part alone. */
export interface ShotPart {
  at: Locator;
  /** Added to the file name when a view is shot in several parts. */
  name?: string;
  shoot?: 'viewport' | 'page' | 'element';
}

/** The two widths every view is read at (DEVELOPERS.md), with the window height used at each. */
export interface Viewports {
  desktop?: number;
  phone?: number;
}

/**
 * Screenshots for looking at by hand at 1,440 and 390 px, in the light and the dark theme:
 * `<name>-<width>-<theme>[-<part>].png` under shots(). At each width the page must fit the window:
 * a figure or legend wider than a phone would scroll the whole page sideways.
 */
export async function shootViewports(
  page: Page,
  name: string,
  parts: readonly ShotPart[],
  heights: Viewports = {},
): Promise<void> {
  for (const [width, height] of [
    [1440, heights.desktop ?? 1000],
    [390, heights.phone ?? 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    // Polled: charts re-lay themselves out when their box resizes.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `${name} at ${width} px` })
      .toBeLessThanOrEqual(width);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const part of parts) {
        await part.at.scrollIntoViewIfNeeded();
        const path = shots(`${name}-${width}-${theme}${part.name ? `-${part.name}` : ''}.png`);
        const shoot = part.shoot ?? 'viewport';
        await (shoot === 'element'
          ? part.at.screenshot({ path })
          : page.screenshot({ path, fullPage: shoot === 'page' }));
      }
    }
  }
}
