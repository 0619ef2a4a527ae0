/**
 * The web console end to end, against `oncall-console serve --demo`: the queue shows the
 * demo incidents, a new alert appears without a reload, and the keyboard acknowledges,
 * notes and resolves it, with the PagerDuty simulator confirming each change.
 */
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';

interface PdIncident {
  id: string;
  status: string;
  title: string;
}

const POLL_INTERVAL_MS = 5_000; // the demo workspace's poll interval

async function incidentForKey(running: RunningConsole, dedupKey: string): Promise<PdIncident> {
  const body = await pagerDutyGet<{ incidents: PdIncident[] }>(running, `/incidents?incident_key=${encodeURIComponent(dedupKey)}`);
  const found = body.incidents[0];
  if (!found) throw new Error(`No incident with incident_key ${dedupKey}`);
  return found;
}

async function incidentStatus(running: RunningConsole, id: string): Promise<string> {
  return (await pagerDutyGet<{ incident: PdIncident }>(running, `/incidents/${id}`)).incident.status;
}

test('the queue lists the demo incidents', async ({ page, console: running }) => {
  const open = await pagerDutyGet<{ incidents: PdIncident[] }>(running, '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=5');
  await page.goto(running.consoleUrl);
  // The token left the visible URL but a reload still works.
  await expect.poll(() => page.url()).not.toContain('token=');
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  for (const incident of open.incidents) {
    await expect(grid.getByRole('row', { name: new RegExp(escapeRegExp(incident.title)) })).toBeVisible();
  }
  // Once loaded, the tab names the workspace (a count of new pages for me goes in front when there are any).
  await expect(page).toHaveTitle(/(^|\) )Demo workspace · On-Call Console$/);
  await expect(page.getByText('PagerDuty: OK')).toBeVisible();
  await page.reload();
  await expect(grid.getByRole('row', { name: new RegExp(escapeRegExp(open.incidents[0]!.title)) })).toBeVisible();
});

test('a new alert appears live; a, n and r acknowledge, note and resolve it', async ({ page, console: running }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.getByRole('row').nth(3)).toBeVisible();

  const summary = `E2E checkout errors ${Date.now()}`;
  const dedupKey = await triggerAlert(running, await firstRoutingKey(running), summary);
  const created = await incidentForKey(running, dedupKey);
  const row = grid.getByRole('row', { name: new RegExp(escapeRegExp(summary)) });
  await expect(row).toBeVisible({ timeout: POLL_INTERVAL_MS + 2_000 });
  await expect(row).toContainText('Triggered');

  // Select it with j/k only: it is the newest, so at the top of the queue.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(row).toHaveAttribute('aria-selected', 'true');

  // a: acknowledge.
  await page.keyboard.press('a');
  await expect.poll(() => incidentStatus(running, created.id), { timeout: 10_000 }).toBe('acknowledged');
  await expect(row).toContainText('Acknowledged', { timeout: 10_000 });
  await expect(row).toHaveAttribute('aria-selected', 'true');

  // Enter opens the detail pane with the alert's details and link.
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: new RegExp(escapeRegExp(summary)) });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('eu-west-1')).toBeVisible();
  const link = pane.getByRole('link', { name: /Checkout dashboard/ });
  await expect(link).toHaveAttribute('href', 'https://grafana.example.com/d/checkout');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

  // n: add a note; shortcuts stay off while typing (the 'a' and 'r' in the text).
  const note = `Rolled back the deploy ${Date.now()}`;
  await page.keyboard.press('n');
  const noteDialog = page.getByRole('dialog', { name: 'Add note' });
  await expect(noteDialog).toBeVisible();
  await page.keyboard.type(note);
  await noteDialog.getByRole('button', { name: 'Add note' }).click();
  await expect(noteDialog).toBeHidden();
  await expect
    .poll(
      async () =>
        (await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${created.id}/notes`)).notes.map((n) => n.content),
      { timeout: 10_000 },
    )
    .toContain(note);
  await expect(pane.getByRole('region', { name: 'Notes' }).getByText(note)).toBeVisible({ timeout: 10_000 });

  // Esc closes the pane; r resolves with a note.
  await page.keyboard.press('Escape');
  await expect(pane).toBeHidden();
  await page.keyboard.press('r');
  const resolveDialog = page.getByRole('dialog', { name: 'Resolve incident' });
  await expect(resolveDialog).toBeVisible();
  await page.keyboard.type('Fixed by the rollback');
  await page.keyboard.press('Control+Enter');
  await expect(resolveDialog).toBeHidden();
  await expect.poll(() => incidentStatus(running, created.id), { timeout: 10_000 }).toBe('resolved');
  const notes = await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${created.id}/notes`);
  expect(notes.notes.map((n) => n.content)).toContain('Fixed by the rollback');
  // Resolved incidents leave the open queue.
  await expect(row).toHaveCount(0, { timeout: 10_000 });
});

test('keyboard shortcuts are off while typing and while a dialog is open', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.getByRole('row').nth(3)).toBeVisible();
  await page.keyboard.press('j');
  const selected = grid.locator('[role="row"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  const firstId = await selected.getAttribute('data-incident-id');
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'Add note' });
  await expect(dialog).toBeVisible();
  await page.keyboard.type('jjj');
  await expect(dialog.getByRole('textbox')).toHaveValue('jjj');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(selected).toHaveAttribute('data-incident-id', firstId!);
  await page.keyboard.press('j');
  await expect(selected).not.toHaveAttribute('data-incident-id', firstId!);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
