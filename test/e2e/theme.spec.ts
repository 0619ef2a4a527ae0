/** The theme switch in the header: system, light or dark, kept across a reload. */
import { test, expect } from './fixtures/console-server';

test('the header switches between the system theme, light and dark, and keeps the choice', async ({ page, console: running }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' })).toBeVisible();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  await page.getByRole('button', { name: 'Theme: Follow the system' }).click();
  await page.getByRole('menuitem', { name: 'Dark' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.reload();
  await expect(page.getByRole('grid', { name: 'Open incidents' })).toBeVisible();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');

  // Back to the system's: it follows the system's change.
  await page.getByRole('button', { name: 'Theme: Dark' }).click();
  await page.getByRole('menuitem', { name: 'Follow the system' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
});
