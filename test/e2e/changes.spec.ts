/**
 * Change management from the UI against `oncall-console serve --demo` (ServiceNow): the
 * product team proposes a pre-approved template from the form (its problems said in words
 * first; ServiceNow's refusal shown above the fields, nothing typed lost), the change manager persona approves it from her approval queue and the
 * ServiceNow simulator publishes it; then she rejects one normal change by keyboard (r,
 * a comment, Ctrl+Enter) and approves another (a), and the simulator holds her decisions.
 * An incident's detail lists its service's changes. Against Jira Service Management, her
 * approval by keyboard moves the change request on in Jira's workflow. Screenshots go to the screenshot
 * folder (changes-*-{light,dark}.png), each checked by axe.
 */
import type { Page } from '@playwright/test';
import { test, expect, type RunningConsole } from './fixtures/console-server';
import { injectServiceNowFault, jiraRequestStatus, serviceNowGet, snValue, type SnRecord } from './fixtures/ticketing-api';
import { openArea, switchPersona } from './fixtures/specialists-api';
import { screenshotBothThemes } from './fixtures/screens';

const UI = { timeout: 20_000 };
/** The outbox sends decisions in the background; the change desk reads ServiceNow again after. */
const BACKEND = { timeout: 40_000, intervals: [500, 1_000] };

async function openConsole(page: Page, running: RunningConsole): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
}

async function proposals(running: RunningConsole, name: string): Promise<SnRecord[]> {
  const query = encodeURIComponent(`template_name=${name}`);
  return (await serviceNowGet<{ result: SnRecord[] }>(running, `/api/now/table/std_change_proposal?sysparm_query=${query}`)).result;
}

async function changeRecord(running: RunningConsole, number: string): Promise<SnRecord> {
  const query = encodeURIComponent(`number=${number}`);
  const [record] = (await serviceNowGet<{ result: SnRecord[] }>(running, `/api/now/table/change_request?sysparm_query=${query}`)).result;
  if (!record) throw new Error(`No change ${number} in the simulator`);
  return record;
}

/** Raises a normal change as a pipeline would (the change command's path: sn_chg_rest, then submitted). */
async function raiseNormalChange(running: RunningConsole, description: string): Promise<string> {
  const headers = {
    Authorization: `Basic ${Buffer.from('oncall.console:x').toString('base64')}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  const services = await serviceNowGet<{ result: SnRecord[] }>(running, `/api/now/table/cmdb_ci_service?sysparm_query=name=Payments%20API`);
  const ci = snValue(services.result[0]?.sys_id);
  const groups = await serviceNowGet<{ result: SnRecord[] }>(
    running,
    `/api/now/table/sys_user_group?sysparm_query=name=Change%20Management`,
  );
  const group = snValue(groups.result[0]?.sys_id);
  const created = await fetch(`${running.serviceNowApi}/api/sn_chg_rest/change/normal`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ short_description: description, cmdb_ci: ci, description, assignment_group: group }),
  });
  const { result } = (await created.json()) as { result: { sys_id: { value: string }; number: { value: string } } };
  const moved = await fetch(`${running.serviceNowApi}/api/sn_chg_rest/change/${result.sys_id.value}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({ state: 'assess' }),
  });
  if (!moved.ok) throw new Error(`Could not submit ${result.number.value}: ${await moved.text()}`);
  return result.number.value;
}

test('a product team proposes a template; the change manager approves it; ServiceNow publishes it', async ({ page, console: running }) => {
  test.setTimeout(150_000);
  await openConsole(page, running);
  await switchPersona(page, /^Developer on call/);
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await expect(page.getByRole('main', { name: 'Changes' })).toBeVisible(UI);
  await page.getByRole('tab', { name: 'Templates' }).click();
  await expect(page.getByRole('navigation', { name: 'Templates by service' }).getByText('Payments API - routine deployment')).toBeVisible(
    UI,
  );
  await screenshotBothThemes(page, 'changes-templates');

  await page.getByRole('button', { name: 'Propose a template' }).click();
  const form = page.getByRole('form', { name: 'Propose a template' });
  // Nothing typed: each problem in words, at its field.
  await form.getByRole('button', { name: 'Propose for approval' }).click();
  await expect(form.getByText('Choose the service the template is for')).toBeVisible(UI);
  await expect(form.getByText('Name the template (at least 3 characters)')).toBeVisible();
  await expect(form.getByText('Write the backout plan')).toBeVisible();

  const name = 'Payments API - config-only release';
  await form.getByRole('combobox', { name: 'Service' }).fill('Payments');
  await page.getByRole('option', { name: 'Payments API' }).click();
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  await form.getByRole('textbox', { name: 'What it covers' }).fill('Configuration-only releases of Payments API: no schema or code change');
  await form.getByRole('textbox', { name: 'Implementation plan' }).fill('Roll the configuration out through the pipeline, canary first');
  await form.getByRole('textbox', { name: 'Backout plan' }).fill('Redeploy the previous configuration version');
  await form.getByRole('textbox', { name: 'Test plan' }).fill('Smoke tests and the payment dashboards stay green for 15 minutes');
  // ServiceNow refuses the first try (an ACL on the proposal table): its words show above the form, nothing typed is lost.
  await injectServiceNowFault(running, { kind: 'acl-refusal', count: 1, path: '/api/now/table/std_change_proposal' });
  await form.getByRole('button', { name: 'Propose for approval' }).click();
  const refusal = form.getByRole('alert').filter({ hasText: 'ServiceNow refused the template' });
  await expect(refusal).toBeVisible(BACKEND);
  await expect(refusal).toContainText(/ACL|Operation Failed|not authorized|restricts/i);
  await expect(form.getByRole('textbox', { name: 'Backout plan' })).toHaveValue('Redeploy the previous configuration version');
  await screenshotBothThemes(page, 'changes-template-refused');
  await form.getByRole('button', { name: 'Propose for approval' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'waits for a change manager’s approval' })).toBeVisible(BACKEND);
  await screenshotBothThemes(page, 'changes-template-proposed');

  // The simulator holds the proposal, sent for approval.
  await expect.poll(async () => (await proposals(running, name)).length, BACKEND).toBe(1);
  const [proposal] = await proposals(running, name);
  expect(snValue(proposal?.state)).toBe('2');

  // The change manager's queue: the proposal waits for her; she approves it.
  await switchPersona(page, /^Change manager/);
  await page.getByRole('tab', { name: /Approvals/ }).click();
  const queue = page.getByRole('navigation', { name: 'Approvals waiting for me' });
  const proposalItem = queue.getByRole('button', { name: new RegExp(`Template: ${name}`) });
  await proposalItem.click({ ...UI });
  await expect(page.getByRole('article', { name: `Template ${name}` })).toBeVisible(UI);
  await screenshotBothThemes(page, 'changes-template-approval');
  // a: approve it, from the queue.
  await proposalItem.focus();
  await page.keyboard.press('a');
  await expect.poll(async () => snValue((await proposals(running, name))[0]?.state), BACKEND).toBe('3');
  // Published: ServiceNow lists it among the standard change templates, and so does the console.
  const published = await serviceNowGet<{ result: unknown[] }>(running, '/api/sn_chg_rest/change/standard/template');
  expect(JSON.stringify(published.result)).toContain(name);
  await page.getByRole('tab', { name: 'Templates' }).click();
  const listed = page.getByRole('navigation', { name: 'Templates by service' }).getByRole('button', { name: new RegExp(name) });
  await expect(listed.getByText('approved')).toBeVisible(BACKEND);
});

test('the change manager rejects one normal change and approves another by keyboard', async ({ page, console: running }) => {
  test.setTimeout(150_000);
  const rejectMe = await raiseNormalChange(running, 'Payments API: drop the legacy refunds table');
  const approveMe = await raiseNormalChange(running, 'Payments API: new connection pool limits');
  await openConsole(page, running);
  await switchPersona(page, /^Change manager/);
  await openArea(page, 'Changes');
  await page.getByRole('tab', { name: /Approvals/ }).click();
  const queue = page.getByRole('navigation', { name: 'Approvals waiting for me' });
  const rejectItem = queue.getByRole('button', { name: new RegExp(rejectMe) });
  await expect(rejectItem).toBeVisible(BACKEND);
  await rejectItem.click();
  const article = page.getByRole('article', { name: `Change ${rejectMe}` });
  await expect(article.getByText(/Gate: waiting/)).toBeVisible(UI);
  await expect(article.getByRole('region', { name: 'Approvals' }).getByText('Grace Hopper')).toBeVisible();
  await screenshotBothThemes(page, 'changes-approval-queue');

  // r: reject, with a comment; Ctrl+Enter sends it.
  await rejectItem.focus();
  await page.keyboard.press('r');
  const comment = page.getByRole('textbox', { name: 'Why you reject it' });
  await expect(comment).toBeFocused(UI);
  await comment.fill('No backout plan for dropping a table: restore it from the backup first');
  await page.keyboard.press('Control+Enter');
  await expect.poll(async () => snValue((await changeRecord(running, rejectMe)).approval), BACKEND).toBe('rejected');

  // a: approve the other one.
  const approveItem = queue.getByRole('button', { name: new RegExp(approveMe) });
  await approveItem.click();
  await approveItem.focus();
  await page.keyboard.press('a');
  await expect.poll(async () => snValue((await changeRecord(running, approveMe)).state), BACKEND).toBe('-2');
  // Both decided: neither waits for her now.
  await expect(queue.getByRole('button', { name: new RegExp(`${rejectMe}|${approveMe}`) })).toHaveCount(0, BACKEND);

  // The Changes tab: the rejected one shows the gate's refusal with her reason.
  await page.getByRole('tab', { name: 'Changes' }).click();
  await page
    .getByRole('navigation', { name: 'Changes by service' })
    .getByRole('button', { name: new RegExp(rejectMe) })
    .click();
  await expect(
    page.getByRole('article', { name: `Change ${rejectMe}` }).getByText(/rejected by Grace Hopper: No backout plan/),
  ).toBeVisible(BACKEND);
  await screenshotBothThemes(page, 'changes-by-service');
});

test("an incident's detail lists its service's changes", async ({ page, console: running }) => {
  test.setTimeout(90_000);
  await openConsole(page, running);
  const row = page
    .getByRole('grid', { name: 'Open incidents' })
    .locator('[role="row"][data-incident-id]')
    .filter({ hasText: 'Payments API' })
    .first();
  await row.click();
  await page.keyboard.press('Enter');
  const pane = page.locator('aside.detail-pane');
  const section = pane.getByRole('region', { name: 'Changes' });
  await expect(section.getByRole('button', { name: /Open change CHG/ }).first()).toBeVisible(UI);
  await expect(section.getByText(/before it opened|after it opened/).first()).toBeVisible();
  await screenshotBothThemes(page, 'changes-incident-detail');
  await section
    .getByRole('button', { name: /Open change CHG/ })
    .first()
    .click();
  await expect(page.getByRole('main', { name: 'Changes' }).getByRole('article', { name: /^Change CHG/ })).toBeVisible(UI);
});

test.describe('against Jira Service Management', () => {
  test.use({ consoleArgs: ['--demo-ticketing', 'jira-service-management'] });

  test('the change manager approves a normal change waiting in Jira by keyboard; Jira moves it on', async ({ page, console: running }) => {
    test.setTimeout(120_000);
    await openConsole(page, running);
    await switchPersona(page, /^Change manager/);
    await openArea(page, 'Changes');
    await page.getByRole('tab', { name: /Approvals/ }).click();
    const queue = page.getByRole('navigation', { name: 'Approvals waiting for me' });
    const item = queue.getByRole('button', { name: /CHG-1 · / });
    await expect(item).toBeVisible(BACKEND);
    await item.click();
    await expect(page.getByRole('article', { name: 'Change CHG-1' }).getByText('Awaiting approval').first()).toBeVisible(UI);
    await screenshotBothThemes(page, 'changes-jira-approval');
    await item.focus();
    await page.keyboard.press('a');
    // Jira's own record: the approval decided, the request moved to the workflow's next status.
    await expect.poll(() => jiraRequestStatus(running, 'CHG-1'), BACKEND).toBe('Awaiting implementation');
    await expect(queue.getByRole('button', { name: /CHG-1 · / })).toHaveCount(0, BACKEND);
  });
});
