/**
 * Acting on stale state in the web console: a colleague resolves an incident in PagerDuty,
 * and a second later the on-call developer presses `a` on it in the queue, which still
 * shows it triggered. The console refuses, says who resolved it and when, and PagerDuty
 * keeps it resolved (acknowledging would have reopened it).
 */
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert, pagerDutyUpdateIncident } from './fixtures/console-server';
import { screenPath } from './fixtures/screens';

test('pressing a on an incident a colleague resolved a second ago says so and does not reopen it', async ({ page, console: running }) => {
  const token = `stale${Date.now().toString(36)}`;
  const dedupKey = await triggerAlert(running, await firstRoutingKey(running), `${token}: payments API 5xx`);
  const { incidents } = await pagerDutyGet<{ incidents: Array<{ id: string; incident_number: number }> }>(
    running,
    `/incidents?incident_key=${dedupKey}`,
  );
  const incident = incidents[0]!;

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await page.keyboard.press('/');
  await page.getByLabel('Search incidents').fill(token);
  const row = grid.locator(`[role="row"][data-incident-id="${incident.id}"]`);
  // The new incident reaches the queue with the next poll: the cursor goes to it once it is there.
  await expect(grid.locator('[role="row"][data-incident-id]')).toHaveCount(1, { timeout: 15_000 });
  await page.keyboard.press('ArrowDown');
  await expect(row).toHaveAttribute('data-cursor', /.*/);
  await expect(row).toHaveAttribute('data-status', 'triggered');

  // Marcus resolves it in PagerDuty's own app; the queue has not polled since.
  await pagerDutyUpdateIncident(running, incident.id, { status: 'resolved' }, 'marcus.chen@example.com');
  await page.keyboard.press('a');

  const notice = page.getByRole('alert').filter({ hasText: 'already resolved' });
  await expect(notice).toContainText(new RegExp(`#${incident.incident_number} is already resolved, by Marcus Chen`), { timeout: 15_000 });
  // Nothing to retry (it would be refused again), and the queue shows what Marcus did now, not at the next poll.
  await expect(notice.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  await expect(notice).toContainText('Acknowledge incident refused');
  await expect(row).toHaveCount(0, { timeout: 5_000 });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: screenPath('stale-refused.png') });
  const now = await pagerDutyGet<{ incident: { status: string } }>(running, `/incidents/${incident.id}`);
  expect(now.incident.status).toBe('resolved');
});
