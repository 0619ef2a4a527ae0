/**
 * Screenshots of the web console for people to look at, written to the screenshot folder (fixtures/screens.ts): the
 * queue with the detail pane closed and open, at 1280x800 and 1920x1080, in light and
 * dark, and the queue with its Ticket column shown once the demo's automations have
 * ticketed the incidents. Checks only that the page drew what each picture is meant to show.
 */
import { mkdirSync } from 'node:fs';
import { test, expect } from './fixtures/console-server';
import { SCREENS } from './fixtures/screens';

const OUT = SCREENS;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots in ${colorScheme} mode`, async ({ page, console: running }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(SIZES[0]);
    await page.goto(running.consoleUrl);
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    await expect(grid.getByRole('row').nth(3)).toBeVisible();
    // Select two rows so the pictures show the selection column at work.
    await grid
      .getByRole('checkbox', { name: /Select incident/ })
      .nth(1)
      .check();
    await grid
      .getByRole('checkbox', { name: /Select incident/ })
      .nth(2)
      .check();

    for (const size of SIZES) {
      await page.setViewportSize(size);
      const tag = `${size.width}x${size.height}-${colorScheme}`;
      await page.keyboard.press('Escape');
      await expect(page.getByRole('complementary')).toHaveCount(0);
      await page.mouse.move(0, size.height - 1);
      await page.screenshot({ path: `${OUT}/queue-${tag}.png` });

      await grid.getByRole('row').nth(3).click();
      await expect(page.getByRole('complementary').first()).toBeVisible();
      await expect(page.getByRole('region', { name: 'Timeline' })).toBeVisible();
      await page.mouse.move(0, size.height - 1);
      await page.screenshot({ path: `${OUT}/queue-detail-${tag}.png` });
    }
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`ticket column screenshots in ${colorScheme} mode`, async ({ page, console: running }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(SIZES[0]);
    await page.goto(running.consoleUrl);
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    await expect(grid.getByRole('row').nth(3)).toBeVisible();
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Ticket' }).check();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('group', { name: 'Columns' })).toBeHidden();
    // The automations ticket the seeded incidents within a few seconds.
    await expect(grid.locator('[data-col="ticket"] .queue-ticket').nth(5)).toBeVisible({ timeout: 30_000 });

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect(grid.getByRole('columnheader', { name: 'Ticket' })).toBeVisible();
      await page.mouse.move(0, size.height - 1);
      await page.screenshot({ path: `${OUT}/queue-tickets-${size.width}x${size.height}-${colorScheme}.png` });
    }
  });
}
