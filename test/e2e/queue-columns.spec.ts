/**
 * The queue's columns end to end: hiding one (from the columns menu) survives a reload,
 * and the keyboard-reachable header menu moves a column.
 */
import { test, expect } from './fixtures/console-server';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
});

test('a hidden column stays hidden after a reload', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Service' })).toBeVisible();

  await page.getByRole('button', { name: 'Columns' }).click();
  const columns = page.getByRole('group', { name: 'Columns' });
  await columns.getByRole('checkbox', { name: 'Service' }).uncheck();
  await expect(grid.getByRole('columnheader', { name: 'Service' })).toHaveCount(0);
  // Show a column hidden by default, too.
  await columns.getByRole('checkbox', { name: 'Tenant' }).check();
  await expect(grid.getByRole('columnheader', { name: 'Tenant' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Title' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Service' })).toHaveCount(0);
  await expect(grid.getByRole('columnheader', { name: 'Tenant' })).toBeVisible();
  await expect(grid.locator('[role="row"][data-incident-id] [data-col="service"]')).toHaveCount(0);
});

test('the header menu moves a column left', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible();
  const headers = () => grid.getByRole('columnheader').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label')));
  const before = await headers();
  const teamAt = before.indexOf('Team');
  expect(teamAt).toBeGreaterThan(1);

  await grid.getByRole('button', { name: 'Team column options' }).click();
  await page.getByRole('menuitem', { name: 'Move left' }).click();
  const after = await headers();
  expect(after.indexOf('Team')).toBe(teamAt - 1);
  expect(after[teamAt]).toBe(before[teamAt - 1]);
  // Cells follow their header.
  await expect(
    grid
      .locator('[role="row"][data-incident-id]')
      .first()
      .locator('[role="gridcell"]')
      .nth(teamAt - 1),
  ).toHaveAttribute('data-col', 'team');
});
