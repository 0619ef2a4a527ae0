/**
 * Incident management "as is", from the UI against `oncall-console serve --demo`: a fresh
 * alert gets its ServiceNow ticket from the automation, then acknowledge, note, reassign
 * to another service, declare major and resolve from the keyboard, each checked in both
 * simulators over their own REST APIs (PagerDuty, and ServiceNow's Table API or Jira
 * Service Management's REST API), with the detail pane showing the ticket throughout.
 * Then the halves: with ServiceNow failing, the incident shows what landed in PagerDuty,
 * what is pending in ServiceNow and why, and both halves land once ServiceNow is back.
 */
import type { Page } from '@playwright/test';
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';
import { demoServiceNowRouting } from '../../electron/simulators/servicenow/demo-data';
import {
  clearServiceNowFaults,
  injectServiceNowFault,
  jiraRequestKeys,
  jiraRequestStatus,
  serviceNowTicket,
  serviceNowTickets,
  serviceNowUserEmail,
  snValue,
  workNotes,
} from './fixtures/ticketing-api';
import { retryNowUnlessLanded } from './fixtures/retry-now';

const ACTION_TIMEOUT = { timeout: 20_000 };
/** The automation opens the ticket on the next poll (every 5 s in the demo), then the sync shows it. */
const TICKET_TIMEOUT = { timeout: 40_000, intervals: [500, 1_000] };

interface PdRef {
  id: string;
  summary?: string;
}
interface PdIncident {
  id: string;
  status: string;
  title: string;
  service: PdRef;
  escalation_policy: PdRef;
  priority: PdRef | null;
  acknowledgements?: { acknowledger: PdRef }[];
  responder_requests?: {
    message: string;
    responder_request_targets: { responder_request_target: { id: string; type: string; summary?: string } }[];
  }[];
}
interface PdService {
  id: string;
  name: string;
  escalation_policy: PdRef;
}

async function incidentForKey(running: RunningConsole, dedupKey: string): Promise<PdIncident> {
  const body = await pagerDutyGet<{ incidents: PdIncident[] }>(running, `/incidents?incident_key=${encodeURIComponent(dedupKey)}`);
  const found = body.incidents[0];
  if (!found) throw new Error(`No incident with incident_key ${dedupKey}`);
  return found;
}

async function getIncident(running: RunningConsole, id: string): Promise<PdIncident> {
  return (await pagerDutyGet<{ incident: PdIncident }>(running, `/incidents/${id}`)).incident;
}

async function pagerDutyNotes(running: RunningConsole, id: string): Promise<string[]> {
  return (await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${id}/notes`)).notes.map((note) => note.content);
}

// --- the console --------------------------------------------------------------------------

/** Opens the console, finds the incident by a word of its title and opens its detail pane. */
async function openInConsole(page: Page, running: RunningConsole, token: string, title: string) {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible(ACTION_TIMEOUT);
  await page.keyboard.press('/');
  await page.keyboard.type(token);
  await expect(grid.locator('[role="row"][data-incident-id]')).toHaveCount(1, ACTION_TIMEOUT);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await expect(pane).toBeVisible();
  return pane;
}

test('acknowledge, note, reassign, declare major and resolve land in PagerDuty and ServiceNow', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const token = `snflow${Date.now().toString(36)}`;
  const title = `${token}: payment authorisations failing`;
  const created = await incidentForKey(running, await triggerAlert(running, await firstRoutingKey(running), title));
  const id = created.id;

  // The automation opens exactly one ticket, linked by correlation_id.
  await expect.poll(async () => (await serviceNowTickets(running, id)).length, TICKET_TIMEOUT).toBe(1);
  const opened = (await serviceNowTicket(running, id))!;
  const number = snValue(opened.number);
  const sysId = snValue(opened.sys_id);
  expect(snValue(opened.state)).toBe('1');

  const pane = await openInConsole(page, running, token, title);
  const ticketSection = pane.getByRole('region', { name: 'Ticket' });
  await expect(ticketSection.getByRole('link', { name: `Open ticket ${number} in ServiceNow` })).toHaveAttribute(
    'href',
    new RegExp(`^${running.serviceNowApi}/`),
    ACTION_TIMEOUT,
  );
  await expect(ticketSection).toContainText('New');
  // The automation's claim, once the ticket exists, is one plain sentence naming it: nothing else, no machine tags.
  const notesRegion = pane.getByRole('region', { name: 'Notes' });
  await expect(notesRegion).toContainText(`Raised ServiceNow ticket ${number} for this incident.`, ACTION_TIMEOUT);
  await expect(notesRegion).not.toContainText('Raising a ServiceNow ticket');
  await expect(notesRegion).not.toContainText('[ticket-claim');
  await expect(notesRegion).not.toContainText('[via On-Call Console]');

  // a: acknowledged in PagerDuty; the ticket In Progress (2), assigned to the same person.
  await page.keyboard.press('a');
  await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('acknowledged');
  await expect.poll(async () => snValue((await serviceNowTicket(running, id))?.state), ACTION_TIMEOUT).toBe('2');
  const acknowledger = (await getIncident(running, id)).acknowledgements?.[0]?.acknowledger.id;
  const acknowledgerEmail = (await pagerDutyGet<{ user: { email: string } }>(running, `/users/${acknowledger}`)).user.email;
  const assignedTo = snValue((await serviceNowTicket(running, id))?.assigned_to);
  expect(assignedTo).not.toBe('');
  expect(await serviceNowUserEmail(running, assignedTo)).toBe(acknowledgerEmail);
  await expect(ticketSection).toContainText('In Progress', ACTION_TIMEOUT);

  // n: one note in PagerDuty, one work note in ServiceNow.
  const note = `Card network latency at 4s, failing over to the secondary acquirer (${token})`;
  await page.keyboard.press('n');
  await expect(page.getByRole('dialog', { name: 'Add note' }).getByRole('textbox', { name: 'Note' })).toBeFocused();
  await page.keyboard.type(note);
  await page.keyboard.press('Control+Enter');
  await expect.poll(async () => (await workNotes(running, sysId)).filter((text) => text.includes(note)).length, ACTION_TIMEOUT).toBe(1);
  expect((await pagerDutyNotes(running, id)).filter((content) => content === note)).toHaveLength(1);
  await expect(notesRegion).toContainText(note, ACTION_TIMEOUT);

  // shift+r: to another service; the dialog says the ticket moves too.
  const services = (await pagerDutyGet<{ services: PdService[] }>(running, '/services?limit=100')).services;
  const target = services.find(
    (service) =>
      service.id !== created.service.id &&
      service.escalation_policy.id !== created.escalation_policy.id &&
      demoServiceNowRouting(service.id) !== null,
  );
  if (!target) throw new Error('The demo has no other service to reassign to');
  const routing = demoServiceNowRouting(target.id)!;
  await page.keyboard.press('Shift+R');
  const reassign = page.getByRole('dialog', { name: 'Reassign incident' });
  await expect(reassign.getByRole('combobox', { name: 'Reassign to' })).toBeFocused();
  await page.keyboard.type(target.name);
  await page.keyboard.press('Enter');
  await expect(reassign.getByRole('combobox', { name: 'Reassign to' })).toHaveValue(target.name);
  await expect(reassign.getByLabel('What happens')).toContainText(
    `ServiceNow: the ticket moves to the assignment group, business service and configuration item mapped to ${target.name}`,
  );
  await page.keyboard.press('Control+Enter');
  await expect(reassign).toBeHidden();
  await expect.poll(async () => (await getIncident(running, id)).escalation_policy.id, ACTION_TIMEOUT).toBe(target.escalation_policy.id);
  await expect
    .poll(async () => {
      const ticket = await serviceNowTicket(running, id);
      return [snValue(ticket?.assignment_group), snValue(ticket?.business_service), snValue(ticket?.cmdb_ci)];
    }, ACTION_TIMEOUT)
    .toEqual([routing.assignmentGroupId, routing.businessServiceId, routing.configurationItemId]);
  await expect(ticketSection).toContainText(target.name, ACTION_TIMEOUT);

  // m: declare major, with a reason; P1 and the incident managers in PagerDuty, priority 1 and
  // major incident accepted in ServiceNow; the console raises the notification.
  const reason = `All card payments failing in the EU (${token})`;
  await page.keyboard.press('m');
  const declare = page.getByRole('dialog', { name: 'Declare major incident' });
  await expect(declare.getByRole('textbox', { name: 'Why is this a major incident?' })).toBeFocused();
  await page.keyboard.type(reason);
  await page.keyboard.press('Control+Enter');
  await expect(declare).toBeHidden();
  await expect.poll(async () => (await getIncident(running, id)).priority?.summary, ACTION_TIMEOUT).toBe('P1');
  const requests = (await getIncident(running, id)).responder_requests ?? [];
  const managerTargets = requests
    .filter((request) => request.message.includes(reason))
    .flatMap((request) => request.responder_request_targets.map((entry) => entry.responder_request_target))
    .filter((entry) => entry.type === 'escalation_policy');
  expect(managerTargets.map((entry) => entry.summary)).toEqual(expect.arrayContaining([expect.stringMatching(/incident manager/i)]));
  await expect
    .poll(async () => {
      const ticket = await serviceNowTicket(running, id);
      return [snValue(ticket?.priority), snValue(ticket?.major_incident_state)];
    }, ACTION_TIMEOUT)
    .toEqual(['1', 'accepted']);
  const notification = page.getByRole('alert').filter({ hasText: 'Major incident declared' });
  await expect(notification).toContainText(title, ACTION_TIMEOUT);
  await expect(notification).toContainText(reason);
  await expect(pane.locator('[data-major-incident="declared"]')).toContainText('Major incident');
  await expect(ticketSection).toContainText('1 - Critical', ACTION_TIMEOUT);
  // "Open incident" brings the incident back into the pane after looking elsewhere.
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await notification.getByRole('button', { name: 'Open incident' }).click();
  await expect(pane).toBeVisible();
  await expect(notification).toBeHidden();
  await expect(ticketSection).toContainText(number);

  // r: resolve with a note; the ticket Resolved (6) with close code and the note as close notes.
  const resolution = `Failed over to the secondary acquirer; authorisations recovered (${token})`;
  await page.keyboard.press('r');
  await expect(page.getByRole('dialog', { name: 'Resolve incident' }).getByRole('textbox')).toBeFocused();
  await page.keyboard.type(resolution);
  await page.keyboard.press('Control+Enter');
  await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('resolved');
  await expect.poll(async () => snValue((await serviceNowTicket(running, id))?.state), ACTION_TIMEOUT).toBe('6');
  const resolved = (await serviceNowTicket(running, id))!;
  expect(snValue(resolved.close_code)).not.toBe('');
  expect(snValue(resolved.close_notes)).toBe(resolution);
  // Every note was recorded once, in both systems.
  expect((await pagerDutyNotes(running, id)).filter((content) => content === note)).toHaveLength(1);
  expect((await workNotes(running, sysId)).filter((text) => text.includes(note))).toHaveLength(1);
  await expect(page.getByRole('alert').filter({ hasText: 'failed' })).toHaveCount(0);
});

test('when ServiceNow fails, the incident shows the pending or failed half with the reason, and it lands later', async ({
  page,
  console: running,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const token = `sndown${Date.now().toString(36)}`;
  const title = `${token}: order confirmations delayed`;
  const id = (await incidentForKey(running, await triggerAlert(running, await firstRoutingKey(running), title))).id;
  await expect.poll(async () => (await serviceNowTickets(running, id)).length, TICKET_TIMEOUT).toBe(1);
  const pane = await openInConsole(page, running, token, title);
  const status = pane.getByRole('status', { name: 'Action status' });
  const ticketSection = pane.getByRole('region', { name: 'Ticket' });
  await expect(ticketSection).toContainText('New', ACTION_TIMEOUT);

  // ServiceNow answers 503: PagerDuty takes the acknowledge, the ticket half waits and retries.
  await injectServiceNowFault(running, { kind: 'server-error', status: 503, count: 10_000, path: '/api/now/table/incident' });
  await page.keyboard.press('a');
  await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('acknowledged');
  const pending = status.locator('[data-ticketing-pending="ServiceNow"]');
  await expect(pending).toContainText('Acknowledged in PagerDuty · ServiceNow pending:', ACTION_TIMEOUT);
  await expect(pending).toContainText(/ServiceNow .*503/);
  await expect(pending).toContainText(/retrying (now|in \d+s)/);

  // Back up: Retry now lands the ticket half, once.
  await clearServiceNowFaults(running);
  await retryNowUnlessLanded(pending);
  await expect.poll(async () => snValue((await serviceNowTicket(running, id))?.state), ACTION_TIMEOUT).toBe('2');
  await expect(pending).toHaveCount(0, ACTION_TIMEOUT);
  await expect(ticketSection).toContainText('In Progress', ACTION_TIMEOUT);

  // An ACL refusal is not retried: the incident shows the provider's words in full, with Retry and Dismiss.
  await injectServiceNowFault(running, { kind: 'acl-refusal', count: 1, field: 'major_incident_state' });
  await page.keyboard.press('m');
  await page.keyboard.type(`Orders not confirmed for 20 minutes (${token})`);
  await page.keyboard.press('Control+Enter');
  const failure = pane.getByRole('alert').filter({ hasText: 'Declared major incident in PagerDuty · ServiceNow failed' });
  await expect(failure).toBeVisible(ACTION_TIMEOUT);
  await expect(failure).toContainText(/ServiceNow refused .*ACL/);
  await expect.poll(async () => (await getIncident(running, id)).priority?.summary, ACTION_TIMEOUT).toBe('P1');
  await failure.getByRole('button', { name: /^Retry/ }).click();
  await expect.poll(async () => snValue((await serviceNowTicket(running, id))?.major_incident_state), ACTION_TIMEOUT).toBe('accepted');
  await expect(failure).toBeHidden(ACTION_TIMEOUT);
  await expect(page.getByRole('alert').filter({ hasText: 'Major incident declared' })).toContainText(title, ACTION_TIMEOUT);
  // The incident managers were asked once, although the action ran twice.
  const requests = ((await getIncident(running, id)).responder_requests ?? []).filter((request) => request.message.includes(token));
  expect(requests).toHaveLength(1);
});

test.describe('with Jira Service Management', () => {
  test.use({ consoleArgs: ['--demo-ticketing', 'jira-service-management'] });

  test('acknowledge and resolve move the Jira request', async ({ page, console: running }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    const token = `jsmflow${Date.now().toString(36)}`;
    const title = `${token}: search results empty`;
    const id = (await incidentForKey(running, await triggerAlert(running, await firstRoutingKey(running), title))).id;

    await expect.poll(async () => (await jiraRequestKeys(running, id)).length, TICKET_TIMEOUT).toBe(1);
    const key = (await jiraRequestKeys(running, id))[0]!;
    expect(await jiraRequestStatus(running, key)).toBe('Open');

    const pane = await openInConsole(page, running, token, title);
    const ticketSection = pane.getByRole('region', { name: 'Ticket' });
    await expect(ticketSection.getByRole('link', { name: `Open ticket ${key} in Jira Service Management` })).toBeVisible(ACTION_TIMEOUT);

    await page.keyboard.press('a');
    await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('acknowledged');
    await expect.poll(() => jiraRequestStatus(running, key), ACTION_TIMEOUT).toBe('Work in progress');
    await expect(ticketSection).toContainText('Work in progress', ACTION_TIMEOUT);

    const resolution = `Reindexed the catalogue (${token})`;
    await page.keyboard.press('r');
    await expect(page.getByRole('dialog', { name: 'Resolve incident' }).getByRole('textbox')).toBeFocused();
    await page.keyboard.type(resolution);
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('resolved');
    await expect.poll(() => jiraRequestStatus(running, key), ACTION_TIMEOUT).toBe('Resolved');
    expect(await jiraRequestKeys(running, id)).toEqual([key]);
  });
});
