/**
 * Screenshots of the web console in light and dark, with the detail pane open, for
 * people to look at (written to /tmp). Checks only that the page drew the queue.
 */
import { test, expect } from './fixtures/console-server';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot in ${colorScheme} mode`, async ({ page, console: running }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme });
    await page.goto(running.consoleUrl);
    const rows = page.getByRole('grid', { name: 'Open incidents' }).getByRole('row');
    await expect(rows.nth(3)).toBeVisible();
    await page.screenshot({ path: `/tmp/console-queue-${colorScheme}.png` });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('complementary')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();
    await page.screenshot({ path: `/tmp/console-detail-${colorScheme}.png` });
    await page.keyboard.press('r');
    await expect(page.getByRole('dialog', { name: 'Resolve incident' })).toBeVisible();
    await page.keyboard.type('Restarted the indexer pods');
    await page.screenshot({ path: `/tmp/console-resolve-${colorScheme}.png` });
  });
}
