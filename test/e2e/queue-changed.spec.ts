/**
 * The "changed since I last looked" marker end to end: nothing is marked on the first
 * run; an incident acknowledged in PagerDuty (the simulator's REST API) while the user is
 * away gets the marker, which stays until the user has looked at the row for a moment
 * with the window focused.
 */
import { test, expect, demoUserEmail, pagerDutyGet, pagerDutyUpdateIncident } from './fixtures/console-server';
import { setWindowFocus } from './fixtures/queue-page';

interface PdIncident {
  id: string;
  incident_number: number;
  title: string;
}

const POLL_INTERVAL_MS = 5_000; // the demo workspace's poll interval

test('an incident changed in PagerDuty is marked until the user has looked at it', async ({ page, console: running }) => {
  await page.setViewportSize({ width: 1600, height: 1200 });
  const triggered = (await pagerDutyGet<{ incidents: PdIncident[] }>(running, '/incidents?statuses[]=triggered&limit=100')).incidents;
  const target = triggered[0];
  if (!target) throw new Error('The demo has no triggered incident to acknowledge');

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const row = grid.locator(`[role="row"][data-incident-id="${target.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Triggered');
  // First run: nothing is marked.
  await expect(grid.getByRole('img', { name: /since you last looked/ })).toHaveCount(0);

  // The user looks away; someone acknowledges the incident in PagerDuty.
  await setWindowFocus(page, false);
  await pagerDutyUpdateIncident(running, target.id, { status: 'acknowledged' }, await demoUserEmail(running));
  await expect(row).toContainText('Acknowledged', { timeout: POLL_INTERVAL_MS + 5_000 });
  await expect(row).toHaveAttribute('data-changed', 'updated');
  await expect(row.getByRole('img', { name: 'Updated since you last looked' })).toBeVisible();
  // At least this one (the demo may have raised a new alert meanwhile, which counts as new).
  await expect(page.getByRole('button', { name: /^[1-9]\d* changed since you last looked/ })).toBeVisible();
  // Still marked a while later: nobody has looked.
  await page.waitForTimeout(1_500);
  await expect(row).toHaveAttribute('data-changed', 'updated');

  // The user comes back: the row is in view, so after about a second it counts as seen.
  await setWindowFocus(page, true);
  await expect(row).not.toHaveAttribute('data-changed', /.+/, { timeout: 4_000 });
  await expect(grid.getByRole('img', { name: /since you last looked/ })).toHaveCount(0);
});
