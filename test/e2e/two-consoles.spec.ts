/**
 * Two people, two consoles, one organisation: `oncall-console simulate` runs the
 * simulators, and two `oncall-console serve --workspace` hosts (each its own data
 * directory, each with its user's personal PagerDuty token, as on two laptops) point at
 * them. Nothing is shared between the consoles but the vendors. Dana, a developer, asks
 * the DBAs for a query review and runs a restore; Victor, a DBA, sees the ask in his
 * triage view, works it and approves the restore from his own console; Dana sees each
 * step in hers. The ServiceNow simulator's records are checked along the way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { printed, startCli, stopCli, type CliProcess } from './fixtures/cli-process';
import type { RunningConsole } from './fixtures/console-server';
import { actWithText, catalogItems, journal, openArea, openOffering, openRequestId } from './fixtures/specialists-api';
import { snValue } from './fixtures/ticketing-api';
import { screenPath } from './fixtures/screens';

const UI = { timeout: 20_000 };
/** A change made in one console reaches the other through the ticketing system: the outbox, then the next poll (2 s here). */
const ACROSS = { timeout: 30_000 };
const RUN = { timeout: 60_000 };

const DANA = 'dana.developer@example.com';
const VICTOR = 'victor.alvarez@example.com';

interface TwoConsoles {
  simulators: CliProcess;
  dana: CliProcess;
  victor: CliProcess;
  /** For the ServiceNow helpers (they read the simulator's URL from here). */
  serviceNow: RunningConsole;
}

const started: CliProcess[] = [];
const directories: string[] = [];
test.afterEach(async () => {
  for (const process of started.splice(0).reverse()) await stopCli(process.child);
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A personal PagerDuty API token for `email` (the simulator issues them as PagerDuty's profile page does). */
async function personalToken(pagerDutyApi: string, email: string): Promise<string> {
  const response = await fetch(`${pagerDutyApi}/_simulator/user-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 201) throw new Error(`No token for ${email}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** One person's console: a workspace file pointing at the simulators, its own data directory, their token. */
async function startPersonalConsole(simulators: CliProcess, who: string, email: string): Promise<CliProcess> {
  const directory = mkdtempSync(join(tmpdir(), `console-${who}-`));
  directories.push(directory);
  const workspaceFile = join(directory, 'workspace.yaml');
  writeFileSync(
    workspaceFile,
    [
      `name: ${who}'s console`,
      'paging:',
      '  provider: pagerduty',
      `  baseUrl: ${printed(simulators, 'PagerDuty API')}`,
      '  pollIntervalSeconds: 2',
      'ticketing:',
      '  provider: servicenow',
      `  instanceUrl: ${printed(simulators, 'ServiceNow API')}`,
      '  pollIntervalSeconds: 2',
      'github:',
      `  apiUrl: ${printed(simulators, 'GitHub API')}`,
      'catalogue:',
      `  files: [${resolve('catalogue/dba.yaml')}, ${resolve('catalogue/network.yaml')}]`,
      '',
    ].join('\n'),
  );
  const console = await startCli(
    ['serve', '--workspace', workspaceFile, '--data-dir', join(directory, 'data'), '--port', '0'],
    ['Console'],
    {
      PAGERDUTY_TOKEN: await personalToken(printed(simulators, 'PagerDuty API'), email),
      PAGERDUTY_FROM: email,
      SERVICENOW_USER: 'oncall.console',
      SERVICENOW_PASSWORD: 'integration-password',
      GITHUB_TOKEN: 'github-token',
    },
  );
  started.push(console);
  return console;
}

async function startTwoConsoles(): Promise<TwoConsoles> {
  const simulators = await startCli(['simulate', '--port', '0'], ['PagerDuty API', 'ServiceNow API', 'GitHub API']);
  started.push(simulators);
  const [dana, victor] = await Promise.all([
    startPersonalConsole(simulators, 'Dana', DANA),
    startPersonalConsole(simulators, 'Victor', VICTOR),
  ]);
  const serviceNow = {
    consoleUrl: '',
    pagerDutyApi: printed(simulators, 'PagerDuty API'),
    pagerDutyEvents: '',
    serviceNowApi: printed(simulators, 'ServiceNow API'),
    output: simulators.output,
  };
  return { simulators, dana, victor, serviceNow };
}

async function openConsole(page: Page, console: CliProcess, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(printed(console, 'Console'));
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
  // Outside the demo there is one persona: the person the PagerDuty token belongs to.
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible(UI);
}

/** Opens a request from the list in the Requests area's tab. */
async function openFromTab(page: Page, tab: 'My requests' | 'Triage', requestId: string, timeout = ACROSS): Promise<Locator> {
  await openArea(page, 'Requests');
  await page.getByRole('tab', { name: tab }).click();
  const listed = page.locator(`button[data-request-id="${requestId}"]`);
  await expect(listed).toBeVisible(timeout);
  await listed.click();
  const article = page.locator(`article[data-request-id="${requestId}"]`);
  await expect(article).toBeVisible(UI);
  return article;
}

test('a DBA on another machine sees the ask, works it, approves a restore; the developer sees every step', async ({ browser }) => {
  test.setTimeout(240_000);
  const consoles = await startTwoConsoles();
  const danaPage = await (await browser.newContext()).newPage();
  const victorPage = await (await browser.newContext()).newPage();
  await openConsole(danaPage, consoles.dana, 'Dana Developer');
  await openConsole(victorPage, consoles.victor, 'Victor Alvarez');

  // Dana asks the DBAs for a query review.
  await openArea(danaPage, 'Catalogue');
  await openOffering(danaPage, 'Query performance review');
  const offering = danaPage.getByRole('article', { name: 'Query performance review' });
  const token = Date.now().toString(36);
  await offering.getByRole('combobox', { name: 'Database' }).selectOption('pg-payments');
  await offering.getByRole('textbox', { name: 'The query' }).fill(`SELECT * FROM payments WHERE merchant_id = $1 /* ${token} */`);
  await offering.getByRole('textbox', { name: 'What you see' }).fill(`p95 went from 40 ms to 2 s after the deploy (${token})`);
  await offering.getByRole('button', { name: 'Send request' }).click();
  const askId = await openRequestId(danaPage);

  // Victor's console finds it in ServiceNow: in his triage view, with who asked and what.
  const triaged = await openFromTab(victorPage, 'Triage', askId);
  await expect(triaged).toHaveAttribute('data-state', 'new');
  await expect(triaged).toContainText('Dana Developer');
  await expect(triaged).toContainText(token);
  await victorPage.screenshot({ path: screenPath('two-consoles-triage-victor.png') });
  await triaged.getByRole('toolbar', { name: 'Request actions' }).getByRole('button', { name: 'Claim', exact: true }).click();
  await expect(triaged).toHaveAttribute('data-state', 'claimed', UI);
  const comment = `Add an index on merchant_id (${token})`;
  await actWithText(victorPage, triaged, 'Comment', 'Add comment', comment);

  // Dana sees the claim and the comment in her console.
  const mine = await openFromTab(danaPage, 'My requests', askId, UI);
  await expect(mine).toHaveAttribute('data-state', 'in-progress', ACROSS);
  await expect(mine.getByRole('region', { name: 'Comments' })).toContainText(comment, ACROSS);
  await expect(mine).toContainText('Victor Alvarez');

  await actWithText(victorPage, triaged, 'Resolve', 'Resolve', `Index created; p95 back to 35 ms (${token})`);
  await expect(mine).toHaveAttribute('data-state', 'resolved', ACROSS);
  await danaPage.screenshot({ path: screenPath('two-consoles-answered-dana.png') });
  // ServiceNow holds the same story: the item closed complete, the comment, and the consoles' notes.
  await expect.poll(async () => snValue((await catalogItems(consoles.serviceNow, askId))[0]?.state), ACROSS).toBe('3');
  const item = (await catalogItems(consoles.serviceNow, askId))[0]!;
  expect((await journal(consoles.serviceNow, snValue(item.sys_id), 'comments')).some((text) => text.includes(comment))).toBe(true);
  expect(
    (await journal(consoles.serviceNow, snValue(item.sys_id), 'work_notes')).some((text) => text.startsWith('Victor Alvarez claimed it')),
  ).toBe(true);

  // Dana asks to restore a backup; Victor approves it from his console, which runs it.
  await openArea(danaPage, 'Catalogue');
  await openOffering(danaPage, 'Restore a database backup');
  const restore = danaPage.getByRole('article', { name: 'Restore a database backup' });
  await restore.getByRole('combobox', { name: 'Database' }).selectOption('pg-checkout');
  await restore.getByRole('textbox', { name: 'Backup id' }).fill('20260105-0200');
  await restore.getByRole('radio', { name: 'staging' }).check();
  await restore.getByRole('textbox', { name: 'Why' }).fill(`Rows deleted by a batch job (${token})`);
  await restore.getByRole('button', { name: 'Ask for approval' }).click();
  const restoreId = await openRequestId(danaPage);

  await openArea(victorPage, 'Requests');
  await expect(victorPage.getByRole('navigation', { name: 'Requests to triage' })).toContainText('Approvals waiting for me', ACROSS);
  const approving = await openFromTab(victorPage, 'Triage', restoreId);
  await expect(approving).toHaveAttribute('data-state', 'awaiting-approval');
  await actWithText(victorPage, approving, 'Approve', 'Approve', 'Staging only: go ahead');
  await expect(approving).toHaveAttribute('data-state', 'succeeded', RUN);

  const ran = await openFromTab(danaPage, 'My requests', restoreId, UI);
  await expect(ran).toHaveAttribute('data-state', 'succeeded', ACROSS);
  await expect(ran.getByRole('region', { name: 'Approvals' })).toContainText('Staging only: go ahead');
  await expect(ran.getByRole('table', { name: 'Pipeline runs' }).locator('tr[data-run-id]')).toContainText('Success');
  await danaPage.screenshot({ path: screenPath('two-consoles-restore-dana.png') });
});
