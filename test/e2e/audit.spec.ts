/**
 * The change audit and "what changed" against `oncall-console serve --demo` (its simulators
 * carry 90 days of delivery history, a deployment without a change, and a change closed
 * without a deployment): `g d` and the Audit tab show the report; Export CSV gives the
 * header and a row per deployment and per closed change, the demo's flagged ones among
 * them; Export JSON parses to the same report; the printout shows the tables alone, black on
 * white. An open demo incident on Payments API shows the deployment that preceded it with
 * its commits, and "Roll back to <previous version>" opens the platform team's rollback
 * offering with the service and that version filled in. Screenshots go to the screenshot
 * folder (audit-*-{light,dark}.png), each checked by axe.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect, pagerDutyGet, type RunningConsole } from './fixtures/console-server';
import { screenPath, screenshotBothThemes, settled } from './fixtures/screens';
import {
  DEMO_WHAT_CHANGED_MINUTES_BEFORE,
  DEMO_WHAT_CHANGED_PREVIOUS_VERSION,
  DEMO_WHAT_CHANGED_SERVICE,
  DEMO_WHAT_CHANGED_VERSION,
} from '../../electron/host/demo-delivery-history';

const UI = { timeout: 20_000 };

/**
 * The newest incident open on a service when the demo started (the demo deployed 12 minutes
 * before it opened); read from the PagerDuty simulator right after start, before the demo's
 * generator adds another.
 */
async function newestOpenIncidentOn(running: RunningConsole, service: string): Promise<{ id: string; title: string }> {
  const { incidents } = await pagerDutyGet<{
    incidents: { id: string; title: string; created_at: string; service: { summary: string } }[];
  }>(running, '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100');
  const newest = incidents
    .filter((each) => each.service.summary === service)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
  if (!newest) throw new Error(`The demo has no open incident on ${service}`);
  return newest;
}
/** The engine reads the demo's delivery sources in the background after start-up. */
const BACKEND = { timeout: 60_000 };

const CSV_HEADER = [
  'deployed_at',
  'service',
  'environment',
  'version',
  'commit',
  'deployer',
  'state',
  'change_number',
  'change_type',
  'change_state',
  'approved_by',
  'approved_at',
  'window_start',
  'window_end',
  'commits',
  'exceptions',
];

async function openConsole(page: Page, running: RunningConsole): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
}

async function openAudit(page: Page): Promise<Locator> {
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  const area = page.getByRole('main', { name: 'Delivery' });
  await expect(area).toBeVisible(UI);
  await area.getByRole('tab', { name: 'Audit' }).click();
  const audit = area.getByTestId('audit-view');
  await expect(audit.getByRole('heading', { name: 'Change audit' })).toBeVisible(UI);
  return audit;
}

/** RFC 4180: fields separated by commas, quoted when they hold a comma, quote or line break (quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function downloadText(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test('the change audit: the report, its CSV and JSON exports with the flagged rows, and its printout', async ({
  page,
  console: running,
}) => {
  test.setTimeout(180_000);
  await openConsole(page, running);
  const audit = await openAudit(page);

  // The last 30 days by default; the whole demo history is 90.
  await expect(audit.getByRole('button', { name: 'Last 30 days' })).toHaveAttribute('aria-pressed', 'true');
  const deployments = audit.getByRole('table', { name: 'Production deployments' });
  await expect(deployments.locator('tbody tr').first()).toBeVisible(BACKEND);
  await expect(audit.getByLabel('Counts')).toContainText('Production deployments');
  await expect(audit.getByText(/GitHub read/).first()).toBeVisible(BACKEND);
  await settled(page);
  await screenshotBothThemes(page, 'audit-report');

  await audit.getByRole('button', { name: 'Last 90 days' }).click();
  await expect(audit.getByRole('button', { name: 'Last 90 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(audit.locator('[aria-busy="true"]')).toHaveCount(0, BACKEND);
  await expect(deployments.locator('tbody tr[data-exceptions]').first()).toBeVisible(BACKEND);
  const closed = audit.getByRole('table', { name: 'Changes closed without a deployment' });
  await expect(closed.locator('tbody tr').first()).toBeVisible(BACKEND);

  // A deployment's commits open under it.
  const toggle = deployments.getByRole('button', { name: /^Show the \d+ commits of / }).first();
  await toggle.click();
  await expect(deployments.getByRole('list', { name: /^Commits of / }).first()).toBeVisible(UI);
  await toggle.click();

  // Only exceptions: every row left is flagged.
  await audit.getByRole('switch', { name: 'Only exceptions' }).click({ force: true });
  await expect(deployments.locator('tbody tr:not([data-exceptions])')).toHaveCount(0, UI);
  await screenshotBothThemes(page, 'audit-exceptions');
  await audit.getByRole('switch', { name: 'Only exceptions' }).click({ force: true });

  // CSV: the header, a row per deployment, then one per change closed without a deployment.
  const csv = await downloadText(page, audit.getByRole('button', { name: 'Export CSV' }));
  expect(csv.name).toMatch(/^change-audit-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...records] = parseCsv(csv.text);
  expect(header).toEqual(CSV_HEADER);
  const column = (name: string) => CSV_HEADER.indexOf(name);
  const deploymentRecords = records.filter((record) => record[column('deployed_at')] !== '');
  const closedRecords = records.filter((record) => record[column('deployed_at')] === '');
  expect(deploymentRecords.length).toBeGreaterThan(0);
  for (const record of records) expect(record).toHaveLength(CSV_HEADER.length);
  // The demo's deployment without a change, flagged.
  const unapproved = deploymentRecords.filter((record) => record[column('exceptions')]!.includes('no-approved-change: '));
  expect(unapproved.length).toBeGreaterThan(0);
  expect(unapproved.some((record) => record[column('change_number')] === '')).toBe(true);
  // The demo's change closed without a deployment, with its number.
  const withoutDeployment = closedRecords.filter((record) => record[column('exceptions')]!.includes('closed-without-deployment: '));
  expect(withoutDeployment.length).toBeGreaterThan(0);
  expect(withoutDeployment[0]![column('change_number')]).toMatch(/^CHG\d+$/);
  // The table shows as many deployments as the file has.
  await expect(deployments.locator('tbody tr[data-deployment-key]')).toHaveCount(deploymentRecords.length);

  // JSON: the same report.
  const json = await downloadText(page, audit.getByRole('button', { name: 'Export JSON' }));
  expect(json.name).toBe(csv.name.replace(/\.csv$/, '.json'));
  const report = JSON.parse(json.text) as { rows: unknown[]; changesWithoutDeployment: unknown[]; counts: { deployments: number } };
  expect(report.rows).toHaveLength(deploymentRecords.length);
  expect(report.changesWithoutDeployment).toHaveLength(closedRecords.length);
  expect(report.counts.deployments).toBe(deploymentRecords.length);

  // The printout: the report alone (no header or area bar), black on white, headers repeated on every page.
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await expect(page.getByRole('navigation', { name: 'Areas' })).toBeHidden();
  await expect(audit.getByRole('button', { name: 'Export CSV' })).toBeHidden();
  await expect(deployments).toBeVisible();
  const printed = await deployments.evaluate((table) => ({
    header: getComputedStyle(table.querySelector('thead')!).display,
    color: getComputedStyle(table.querySelector('td')!).color,
    background: getComputedStyle(document.body).backgroundColor,
  }));
  expect(printed).toEqual({ header: 'table-header-group', color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
  await page.screenshot({ path: screenPath('audit-print.png'), fullPage: true });
  const pdf = await page.pdf({ path: screenPath('audit-print.pdf'), printBackground: true });
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(1);
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  // Print asks the browser's print dialog.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await audit.getByRole('button', { name: 'Print' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
});

test('an incident on Payments API shows the deployment that preceded it with its commits, and the rollback prefilled', async ({
  page,
  console: running,
}) => {
  test.setTimeout(150_000);
  // The demo's open incident a deployment caused, minutes after it went out: its newest seeded one on the service.
  const incident = await newestOpenIncidentOn(running, DEMO_WHAT_CHANGED_SERVICE);
  await openConsole(page, running);
  const row = page.getByRole('grid', { name: 'Open incidents' }).locator(`[role="row"][data-incident-id="${incident.id}"]`);
  await expect(row.first()).toBeVisible(UI);
  await row.first().click();
  await page.keyboard.press('Enter');
  const pane = page.locator('aside.detail-pane');
  const number = /#(\d+) · /.exec(
    (await pane
      .getByText(/^#\d+ · /)
      .first()
      .textContent()) ?? '',
  )?.[1];
  const htmlUrl = await pane.getByRole('link', { name: /Open in PagerDuty/ }).getAttribute('href');
  expect(number).toBeDefined();
  const whatChanged = pane.getByRole('region', { name: 'What changed' });
  await expect(whatChanged.getByText(`Production deployments of ${DEMO_WHAT_CHANGED_SERVICE}`, { exact: false })).toBeVisible(BACKEND);

  // The deployment that preceded it (read in the background after start-up: the section reads again when it is), with its commits.
  const deployment = whatChanged.getByRole('listitem', { name: `${DEMO_WHAT_CHANGED_SERVICE} ${DEMO_WHAT_CHANGED_VERSION}` });
  await expect(deployment).toBeVisible(BACKEND);
  await expect(deployment.getByText(new RegExp(`^deployed ${DEMO_WHAT_CHANGED_MINUTES_BEFORE} min before it opened`))).toBeVisible();
  await expect(
    deployment.getByText(new RegExp(`^\\d+ commits? since ${DEMO_WHAT_CHANGED_PREVIOUS_VERSION.replaceAll('.', '\\.')}:$`)),
  ).toBeVisible();
  const commits = deployment.getByRole('list', { name: `Commits of ${DEMO_WHAT_CHANGED_SERVICE} ${DEMO_WHAT_CHANGED_VERSION}` });
  await expect(commits.getByRole('listitem').first()).toBeVisible();
  await expect(deployment.getByRole('button', { name: /^Open change CHG\d+$/ })).toBeVisible();
  await pane.evaluate((element) => element.querySelector('[aria-label="What changed"]')?.scrollIntoView());
  await settled(page);
  await screenshotBothThemes(page, 'audit-incident-what-changed');

  // The rollback: the newest production deployment's previous version, in the platform team's offering.
  const rollback = whatChanged.getByRole('button', { name: `Roll back to ${DEMO_WHAT_CHANGED_PREVIOUS_VERSION}` });
  await expect(rollback).toBeVisible(BACKEND);
  await expect(
    whatChanged.getByText(`${DEMO_WHAT_CHANGED_SERVICE} in production runs ${DEMO_WHAT_CHANGED_VERSION}: Roll back a service`),
  ).toBeVisible();
  await rollback.click();

  const offering = page.getByRole('article', { name: 'Roll back a service' });
  await expect(offering).toBeVisible(UI);
  await expect(page.getByText(/^Raising from incident #\d+/)).toBeVisible();
  await expect(offering.getByLabel('Filled in from the incident')).toContainText('Service, Roll back to version, Why');
  await expect(offering.getByRole('combobox', { name: 'Service' })).toHaveValue(DEMO_WHAT_CHANGED_SERVICE);
  await expect(offering.getByRole('textbox', { name: 'Roll back to version' })).toHaveValue(DEMO_WHAT_CHANGED_PREVIOUS_VERSION);
  await expect(offering.getByRole('textbox', { name: 'Why' })).toHaveValue(
    `Incident #${number} on ${DEMO_WHAT_CHANGED_SERVICE}: ${incident.title} (${htmlUrl})`,
  );
  await expect(offering.getByRole('button', { name: 'Run now' })).toBeEnabled();
  await offering.getByLabel('Filled in from the incident').scrollIntoViewIfNeeded();
  await offering.getByRole('button', { name: 'Run now' }).scrollIntoViewIfNeeded();
  await settled(page);
  await screenshotBothThemes(page, 'audit-rollback-form');
});
