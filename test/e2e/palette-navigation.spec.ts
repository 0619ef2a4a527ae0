/**
 * The command palette navigates as well as acts: Ctrl+K then "#N" goes to that incident
 * (its row under the cursor, its details open), and a word goes to Catalogue, Requests,
 * Recently resolved, Metrics, Settings or a saved view. It says which incidents an action
 * chosen now would act on.
 */
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert } from './fixtures/console-server';
import { screenPath, settled } from './fixtures/screens';

async function openPalette(page: import('@playwright/test').Page, query: string) {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.type(query);
  return palette;
}

test('Ctrl+K goes to an incident by number, to every area and panel, and to a view', async ({ page, console: running }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const token = `palette${Date.now().toString(36)}`;
  const key = await firstRoutingKey(running);
  const dedupKey = await triggerAlert(running, key, `${token}: queue consumer lag on orders`);
  const { incidents } = await pagerDutyGet<{ incidents: Array<{ id: string; incident_number: number; title: string }> }>(
    running,
    `/incidents?incident_key=${dedupKey}`,
  );
  const target = incidents[0]!;

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator(`[role="row"][data-incident-id="${target.id}"]`)).toBeAttached({ timeout: 15_000 });
  await page.keyboard.press('j');
  const cursorId = (await grid.locator('[role="row"][data-cursor]').getAttribute('data-incident-id'))!;
  const cursorNumber = (await pagerDutyGet<{ incident: { incident_number: number } }>(running, `/incidents/${cursorId}`)).incident
    .incident_number;

  // It names what an action would act on: the cursor row, by number and title.
  let palette = await openPalette(page, '');
  await expect(palette.getByTestId('palette-targets')).toContainText(`Actions act on #${cursorNumber} `);
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();

  // "#N": that incident first; Enter puts the cursor on it with its details open.
  palette = await openPalette(page, `#${target.incident_number}`);
  await expect(palette.getByRole('option').first()).toContainText(`Go to #${target.incident_number} ${token}`);
  await settled(page, palette);
  await page.screenshot({ path: screenPath('palette-incident.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(grid.locator('[role="row"][data-cursor]')).toHaveAttribute('data-incident-id', target.id);
  await expect(page.getByRole('complementary', { name: new RegExp(`^Incident ${target.incident_number}: `) })).toContainText(token);

  // Areas: Catalogue, Requests, Recently resolved, then back to Incidents.
  await openPalette(page, 'catalogue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main', { name: 'Catalogue' })).toBeVisible();
  await openPalette(page, 'go to requests');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main', { name: 'Requests' })).toBeVisible();
  await openPalette(page, 'recently resolved');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main', { name: 'Recently resolved incidents' })).toBeVisible();
  await openPalette(page, 'go to incidents');
  await page.keyboard.press('Enter');
  await expect(grid).toBeVisible();

  // Panels: Metrics and Settings open as they do from the header.
  await openPalette(page, 'metrics');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /Response metrics/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: /Response metrics/ })).toBeHidden();
  await openPalette(page, 'settings');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();

  // A view by name.
  await openPalette(page, 'view high urgency');
  await expect(palette.getByRole('option').first()).toContainText('View: High urgency');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^View: High urgency/ })).toBeVisible();
});
