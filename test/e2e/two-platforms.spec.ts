/**
 * One queue over PagerDuty and Splunk On-Call, against `oncall-console serve --demo` (which
 * starts both simulators): an alert posted to the Splunk On-Call REST endpoint appears in
 * the queue beside the PagerDuty incidents with its platform mark, the automation opens
 * exactly one ServiceNow ticket for it, `a` acknowledges it and the Splunk On-Call
 * simulator's API says so, and the ticket follows (In Progress, assigned to the person the
 * console acts as). Screenshots of the queue with both platforms
 * (two-platforms-{light,dark}.png, 1280x720), each checked by axe.
 */
import { test, expect, type RunningConsole } from './fixtures/console-server';
import { screenshotBothThemes } from './fixtures/screens';
import { serviceNowTicket, serviceNowTickets, serviceNowUserEmail, snValue } from './fixtures/ticketing-api';

const POLL_INTERVAL_MS = 5_000; // the demo workspace's poll interval
/** The automation opens the ticket on the next poll, then the ticket sync shows it. */
const TICKET_TIMEOUT = { timeout: 40_000, intervals: [500, 1_000] };
/** One of the demo organisation's routing keys (electron/simulators/splunk-on-call/demo-org.ts). */
const ROUTING_KEY = 'data-pipelines';
/** The built-in simulator's demo credentials, as the demo's workspace uses them. */
const SPLUNK_HEADERS = { 'X-VO-Api-Id': 'demo-api-id', 'X-VO-Api-Key': 'demo-api-key-for-the-built-in-simulator' };

interface SplunkIncident {
  incidentNumber: string;
  entityId: string;
  currentPhase: string;
}

async function postSplunkAlert(running: RunningConsole, entityId: string, title: string): Promise<void> {
  const response = await fetch(`${running.splunkOnCallRestEndpoint}/${ROUTING_KEY}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message_type: 'CRITICAL', entity_id: entityId, entity_display_name: title, state_message: 'E2E test alert' }),
  });
  expect(response.ok, `POST to the Splunk On-Call REST endpoint answered ${response.status}`).toBe(true);
}

async function splunkIncident(running: RunningConsole, entityId: string): Promise<SplunkIncident | undefined> {
  const response = await fetch(`${running.splunkOnCallApi}/api-public/v1/incidents`, { headers: SPLUNK_HEADERS });
  expect(response.ok, `GET incidents from the Splunk On-Call simulator answered ${response.status}`).toBe(true);
  const body = (await response.json()) as { incidents: SplunkIncident[] };
  return body.incidents.find((incident) => incident.entityId === entityId);
}

/** The demo console acts on Splunk On-Call as this user (electron/host/demo-setup.ts), the same person as on PagerDuty. */
const DEMO_USERNAME = 'dana.developer';

async function splunkUserEmail(running: RunningConsole, username: string): Promise<string> {
  const response = await fetch(`${running.splunkOnCallApi}/api-public/v1/user/${username}`, { headers: SPLUNK_HEADERS });
  expect(response.ok, `GET user ${username} from the Splunk On-Call simulator answered ${response.status}`).toBe(true);
  return ((await response.json()) as { email: string }).email;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The demo with Splunk On-Call as its second paging platform.
test.use({ consoleArgs: ['--demo-splunk-on-call'] });

test('a Splunk On-Call alert appears beside PagerDuty incidents with its mark, a acknowledges it there and its ServiceNow ticket follows', async ({
  page,
  console: running,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const pagerDutyRows = grid.locator('[role="row"][data-incident-id]:not([data-incident-id^="splunk-on-call:"])');
  await expect(pagerDutyRows.first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('PagerDuty: OK')).toBeVisible();
  await expect(page.getByText('Splunk On-Call: OK')).toBeVisible({ timeout: 20_000 });

  const entityId = `e2e-ledger-lag-${Date.now()}`;
  const title = `E2E ledger replica lag ${Date.now()}`;
  await postSplunkAlert(running, entityId, title);
  const row = grid.getByRole('row', { name: new RegExp(escapeRegExp(title)) });
  await expect(row).toBeVisible({ timeout: POLL_INTERVAL_MS + 5_000 });
  await expect(row).toContainText('Triggered');
  // Its platform's mark, in words for screen readers and as a title; PagerDuty's rows carry none.
  await expect(row.locator('[data-platform-mark="Splunk On-Call"]')).toHaveAttribute('title', 'From Splunk On-Call');
  await expect(row.locator('[data-platform-mark]')).toContainText('SOC');
  await expect(grid.locator('[role="row"][data-incident-id^="splunk-on-call:"]').first()).toBeVisible();
  expect(await grid.locator('[role="row"][data-incident-id]:not([data-incident-id^="splunk-on-call:"]) [data-platform-mark]').count()).toBe(
    0,
  );

  // The automation opens exactly one ServiceNow ticket for it, linked by the incident's id.
  const incidentId = (await row.getAttribute('data-incident-id'))!;
  expect(incidentId).toMatch(/^splunk-on-call:\d+$/);
  await expect.poll(async () => (await serviceNowTickets(running, incidentId)).length, TICKET_TIMEOUT).toBe(1);
  const opened = (await serviceNowTicket(running, incidentId))!;
  expect(snValue(opened.state)).toBe('1');
  expect(snValue(opened.short_description)).toBe(title);

  await screenshotBothThemes(page, 'two-platforms');

  // The newest incident is at the top: the cursor goes there with j, then a acknowledges it.
  await grid.focus();
  await page.keyboard.press('j');
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('a');
  await expect(row).toContainText('Acknowledged', { timeout: POLL_INTERVAL_MS + 5_000 });
  await expect
    .poll(async () => (await splunkIncident(running, entityId))?.currentPhase, { timeout: 10_000 })
    .toMatch(/^(ACKED|acknowledged)$/);

  // The ticket follows: In Progress (2), assigned to the person the console acts as (on both platforms).
  await expect.poll(async () => snValue((await serviceNowTicket(running, incidentId))?.state), TICKET_TIMEOUT).toBe('2');
  const assignedTo = snValue((await serviceNowTicket(running, incidentId))?.assigned_to);
  expect(assignedTo).not.toBe('');
  expect(await serviceNowUserEmail(running, assignedTo)).toBe(await splunkUserEmail(running, DEMO_USERNAME));
  expect(await serviceNowTickets(running, incidentId)).toHaveLength(1);

  // The detail pane shows the ticket, In Progress, beside what Splunk On-Call says.
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: new RegExp(escapeRegExp(title)) });
  const ticketSection = pane.getByRole('region', { name: 'Ticket' });
  await expect(ticketSection.getByRole('link', { name: `Open ticket ${snValue(opened.number)} in ServiceNow` })).toBeVisible(
    TICKET_TIMEOUT,
  );
  await expect(ticketSection).toContainText('In Progress', TICKET_TIMEOUT);
});
