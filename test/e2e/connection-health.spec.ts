/**
 * When PagerDuty fails, the web console says so: a banner with the provider's message,
 * the badge turns degraded, and an action waiting to be sent shows as pending on its row.
 * When PagerDuty recovers, the action lands and the banner goes.
 */
import { test, expect, injectFault, clearFaults, pagerDutyGet } from './fixtures/console-server';

test('a failing PagerDuty shows a banner and keeps the action pending until it recovers', async ({ page, console: running }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const firstTriggered = grid.getByRole('row').filter({ hasText: 'Triggered' }).first();
  await expect(firstTriggered).toBeVisible();
  const incidentId = await firstTriggered.getAttribute('data-incident-id');
  // Pin the row by its incident, not by its (changing) text.
  const row = grid.locator(`[role="row"][data-incident-id="${incidentId}"]`);

  await injectFault(running, { kind: 'server-error', status: 503, count: 10_000 });
  await row.click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('a');
  await expect(row).toContainText('Acknowledging…');

  // In words: what is wrong since when, and when it tries again; never a retry in the past.
  const banner = page.getByRole('alert').filter({ hasText: /PagerDuty: (not syncing|disconnected) since \d\d:\d\d/ });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText(
    /PagerDuty answers with errors \(503\) since \d\d:\d\d:\d\d\. (It tries again in \d+ s|Trying again now)\./,
  );
  await expect(banner).not.toContainText(/ago|fetch failed|degraded/i);
  await expect(page.getByText(/PagerDuty: (Degraded|Offline)/)).toBeVisible();
  await page.screenshot({ path: '/tmp/console-degraded-light.png' });

  await clearFaults(running);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(banner).toBeHidden({ timeout: 60_000 });
  await expect(row).toContainText('Acknowledged', { timeout: 60_000 });
  const after = await pagerDutyGet<{ incident: { status: string } }>(running, `/incidents/${incidentId}`);
  expect(after.incident.status).toBe('acknowledged');
});
