/**
 * Specialists as a service, from the UI against `oncall-console serve --demo`: ask a DBA
 * for a query review from an incident and work it as the DBA (checked in the ServiceNow
 * simulator's Service Catalog and PagerDuty's notes); run "restore a database backup",
 * approve it as the DBA and watch the GitHub Actions simulator's run succeed with the
 * inputs given; a rejection and a failed run leave an honest history. Screenshots of the
 * catalogue, a form, the triage view and a history go to /tmp/screens.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, pagerDutyGet, type RunningConsole } from './fixtures/console-server';
import { serviceNowUserEmail, snValue } from './fixtures/ticketing-api';
import { actWithText, catalogItems, gitHubRun, gitHubRunPage, groupName, journal, openArea, openOffering, openRequestId, switchPersona } from './fixtures/specialists-api';

const UI = { timeout: 20_000 };
/** The outbox raises the ticket and mirrors each step in the background. */
const BACKEND = { timeout: 40_000, intervals: [500, 1_000] };
/** Demo runs are queued 3 s and run 8 s. */
const RUN = { timeout: 60_000 };

const DEVELOPER = /^Developer on call/;
const DBA = /^DBA/;

async function openConsole(page: Page, running: RunningConsole): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
}

/** Opens the first incident of the queue in the detail pane; returns its id and the pane. */
async function openFirstIncident(page: Page): Promise<{ incidentId: string; pane: Locator }> {
  await openArea(page, 'Incidents');
  const row = page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first();
  const incidentId = await row.getAttribute('data-incident-id');
  if (!incidentId) throw new Error('The first row has no incident id');
  await row.click();
  await page.keyboard.press('Enter');
  const pane = page.locator('aside.detail-pane');
  await expect(pane).toBeVisible(UI);
  return { incidentId, pane };
}

/** The request in a list (my requests or triage), opened. */
async function openListedRequest(page: Page, requestId: string): Promise<Locator> {
  await page.locator(`button[data-request-id="${requestId}"]`).click();
  const article = page.locator(`article[data-request-id="${requestId}"]`);
  await expect(article).toBeVisible(UI);
  return article;
}

async function askForRestore(page: Page, inputs: { database: string; backupId: string; reason: string }): Promise<string> {
  await openArea(page, 'Catalogue');
  await openOffering(page, 'Restore a database backup');
  const article = page.getByRole('article', { name: 'Restore a database backup' });
  await article.getByRole('combobox', { name: 'Database' }).selectOption(inputs.database);
  await article.getByRole('textbox', { name: 'Backup id' }).fill(inputs.backupId);
  await article.getByRole('radio', { name: 'staging' }).check();
  await article.getByRole('textbox', { name: 'Why' }).fill(inputs.reason);
  await article.getByRole('button', { name: 'Ask for approval' }).click();
  const id = await openRequestId(page);
  await expect(page.locator(`article[data-request-id="${id}"]`)).toHaveAttribute('data-state', 'awaiting-approval', UI);
  return id;
}

async function pagerDutyNotes(running: RunningConsole, incidentId: string): Promise<string[]> {
  return (await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${incidentId}/notes`)).notes.map((note) => note.content);
}

async function screenshot(page: Page, name: string): Promise<void> {
  // Toasts from the steps before would cover the view.
  for (const close of await page.locator('.mantine-Notification-root button').all()) await close.click().catch(() => undefined);
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, UI);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `/tmp/screens/specialists-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('ask a DBA for a query review from an incident; the DBA claims, comments and resolves it', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  const { incidentId, pane } = await openFirstIncident(page);

  await pane.getByRole('button', { name: 'Ask a specialist…' }).click();
  await expect(page.getByRole('navigation', { name: 'Offerings' })).toBeVisible(UI);
  await expect(page.getByText(/Raising from incident #\d+/)).toBeVisible();
  await openOffering(page, 'Query performance review');
  const offering = page.getByRole('article', { name: 'Query performance review' });
  await expect(offering.getByLabel('About this offering')).toContainText('Response within 4 hours, resolution within 3 days');
  await screenshot(page, 'catalogue');

  // The form checks itself before anything is sent.
  await offering.getByRole('button', { name: 'Send request' }).click();
  await expect(offering.getByRole('alert').filter({ hasText: 'Check the form' })).toContainText('Database is required');
  const token = Date.now().toString(36);
  await offering.getByRole('combobox', { name: 'Database' }).selectOption('pg-payments');
  await offering.getByRole('textbox', { name: 'The query' }).fill(`SELECT * FROM payments WHERE merchant_id = $1 /* ${token} */`);
  await offering.getByRole('textbox', { name: 'What you see' }).fill(`p95 went from 40 ms to 2 s after the 14:00 deploy (${token})`);
  await offering.getByRole('button', { name: 'Send request' }).click();

  const requestId = await openRequestId(page);
  const mine = page.locator(`article[data-request-id="${requestId}"]`);
  await expect(mine).toHaveAttribute('data-state', 'new');
  await expect(mine.getByLabel('Request details').getByRole('button', { name: /^#\d+ / })).toBeVisible();

  // ServiceNow: one catalog item in the DBA group's queue, linked by the request id.
  await expect.poll(async () => (await catalogItems(running, requestId)).length, BACKEND).toBe(1);
  const item = (await catalogItems(running, requestId))[0]!;
  const itemSysId = snValue(item.sys_id);
  expect(await groupName(running, snValue(item.assignment_group))).toBe('Database Administration');
  // PagerDuty: the incident got a note about the ask.
  await expect.poll(async () => (await pagerDutyNotes(running, incidentId)).some((note) => note.includes(snValue(item.number)) || note.includes('Query performance review')), BACKEND).toBe(true);
  await expect(mine.getByLabel('Request details')).toContainText(snValue(item.number), UI);

  // The DBA: Triage first, the request there with its SLA countdown.
  await switchPersona(page, DBA);
  await expect(page.getByRole('tab', { name: 'Triage' })).toHaveAttribute('aria-selected', 'true', UI);
  await expect(page.locator(`button[data-request-id="${requestId}"]`)).toContainText(/Response due in/);
  const triaged = await openListedRequest(page, requestId);
  await triaged.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Claim', exact: true }).click();
  await expect(triaged).toHaveAttribute('data-state', 'claimed', UI);
  await screenshot(page, 'triage');
  const comment = `The plan scans payments sequentially; adding an index on merchant_id (${token})`;
  await actWithText(page, triaged, 'Comment', 'Add comment', comment);
  await expect(triaged.getByRole('region', { name: 'Comments' })).toContainText(comment, UI);
  await actWithText(page, triaged, 'Resolve', 'Resolve', `Index created concurrently; p95 back to 35 ms (${token})`);
  await expect(triaged).toHaveAttribute('data-state', 'resolved', UI);
  await expect(triaged.getByRole('toolbar', { name: 'Request actions' })).toHaveCount(0);

  // ServiceNow: the item is assigned to the DBA, carries the comment and is closed complete.
  await expect.poll(async () => snValue((await catalogItems(running, requestId))[0]?.state), BACKEND).toBe('3');
  const closed = (await catalogItems(running, requestId))[0]!;
  expect(await serviceNowUserEmail(running, snValue(closed.assigned_to))).toMatch(/@/);
  await expect.poll(async () => (await journal(running, itemSysId, 'comments')).some((text) => text.includes(comment)), BACKEND).toBe(true);

  // The developer sees the answer.
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const answered = await openListedRequest(page, requestId);
  await expect(answered).toHaveAttribute('data-state', 'resolved', UI);
  await expect(answered.getByRole('region', { name: 'Comments' })).toContainText(comment);
});

test('run "restore a database backup": approved by the DBA, the GitHub run succeeds with the inputs given', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Catalogue');
  await openOffering(page, 'Restore a database backup');
  await expect(page.getByRole('article', { name: 'Restore a database backup' }).getByLabel('About this offering')).toContainText('Any one of Database Administration');
  await screenshot(page, 'form');

  const requestId = await askForRestore(page, { database: 'pg-checkout', backupId: '20260105-0200', reason: 'Rows deleted by the 09:12 batch job' });

  await switchPersona(page, DBA);
  await expect(page.getByRole('navigation', { name: 'Requests to triage' })).toContainText('Approvals waiting for me', UI);
  const approving = await openListedRequest(page, requestId);
  await actWithText(page, approving, 'Approve', 'Approve', 'Staging only: go ahead');
  await expect(approving).toHaveAttribute('data-state', 'succeeded', RUN);
  const runRow = approving.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]');
  await expect(runRow).toHaveCount(1);
  await expect(runRow).toContainText('Success');
  await expect(runRow.getByRole('link', { name: /Run logs/ })).toHaveAttribute('href', /\/acme\/db-ops\/actions\/runs\//);
  const runId = await runRow.getAttribute('data-run-id');
  if (!runId) throw new Error('The run row has no id');

  const run = await gitHubRun(running, 'acme/db-ops', runId);
  expect(run.status).toBe('completed');
  expect(run.conclusion).toBe('success');
  expect(run.display_title).toContain('pg-checkout');
  expect(run.display_title).toContain('20260105-0200');
  expect(run.display_title).toContain(requestId);
  const runPage = await gitHubRunPage(run);
  expect(runPage).toContain('staging');

  // The requester's history: who asked with which inputs, who approved, the outcome.
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const history = await openListedRequest(page, requestId);
  const timeline = history.getByRole('region', { name: 'History' });
  await expect(timeline).toContainText('pg-checkout');
  await expect(timeline).toContainText(/approved/i);
  await expect(timeline).toContainText(/succeeded|success/i);
  await expect(history.getByRole('region', { name: 'Approvals' })).toContainText('Staging only: go ahead');
  await screenshot(page, 'history');
});

test('a rejected approval and a failed run leave an honest history', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  const rejectedId = await askForRestore(page, { database: 'pg-identity', backupId: 'latest', reason: 'Test the restore path into staging' });

  await switchPersona(page, DBA);
  const rejecting = await openListedRequest(page, rejectedId);
  const why = 'Use the nightly staging refresh instead of a restore';
  await actWithText(page, rejecting, 'Reject', 'Reject', why);
  await expect(rejecting).toHaveAttribute('data-state', 'rejected', UI);

  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const rejected = await openListedRequest(page, rejectedId);
  await expect(rejected.getByRole('alert')).toContainText(why);
  await expect(rejected.getByRole('region', { name: 'Approvals' })).toContainText('Rejected');
  await expect(rejected.getByRole('region', { name: 'Approvals' })).toContainText(why);
  await expect(rejected.getByRole('region', { name: 'History' })).toContainText(why);
  await expect(rejected.getByRole('region', { name: 'Runs' })).toHaveCount(0);

  // A run that fails (the demo workflow fails on an input containing "simulate-failure"):
  // the requester sees the failure and can retry; each run is in the history.
  await openArea(page, 'Catalogue');
  await openOffering(page, 'Grant read access to a database');
  const grant = page.getByRole('article', { name: 'Grant read access to a database' });
  await grant.getByRole('combobox', { name: 'Database' }).selectOption('pg-search');
  await grant.getByRole('textbox', { name: 'Who gets access' }).fill('simulate-failure@example.com');
  await grant.getByRole('textbox', { name: 'Why' }).fill('Reporting job needs read access');
  await grant.getByRole('button', { name: 'Ask for approval' }).click();
  const failingId = await openRequestId(page);
  await switchPersona(page, DBA);
  const approving = await openListedRequest(page, failingId);
  await actWithText(page, approving, 'Approve', 'Approve', '');
  await expect(approving).toHaveAttribute('data-state', 'failed', RUN);

  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const failed = await openListedRequest(page, failingId);
  await expect(failed.getByRole('alert')).toBeVisible();
  await expect(failed.getByRole('table', { name: 'Pipeline runs' })).toContainText('Failure');
  await failed.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(failed.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]')).toHaveCount(2, RUN);
  await expect(failed).toHaveAttribute('data-state', 'failed', RUN);
  await expect(failed.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]').nth(1)).toContainText('Failure', RUN);
});
