/**
 * Saved views end to end: save the current filter and search as a named view, switch to
 * a built-in view and back, and find the view (and its filters) still active after a
 * reload.
 */
import { test, expect, pagerDutyGet } from './fixtures/console-server';
import { chooseUrgency } from './fixtures/queue-page';

interface PdIncident {
  title: string;
  urgency: string;
}

test('save a view, switch views, and come back to it', async ({ page, console: running }) => {
  await page.setViewportSize({ width: 1600, height: 1200 });
  const open = (
    await pagerDutyGet<{ incidents: PdIncident[] }>(running, '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100')
  ).incidents;
  const highCart = open.filter((incident) => incident.urgency === 'high' && /cart/i.test(incident.title));
  expect(highCart.length).toBeGreaterThan(0);

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  const search = page.getByRole('textbox', { name: 'Search incidents' });
  await expect(rows).toHaveCount(open.length);

  await chooseUrgency(page, 'High');
  await search.fill('cart');
  await expect(rows).toHaveCount(highCart.length);
  await expect(page.getByRole('button', { name: 'View: All open (modified)' })).toBeVisible();

  await page.getByRole('button', { name: /^View:/ }).click();
  await page.getByRole('menuitem', { name: 'Save as new view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as a new view' });
  await dialog.getByRole('textbox', { name: 'View name' }).fill('Mine'); // taken by a built-in view
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toContainText('There is already a view called "Mine"');
  await dialog.getByRole('textbox', { name: 'View name' }).fill('Hot carts');
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'View: Hot carts' })).toBeVisible();

  // Switch to the built-in "All open": everything shows, search cleared.
  await page.getByRole('button', { name: /^View:/ }).click();
  await page.getByRole('menuitem', { name: 'All open' }).click();
  await expect(page.getByRole('button', { name: 'View: All open' })).toBeVisible();
  await expect(rows).toHaveCount(open.length);
  await expect(search).toHaveValue('');
  await expect(page.getByRole('radio', { name: 'All' })).toBeChecked();

  // And back.
  await page.getByRole('button', { name: /^View:/ }).click();
  await page.getByRole('menuitem', { name: 'Hot carts' }).click();
  await expect(rows).toHaveCount(highCart.length);
  await expect(search).toHaveValue('cart');
  await expect(page.getByRole('radio', { name: 'High' })).toBeChecked();

  // The view, its filters and the choice of view survive a restart.
  await page.reload();
  await expect(page.getByRole('button', { name: 'View: Hot carts' })).toBeVisible();
  await expect(rows).toHaveCount(highCart.length);
  await expect(search).toHaveValue('cart');
});
