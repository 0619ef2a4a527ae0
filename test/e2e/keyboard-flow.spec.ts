/**
 * The whole triage flow from the keyboard, against `oncall-console serve --demo`, with the
 * PagerDuty simulator's REST API checked after every step: search, move, select several
 * (x, shift+j), bulk acknowledge while a filter hides some of the selection, note, snooze,
 * escalate, reassign; then the command palette (Ctrl+K, "priority", P2) and the `?` list.
 */
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';
import { COMMANDS } from '../../renderer/src/features/commands/registry';

interface PdRef {
  id: string;
  summary?: string;
}
interface PdIncident {
  id: string;
  status: string;
  title: string;
  escalation_policy: PdRef;
  priority: PdRef | null;
}
interface PdLogEntry {
  type: string;
  summary: string;
}
interface PdService {
  id: string;
  name: string;
  escalation_policy: PdRef;
}

const ACTION_TIMEOUT = { timeout: 15_000 };

async function incidentForKey(running: RunningConsole, dedupKey: string): Promise<PdIncident> {
  const body = await pagerDutyGet<{ incidents: PdIncident[] }>(running, `/incidents?incident_key=${encodeURIComponent(dedupKey)}`);
  const found = body.incidents[0];
  if (!found) throw new Error(`No incident with incident_key ${dedupKey}`);
  return found;
}

async function getIncident(running: RunningConsole, id: string): Promise<PdIncident> {
  return (await pagerDutyGet<{ incident: PdIncident }>(running, `/incidents/${id}`)).incident;
}

async function logEntries(running: RunningConsole, id: string): Promise<PdLogEntry[]> {
  return (await pagerDutyGet<{ log_entries: PdLogEntry[] }>(running, `/incidents/${id}/log_entries?limit=100`)).log_entries;
}

async function notes(running: RunningConsole, id: string): Promise<string[]> {
  return (await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${id}/notes`)).notes.map((note) => note.content);
}

test('triage from the keyboard: move, select, bulk acknowledge, note, snooze, escalate, reassign', async ({ page, console: running }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Three fresh incidents with a word nobody else uses, so a search shows just them.
  const token = `kbflow${Date.now().toString(36)}`;
  const routingKey = await firstRoutingKey(running);
  const created: PdIncident[] = [];
  for (const name of ['alpha', 'bravo', 'charlie']) {
    created.push(await incidentForKey(running, await triggerAlert(running, routingKey, `${token} ${name}: checkout errors`)));
  }
  const byId = new Map(created.map((incident) => [incident.id, incident]));
  const untouched = (await pagerDutyGet<{ incidents: PdIncident[] }>(running, '/incidents?statuses[]=triggered&limit=100')).incidents.find(
    (incident) => !byId.has(incident.id),
  );

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  await expect(rows.nth(3)).toBeVisible();

  // / focuses the search; ↓ goes to the results.
  await page.keyboard.press('/');
  const search = page.getByLabel('Search incidents');
  await expect(search).toBeFocused();
  await page.keyboard.type(token);
  await expect(rows).toHaveCount(3, { timeout: 10_000 });
  await page.keyboard.press('ArrowDown');
  await expect(grid).toBeFocused();
  const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-incident-id')!));
  expect(new Set(ids)).toEqual(new Set(byId.keys()));
  const cursor = grid.locator('[role="row"][data-cursor]');

  // Move: j, j, k.
  await expect(cursor).toHaveAttribute('data-incident-id', ids[0]!);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(cursor).toHaveAttribute('data-incident-id', ids[2]!);
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect(cursor).toHaveAttribute('data-incident-id', ids[0]!);

  // Select several: x, then shift+j twice.
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+J');
  await page.keyboard.press('Shift+J');
  const checked = grid.locator('[role="row"][data-checked]');
  await expect(checked).toHaveCount(3);
  const bulkBar = page.getByRole('group', { name: 'Bulk actions' });
  await expect(bulkBar).toContainText('3 selected');

  // Narrow the search so that only one of the three is visible: the selection stays.
  const first = byId.get(ids[0]!)!;
  const firstName = /alpha|bravo|charlie/.exec(first.title)![0];
  await page.keyboard.press('/');
  await page.keyboard.type(`${token} ${firstName}`);
  await expect(rows).toHaveCount(1, { timeout: 10_000 });
  await page.keyboard.press('ArrowDown');
  await expect(bulkBar).toContainText('3 selected');

  // Bulk acknowledge: exactly the three selected incidents, none other.
  await page.keyboard.press('a');
  for (const id of ids) await expect.poll(async () => (await getIncident(running, id)).status, ACTION_TIMEOUT).toBe('acknowledged');
  if (untouched) expect((await getIncident(running, untouched.id)).status).toBe('triggered');

  // Back to all three; Esc clears the selection.
  await page.keyboard.press('/');
  await page.keyboard.type(token);
  await expect(rows).toHaveCount(3, { timeout: 10_000 });
  await page.keyboard.press('ArrowDown');
  for (const id of ids) await expect(grid.locator(`[data-incident-id="${id}"]`)).toContainText('Acknowledged', ACTION_TIMEOUT);
  await page.keyboard.press('Escape');
  await expect(checked).toHaveCount(0);
  await expect(bulkBar).toBeHidden();

  // n: a note on the first.
  const [a, b, c] = [ids[0]!, ids[1]!, ids[2]!];
  await expect(cursor).toHaveAttribute('data-incident-id', a);
  const note = `Checked the dashboards ${token}`;
  await page.keyboard.press('n');
  const noteDialog = page.getByRole('dialog', { name: 'Add note' });
  // Typed straight away: nothing typed while the dialog opens may be lost.
  await page.keyboard.type(note);
  await page.keyboard.press('Control+Enter');
  await expect(noteDialog).toBeHidden();
  await expect.poll(() => notes(running, a), ACTION_TIMEOUT).toContain(note);

  // s: snooze the first for 1 h (Tab from the 30 min preset to the next).
  await page.keyboard.press('s');
  const snoozeDialog = page.getByRole('dialog', { name: 'Snooze incident' });
  await expect(snoozeDialog).toBeVisible();
  await expect(snoozeDialog.getByRole('button', { name: '30 min' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(snoozeDialog.getByRole('button', { name: '1 h' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(snoozeDialog).toBeHidden();
  await expect
    .poll(
      async () => (await logEntries(running, a)).filter((entry) => entry.type === 'snooze_log_entry').map((entry) => entry.summary),
      ACTION_TIMEOUT,
    )
    .toEqual([expect.stringMatching(/Snoozed for 1 h/)]);

  // e: escalate the second to level 2 (the dialog offers the level after the current one).
  await page.keyboard.press('j');
  await expect(cursor).toHaveAttribute('data-incident-id', b);
  await page.keyboard.press('e');
  const escalateDialog = page.getByRole('dialog', { name: 'Escalate incident' });
  await expect(escalateDialog).toBeVisible();
  await expect(escalateDialog.getByRole('radio', { name: /Level 2/ })).toBeChecked();
  await expect(escalateDialog.getByRole('radio', { name: /Level 1 \(current\)/ })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(escalateDialog).toBeHidden();
  await expect
    .poll(
      async () => (await logEntries(running, b)).some((entry) => entry.type === 'escalate_log_entry' && /level 2/i.test(entry.summary)),
      ACTION_TIMEOUT,
    )
    .toBe(true);

  // shift+r: reassign the third to another service's team, found by typing its name.
  const services = (await pagerDutyGet<{ services: PdService[] }>(running, '/services?limit=100')).services;
  const current = await getIncident(running, c);
  const target = services.find(
    (service) => service.escalation_policy.id !== current.escalation_policy.id && /^[A-Za-z ]+$/.test(service.name),
  );
  if (!target) throw new Error('The demo has no other service to reassign to');
  await page.keyboard.press('j');
  await expect(cursor).toHaveAttribute('data-incident-id', c);
  await page.keyboard.press('Shift+R');
  const reassignDialog = page.getByRole('dialog', { name: 'Reassign incident' });
  await expect(reassignDialog).toBeVisible();
  await page.keyboard.type(target.name);
  await page.keyboard.press('Enter');
  await expect(reassignDialog.getByRole('combobox', { name: 'Reassign to' })).toHaveValue(target.name);
  await page.keyboard.press('Control+Enter');
  await expect(reassignDialog).toBeHidden();
  await expect.poll(async () => (await getIncident(running, c)).escalation_policy.id, ACTION_TIMEOUT).toBe(target.escalation_policy.id);

  // Enter opens the detail: its escalation section names the new policy, its timeline the steps.
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: new RegExp(`${token} `) });
  await expect(pane).toBeVisible();
  await expect(pane.getByRole('region', { name: 'Escalation' })).toContainText(target.escalation_policy.summary ?? '', ACTION_TIMEOUT);
  await expect(pane.getByRole('region', { name: 'Timeline' })).toContainText(/Acknowledged by/, ACTION_TIMEOUT);
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();

  // Every action landed: the tray shows no failure.
  await expect(page.getByRole('alert').filter({ hasText: 'failed' })).toHaveCount(0);
});

test('the palette changes priority: Ctrl+K, "priority", P2', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').nth(3)).toBeVisible();
  await page.keyboard.press('j');
  const cursor = grid.locator('[role="row"][data-cursor]');
  const id = (await cursor.getAttribute('data-incident-id'))!;

  // Typed straight after Ctrl+K: nothing typed while the palette opens may be lost.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('priority');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const input = palette.getByRole('combobox', { name: 'Command' });
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('priority');
  const p2 = palette.getByRole('option', { name: /Set priority P2/ });
  await expect(p2).toBeVisible();
  // Arrow down to P2 and choose it.
  for (let i = 0; i < 10 && (await p2.getAttribute('aria-selected')) !== 'true'; i += 1) await page.keyboard.press('ArrowDown');
  await expect(p2).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect.poll(async () => (await getIncident(running, id)).priority?.summary, ACTION_TIMEOUT).toBe('P2');
  await expect(grid.locator(`[data-incident-id="${id}"]`)).toContainText('P2', ACTION_TIMEOUT);

  // Ctrl+K works from the search box too, and Esc closes the palette without closing anything else.
  await page.keyboard.press('/');
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
});

test('? lists every shortcut from the same table that binds them', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const table = help.getByRole('table', { name: 'Keyboard shortcuts' });
  for (const command of COMMANDS) {
    await expect(
      table
        .getByRole('row')
        .filter({ hasText: command.title.replace(/…$/, '') })
        .first(),
    ).toBeVisible();
  }
  await expect(table.getByRole('row').filter({ hasText: 'Reassign' })).toContainText('Shift');
  // Shortcuts are off while it is open: j does not move the cursor.
  await page.keyboard.press('j');
  await expect(page.locator('[role="row"][data-cursor]')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('j');
  await expect(page.locator('[role="row"][data-cursor]')).toHaveCount(1);
});

test('o shows who is on call, incident managers first, with contact links', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible();
  await page.keyboard.press('o');
  const panel = page.getByRole('dialog', { name: 'Who is on call' });
  await expect(panel).toBeVisible();
  const managers = panel.getByRole('region', { name: 'Incident managers' });
  await expect(managers).toBeVisible();
  await expect(managers.getByRole('link').first()).toHaveAttribute('href', /^(mailto|tel):/);
  await expect(panel.getByText(/until .*, in /).first()).toBeVisible();
  await page.keyboard.press('o');
  await expect(panel).toBeHidden();
  // The header button opens it too.
  await page.getByRole('button', { name: 'Who is on call' }).click();
  await expect(panel).toBeVisible();
});

test('the palette merges two selected incidents and asks for responders', async ({ page, console: running }) => {
  test.setTimeout(90_000);
  const token = `kbmerge${Date.now().toString(36)}`;
  const routingKey = await firstRoutingKey(running);
  const keep = await incidentForKey(running, await triggerAlert(running, routingKey, `${token} keep: database errors`));
  const merged = await incidentForKey(running, await triggerAlert(running, routingKey, `${token} merged: database errors`));

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press('/');
  await page.keyboard.type(token);
  await expect(rows).toHaveCount(2, { timeout: 10_000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('x');
  await page.keyboard.press('Shift+J');
  await expect(grid.locator('[role="row"][data-checked]')).toHaveCount(2);

  // Merge: the dialog offers the selected incidents to keep; choose the "keep" one.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('merge');
  await page.keyboard.press('Enter');
  const mergeDialog = page.getByRole('dialog', { name: 'Merge incidents' });
  await expect(mergeDialog).toBeVisible();
  await mergeDialog.getByRole('radio', { name: /keep: database errors/ }).check();
  await expect(mergeDialog).toContainText('1 incident will be merged into');
  await page.keyboard.press('Control+Enter');
  await expect(mergeDialog).toBeHidden();
  await expect.poll(async () => (await getIncident(running, merged.id)).status, ACTION_TIMEOUT).toBe('resolved');
  expect((await getIncident(running, keep.id)).status).toBe('triggered');

  // The merged incident leaves the queue and the selection; ask for responders on the one kept.
  await expect(rows).toHaveCount(1, ACTION_TIMEOUT);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('responders');
  await page.keyboard.press('Enter');
  const respondersDialog = page.getByRole('dialog', { name: 'Add responders' });
  await expect(respondersDialog).toBeVisible();
  await expect(respondersDialog.getByRole('combobox', { name: 'People' })).toBeFocused();
  const someone = (await pagerDutyGet<{ users: { id: string; name: string }[] }>(running, '/users?limit=5')).users[0]!;
  await page.keyboard.type(someone.name);
  await page.keyboard.press('Enter');
  await respondersDialog.getByRole('textbox', { name: 'Message' }).fill('Need a DBA on the replication lag');
  await page.keyboard.press('Control+Enter');
  await expect(respondersDialog).toBeHidden();
  await expect
    .poll(async () => {
      const body = await pagerDutyGet<{ incident: { incidents_responders: { user: PdRef }[] } }>(running, `/incidents/${keep.id}`);
      return body.incident.incidents_responders.map((responder) => responder.user.id);
    }, ACTION_TIMEOUT)
    .toContain(someone.id);
});
