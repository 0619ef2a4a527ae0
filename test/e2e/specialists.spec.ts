/**
 * Specialists as a service, from the UI against `oncall-console serve --demo`: ask a DBA
 * for a query review from an incident and work it as the DBA (checked in the ServiceNow
 * simulator's Service Catalog and PagerDuty's notes); run "restore a database backup",
 * approve it as the DBA and watch the GitHub Actions simulator's run succeed with the
 * inputs given; a rejection and a failed run leave an honest history. From an incident
 * on Payments API the catalogue shows what fits it and the form starts filled in; a
 * form's problems are said in words; a failed run shows the end of its log and is run
 * again with its inputs fixed, which needs approval again; the approval dialog repeats
 * what is approved. Screenshots go to the screenshot folder (specialists-*-{light,dark}.png).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';
import { serviceNowUserEmail, snValue } from './fixtures/ticketing-api';
import {
  actWithText,
  catalogItems,
  gitHubRun,
  gitHubRunPage,
  groupName,
  journal,
  openArea,
  openOffering,
  openRequestId,
  switchPersona,
} from './fixtures/specialists-api';
import { screenshotBothThemes } from './fixtures/screens';

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
  return (await pagerDutyGet<{ notes: { content: string }[] }>(running, `/incidents/${incidentId}/notes`)).notes.map(
    (note) => note.content,
  );
}

/** The Events API routing key of a demo service, by its name. */
async function routingKeyOf(running: RunningConsole, serviceName: string): Promise<string> {
  const body = await pagerDutyGet<{ services: { name: string; integrations?: { integration_key?: string }[] }[] }>(
    running,
    '/services?include[]=integrations&limit=100',
  );
  const key = body.services
    .find((service) => service.name === serviceName)
    ?.integrations?.find((integration) => integration.integration_key)?.integration_key;
  if (!key) throw new Error(`The PagerDuty simulator has no service "${serviceName}" with an Events API integration`);
  return key;
}

/** Triggers an incident on a service and opens it in the detail pane; returns its row's incident id and number. */
async function openNewIncident(
  page: Page,
  running: RunningConsole,
  serviceName: string,
  summary: string,
): Promise<{ pane: Locator; number: string }> {
  await triggerAlert(running, await routingKeyOf(running, serviceName), summary);
  await openArea(page, 'Incidents');
  const row = page
    .getByRole('grid', { name: 'Open incidents' })
    .getByRole('row', { name: new RegExp(summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await expect(row).toBeVisible(UI);
  await row.click();
  await page.keyboard.press('Enter');
  const pane = page.locator('aside.detail-pane');
  await expect(pane).toBeVisible(UI);
  const number = /#(\d+)/.exec((await pane.locator('text=/^#\\d+ · /').first().textContent()) ?? '')?.[1];
  if (!number) throw new Error('The detail pane shows no incident number');
  return { pane, number };
}

/** Screenshots in both themes, each checked by axe (fixtures/screens.ts). */
function screenshot(page: Page, name: string): Promise<void> {
  return screenshotBothThemes(page, `specialists-${name}`);
}

test('ask a DBA for a query review from an incident; the DBA claims, comments and resolves it', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  const { incidentId, pane } = await openFirstIncident(page);

  await pane.getByRole('button', { name: 'Ask a specialist…' }).click();
  await expect(page.getByRole('navigation', { name: 'Offerings' })).toBeVisible(UI);
  await expect(page.getByText(/Raising from incident #\d+/)).toBeVisible();
  // The list shows what fits the incident's service; this test asks the DBAs whatever it is.
  const showAll = page.getByRole('button', { name: 'Show all', exact: true });
  if (await showAll.isVisible()) await showAll.click();
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
  await expect
    .poll(
      async () =>
        (await pagerDutyNotes(running, incidentId)).some(
          (note) => note.includes(snValue(item.number)) || note.includes('Query performance review'),
        ),
      BACKEND,
    )
    .toBe(true);
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

test('run "restore a database backup": approved by the DBA, the GitHub run succeeds with the inputs given', async ({
  page,
  console: running,
}) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Catalogue');
  await openOffering(page, 'Restore a database backup');
  await expect(page.getByRole('article', { name: 'Restore a database backup' }).getByLabel('About this offering')).toContainText(
    'Any one of Database Administration',
  );
  await screenshot(page, 'form');

  const requestId = await askForRestore(page, {
    database: 'pg-checkout',
    backupId: '20260105-0200',
    reason: 'Rows deleted by the 09:12 batch job',
  });

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
  await expect(timeline).toContainText('Database: checkout (PostgreSQL Platform), Backup id: 20260105-0200, Restore into: staging');
  await expect(timeline).toContainText(/approved/i);
  await expect(timeline).toContainText(/succeeded|success/i);
  await expect(history.getByRole('region', { name: 'Approvals' })).toContainText('Staging only: go ahead');
  await screenshot(page, 'history');
});

test('a rejected approval and a failed run leave an honest history', async ({ page, console: running }) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  await switchPersona(page, DEVELOPER);
  const rejectedId = await askForRestore(page, {
    database: 'pg-identity',
    backupId: 'latest',
    reason: 'Test the restore path into staging',
  });

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
  // Retry opens the form with the run's inputs; unchanged, it reruns under the approval given.
  const again = page.getByRole('dialog', { name: 'Run “Grant read access to a database” again' });
  await expect(again.getByRole('textbox', { name: 'Who gets access' })).toHaveValue('simulate-failure@example.com');
  await expect(again.getByTestId('retry-plan')).toHaveText('Run 2 uses the inputs approved before; nothing needs approving again.');
  await again.getByRole('button', { name: 'Retry with the same inputs' }).click();
  await expect(again).toBeHidden(UI);
  await expect(failed.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]')).toHaveCount(2, RUN);
  await expect(failed).toHaveAttribute('data-state', 'failed', RUN);
  await expect(failed.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]').nth(1)).toContainText('Failure', RUN);
});

test('from an incident on Payments API: the offerings that fit it, the form filled in from it, a problem said in words, and the approval dialog saying what is approved', async ({
  page,
  console: running,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
  await switchPersona(page, DEVELOPER);
  const summary = `Payments API: 5xx rate 9% on POST /v1/payments (${Date.now().toString(36)})`;
  const { pane, number } = await openNewIncident(page, running, 'Payments API', summary);

  await pane.getByRole('button', { name: 'Ask a specialist…' }).click();
  const offerings = page.getByRole('navigation', { name: 'Offerings' });
  await expect(page.getByTestId('incident-fit')).toHaveText('For Payments API: 4 offerings fit', UI);
  await expect(offerings.getByRole('button')).toHaveText([
    /^Query performance review/,
    /^Restore a database backup/,
    /^Investigate network latency/,
    /^Roll back a service/,
  ]);
  await expect(page.getByRole('heading', { name: 'What specialists offer for Payments API' })).toBeVisible();
  await screenshot(page, 'incident-catalogue');
  // Everything is still there, one click away.
  await page.getByRole('button', { name: 'Show all', exact: true }).click();
  await expect(offerings.getByRole('button')).toHaveCount(8);
  await page.getByRole('button', { name: 'Only what fits', exact: true }).click();
  await expect(offerings.getByRole('button')).toHaveCount(4);

  await openOffering(page, 'Restore a database backup');
  const restore = page.getByRole('article', { name: 'Restore a database backup' });
  // Filled in where the catalogue says how: the database Payments API uses, and why (the incident).
  await expect(restore.getByLabel('Filled in from the incident')).toContainText(
    `Filled in from incident #${number}: Database, Why. Check them, and change anything, before sending.`,
  );
  await expect(restore.getByRole('combobox', { name: 'Database' })).toHaveValue('pg-payments');
  const why = restore.getByRole('textbox', { name: 'Why' });
  await expect(why).toHaveValue(
    new RegExp(`^Incident #${number} on Payments API: ${summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(https?://\\S+\\)$`),
  );
  await expect(restore.getByRole('textbox', { name: 'Backup id' })).toHaveValue('');

  // A value the field refuses is said in words: the field as labelled, never the pattern.
  await restore.getByRole('textbox', { name: 'Backup id' }).fill('yesterday');
  await why.fill(`Rows deleted by the 09:12 batch job; incident #${number}`);
  await restore.getByRole('button', { name: 'Ask for approval' }).click();
  const problems = restore.getByRole('alert').filter({ hasText: 'Check the form' });
  const message = 'Backup id must be "latest" or a snapshot date like 20261206-0400 (YYYYMMDD-HHMM, UTC)';
  await expect(problems).toContainText(message);
  await expect(problems).not.toContainText('[0-9]');
  await expect(problems).not.toContainText('backup_id');
  await expect(restore.getByText(message)).toHaveCount(2);
  await screenshot(page, 'validation');
  await restore.getByRole('textbox', { name: 'Backup id' }).fill('latest');
  await restore.getByRole('button', { name: 'Ask for approval' }).click();
  const requestId = await openRequestId(page);
  const asked = page.locator(`article[data-request-id="${requestId}"]`);
  await expect(asked).toHaveAttribute('data-state', 'awaiting-approval', UI);
  await expect(asked.getByLabel('Request details').getByRole('button', { name: new RegExp(`^#${number} `) })).toBeVisible();

  // The DBA's approval dialog repeats what is approved: offering, environment, risk, inputs as labelled.
  await switchPersona(page, DBA);
  const approving = await openListedRequest(page, requestId);
  await approving.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve' });
  const decided = dialog.getByRole('region', { name: 'What you decide on' });
  await expect(decided).toContainText('Restore a database backup');
  await expect(decided).toContainText('Environment: staging');
  await expect(decided).toContainText('High risk');
  const inputs = decided.getByRole('definition');
  await expect(decided.getByRole('term')).toHaveText(['Environment', 'Database', 'Backup id', 'Restore into', 'Why']);
  await expect(inputs).toHaveText([
    'staging (Restore into)',
    'payments (PostgreSQL Platform)',
    'latest',
    'staging',
    `Rows deleted by the 09:12 batch job; incident #${number}`,
  ]);
  await screenshot(page, 'approval');
  await dialog.getByRole('textbox').fill('Staging: fine');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(approving).toHaveAttribute('data-state', 'succeeded', RUN);
});

test('a failed run shows the end of its log; run again with the inputs fixed, it needs approval again and then runs them', async ({
  page,
  console: running,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Catalogue');
  await openOffering(page, 'Grant read access to a database');
  const grant = page.getByRole('article', { name: 'Grant read access to a database' });
  await grant.getByRole('combobox', { name: 'Database' }).selectOption('pg-search');
  await grant.getByRole('textbox', { name: 'Who gets access' }).fill('simulate-failure@example.com');
  await grant.getByRole('textbox', { name: 'Why' }).fill('The weekly search report reads the index tables');
  await grant.getByRole('button', { name: 'Ask for approval' }).click();
  const failingId = await openRequestId(page);
  await switchPersona(page, DBA);
  const approving = await openListedRequest(page, failingId);
  await actWithText(page, approving, 'Approve', 'Approve', '');
  await expect(approving).toHaveAttribute('data-state', 'failed', RUN);

  // The requester sees why: the end of the failed job's log, read from GitHub.
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const failed = await openListedRequest(page, failingId);
  const runId = await failed.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]').getAttribute('data-run-id');
  const log = failed.getByLabel(`The end of the log of run ${runId}`);
  await expect(log).toContainText(
    'ERROR: chunk 18/24 refused: the input grantee="simulate-failure@example.com" asks this demo pipeline to fail',
    UI,
  );
  await expect(log).toContainText('Error: Process completed with exit code 1.');
  await expect(log).not.toContainText('##[');
  await expect(failed.getByRole('region', { name: `Why run ${runId} failed: the end of its log` })).toContainText(
    /The last 60 of \d+ lines of job "grant-read-access" \(failure\)/,
  );
  await log.evaluate((element) => element.scrollIntoView({ block: 'end' }));
  await screenshot(page, 'run-log');

  // Retry: the form with the run's inputs; a changed input is a new request that needs approval again.
  await failed.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Retry', exact: true }).click();
  const again = page.getByRole('dialog', { name: 'Run “Grant read access to a database” again' });
  const grantee = again.getByRole('textbox', { name: 'Who gets access' });
  await expect(grantee).toHaveValue('simulate-failure@example.com');
  await expect(again.getByRole('combobox', { name: 'Database' })).toHaveValue('pg-search');
  await expect(again.getByRole('button', { name: 'Retry with the same inputs' })).toBeVisible();
  await grantee.fill('priya');
  await again.getByRole('button', { name: 'Ask for approval again' }).click();
  await expect(again.getByRole('alert').filter({ hasText: 'Check the form' })).toContainText(
    'Who gets access must be an email address, e.g. priya.patel@example.com',
  );
  await grantee.fill('priya.patel@example.com');
  await expect(again.getByTestId('retry-plan')).toHaveText(
    'You changed Who gets access. Changed inputs are a new request: it needs approval again (any one of Database Administration) before anything runs, and this request ends.',
  );
  await screenshot(page, 'retry');
  await again.getByRole('button', { name: 'Ask for approval again' }).click();
  await expect(again).toBeHidden(UI);
  const retriedId = await openRequestId(page);
  expect(retriedId).not.toBe(failingId);
  const retried = page.locator(`article[data-request-id="${retriedId}"]`);
  await expect(retried).toHaveAttribute('data-state', 'awaiting-approval', UI);
  await expect(retried).toContainText(`Runs again, with changed inputs, the failed request ${failingId}.`);
  await expect(retried.getByRole('region', { name: 'Runs' })).toHaveCount(0);

  // The approver sees the new inputs and approves them; the run gets exactly those.
  await switchPersona(page, DBA);
  const second = await openListedRequest(page, retriedId);
  await second.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve' });
  await expect(dialog.getByRole('region', { name: 'What you decide on' })).toContainText('Medium risk');
  await expect(dialog.getByRole('region', { name: 'What you decide on' }).getByRole('definition')).toContainText([
    'search (PostgreSQL Platform)',
    'priya.patel@example.com',
    '7 days',
  ]);
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(second).toHaveAttribute('data-state', 'succeeded', RUN);
  const runRow = second.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]');
  const run = await gitHubRun(running, 'acme/db-ops', (await runRow.getAttribute('data-run-id'))!);
  expect(run.display_title).toContain('priya.patel@example.com');
  expect(run.display_title).toContain(retriedId);

  // The failed request ended, naming the one that replaced it.
  await switchPersona(page, DEVELOPER);
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: 'My requests' }).click();
  const replaced = await openListedRequest(page, failingId);
  await expect(replaced).toHaveAttribute('data-state', 'cancelled', UI);
  await expect(replaced.getByRole('region', { name: 'History' })).toContainText(
    `ran it again with changed inputs as ${retriedId} (Who gets access: simulate-failure@example.com → priya.patel@example.com)`,
  );
});
