/**
 * A new page cannot go unseen: a high-urgency incident for my team arrives while the queue
 * is scrolled by a row (so it lands above the visible area). The window announces it with
 * what it is, counts it in its title, reads it to a screen reader, keeps its row marked
 * while I read something else, and takes me to it with one key.
 */
import { test, expect, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';
import { screenPath } from './fixtures/screens';

const POLL_INTERVAL_MS = 5_000; // the demo workspace's poll interval

/** The Events API routing key of a service of the demo user's own team (Payments). */
async function myTeamsRoutingKey(running: RunningConsole): Promise<string> {
  const me = (await pagerDutyGet<{ user: { teams?: { id: string }[] } }>(running, '/users/me')).user;
  const teamIds = new Set((me.teams ?? []).map((team) => team.id));
  const { services } = await pagerDutyGet<{ services: { teams?: { id: string }[]; integrations?: { integration_key?: string }[] }[] }>(
    running,
    '/services?include[]=integrations&limit=100',
  );
  const service = services.find(
    (candidate) =>
      (candidate.teams ?? []).some((team) => teamIds.has(team.id)) &&
      candidate.integrations?.some((integration) => integration.integration_key),
  );
  const key = service?.integrations?.find((integration) => integration.integration_key)?.integration_key;
  if (!key) throw new Error("No service of the demo user's team has an Events API integration");
  return key;
}

test('a new high-urgency incident for my team is announced, counted in the title, kept marked, and one key away', async ({
  page,
  console: running,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  await expect(rows.nth(5)).toBeVisible();
  await expect(page).toHaveTitle(/^Demo workspace · On-Call Console$/);

  // Reading the second incident's details, the queue scrolled down by a row.
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary')).toBeVisible();
  await grid.hover();
  await page.mouse.wheel(0, 36);

  const title = `newpage${Date.now().toString(36)}: payments API answering 503 for every card payment`;
  await triggerAlert(running, await myTeamsRoutingKey(running), title);

  const banner = page.getByTestId('attention-banner');
  await expect(banner).toContainText(`New incident: ${title}`, { timeout: POLL_INTERVAL_MS + 5_000 });
  await expect(banner).toContainText('high urgency');
  await expect(banner).toHaveAttribute('data-urgency', 'high');
  await expect(page).toHaveTitle(/^\(1\) Demo workspace · On-Call Console$/);
  await expect(page.getByTestId('attention-live')).toContainText(`New incident: ${title}`);
  await page.screenshot({ path: screenPath('new-page-announced.png') });

  // Still announced, and its row still marked new, while I keep reading the other incident.
  await page.waitForTimeout(2_500);
  await expect(banner).toBeVisible();
  const { incidents } = await pagerDutyGet<{ incidents: { id: string; title: string }[] }>(
    running,
    '/incidents?statuses[]=triggered&limit=100&sort_by=created_at:desc',
  );
  const created = incidents.find((incident) => incident.title === title)!;
  await page.mouse.wheel(0, -1_000);
  await expect(grid.locator(`[role="row"][data-incident-id="${created.id}"]`)).toHaveAttribute('data-changed', 'new');

  // i (incoming): the cursor goes to it and its details open; the announcement and the count are done.
  await page.keyboard.press('i');
  await expect(grid.locator(`[role="row"][data-incident-id="${created.id}"]`)).toHaveAttribute('data-cursor', /.*/);
  await expect(page.getByRole('complementary')).toContainText(title);
  await expect(banner).toHaveCount(0);
  await expect(page).toHaveTitle(/^Demo workspace · On-Call Console$/);
  await page.screenshot({ path: screenPath('new-page-after-i.png') });
});
