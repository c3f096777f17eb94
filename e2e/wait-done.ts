import { expect, type Page } from '@playwright/test';

/** Waits for the current run to end (done, failed or diverged) and requires that it finished. */
export async function waitDone(page: Page, timeout: number): Promise<void> {
  const status = page.getByTestId('run-line').locator('[data-status]');
  await expect(status).toHaveAttribute('data-status', /done|failed|diverged/, { timeout });
  await expect(status).toHaveAttribute('data-status', 'done');
}
