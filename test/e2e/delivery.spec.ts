/**
 * Delivery from the UI against `oncall-console serve --demo` (its GitHub, GitLab and Jenkins
 * simulators carry 90 days of demo history): `g d` opens the Delivery area; Payments API's
 * page shows the version in each environment, its deployment history, and the compare of
 * two versions with its commits and pull requests, also for two versions picked by hand;
 * the Metrics tab shows the four figures with their DORA bands, the split by change type
 * and the figures per service, over another window. Screenshots go to the screenshot folder
 * (delivery-*-{light,dark}.png), each checked by axe.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, type RunningConsole } from './fixtures/console-server';
import { screenshotBothThemes } from './fixtures/screens';

const UI = { timeout: 20_000 };
/** The engine reads the demo's delivery sources in the background after start-up. */
const BACKEND = { timeout: 60_000 };

async function openDelivery(page: Page, running: RunningConsole): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).locator('[role="row"][data-incident-id]').first()).toBeVisible(UI);
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  const area = page.getByRole('main', { name: 'Delivery' });
  await expect(area).toBeVisible(UI);
  await expect(page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Delivery' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  return area;
}

/** The texts of a table's body rows, one array of cell texts per row. */
async function bodyRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
}

test("open a service's delivery page: versions per environment, history, and two versions compared", async ({ page, console: running }) => {
  test.setTimeout(150_000);
  const area = await openDelivery(page, running);

  const services = area.getByRole('navigation', { name: 'Services' });
  const payments = services.getByRole('button', { name: /Payments API/ });
  await expect(payments).toBeVisible(BACKEND);
  // The list says where the figures come from and how fresh they are.
  await expect(area.getByRole('list', { name: 'Where the figures come from' }).first()).toContainText(/GitHub read/, BACKEND);
  await payments.click();

  const servicePage = area.getByRole('article', { name: 'Delivery of Payments API' });
  await expect(servicePage.getByRole('heading', { name: 'Payments API' })).toBeVisible(UI);

  // The version now in staging and in production, each with who deployed it and since when.
  const environments = servicePage.getByRole('table', { name: 'Environments now' });
  for (const environment of ['staging', 'production']) {
    const row = environments.getByRole('row', { name: new RegExp(`^${environment}`) });
    await expect(row).toBeVisible(BACKEND);
    await expect(row.getByRole('cell').first()).toHaveText(/\S/);
    await expect(row).toContainText(/ago/);
  }

  // The history, newest first; failed deployments marked.
  const history = servicePage.getByRole('table', { name: 'Deployment history' });
  await expect(history.locator('tbody tr').first()).toBeVisible(BACKEND);
  const rows = await bodyRows(history);
  expect(rows.length).toBeGreaterThan(3);
  expect(rows.every((cells) => cells.length === 7)).toBe(true);
  expect(new Set(rows.map((cells) => cells[1]))).toEqual(new Set(['staging', 'production']));
  const failedRows = history.locator('tbody tr[data-failed="true"]');
  if ((await failedRows.count()) > 0) await expect(failedRows.first()).toContainText(/failed/);

  // The compare starts at production's previous and current versions: commits and pull requests.
  const from = servicePage.getByRole('combobox', { name: 'From' });
  const to = servicePage.getByRole('combobox', { name: 'To' });
  await expect(to).not.toHaveValue('');
  await expect(from).not.toHaveValue('');
  // Until a version is picked, "To" follows the version running in production (the demo pipeline keeps deploying).
  const productionVersion = environments
    .getByRole('row', { name: /^production/ })
    .getByRole('cell')
    .first();
  await expect.poll(async () => (await to.inputValue()) === (await productionVersion.textContent()), UI).toBe(true);
  const result = servicePage.getByRole('region', { name: 'Compare result' });
  await expect(result).toBeVisible(BACKEND);
  await expect(result).toContainText(/is (ahead|behind|diverged|identical)/);
  const commits = result.getByRole('table', { name: 'Commits brought in' });
  await expect(commits.locator('tbody tr').first()).toBeVisible(UI);
  const pulls = result.getByRole('table', { name: 'Pull requests' });
  await expect(pulls.locator('tbody tr').first()).toBeVisible(UI);
  await expect(pulls.locator('tbody tr').first()).toContainText(/#\d+/);
  await screenshotBothThemes(page, 'delivery-service');

  // Any two versions: an older one picked by hand.
  const options = await from
    .locator('option:not([disabled])')
    .evaluateAll((elements) => elements.map((option) => (option as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThan(2);
  const older = options.at(-1)!;
  await from.selectOption(older);
  await expect(result).toContainText(older, BACKEND);
  await expect(result.getByRole('table', { name: 'Commits brought in' }).locator('tbody tr').first()).toBeVisible(BACKEND);
  await screenshotBothThemes(page, 'delivery-compare');

  // A service of the paging platform with no repository mapped says so, instead of a blank page.
  await services.getByRole('button').filter({ hasText: 'not mapped' }).first().click();
  await expect(area.getByRole('article', { name: /^Delivery of / })).toContainText(/No delivery figures for .*No repository is mapped/, UI);
});

test('the delivery metrics: four figures with their bands, split by change type, per service and team', async ({
  page,
  console: running,
}) => {
  test.setTimeout(150_000);
  const area = await openDelivery(page, running);
  await area.getByRole('tab', { name: 'Metrics' }).click();

  // Everything shown: each figure with its DORA band, or the reason it is missing.
  for (const measure of ['Deployment frequency', 'Lead time for changes', 'Change failure rate', 'Failed deployment recovery time']) {
    const figure = area.getByRole('group', { name: measure });
    await expect(figure).toBeVisible(BACKEND);
    await expect(figure).toContainText(/elite|high|medium|low|No |not /);
  }
  await expect(area.getByRole('figure', { name: /Delivery trend of all services/ })).toBeVisible(UI);
  // Lead times need the commits each production version brought, read in the background after start-up.
  await expect(area.getByRole('group', { name: 'Lead time for changes' })).toContainText(/elite|high|medium|low/, { timeout: 90_000 });

  // Standard against normal side by side: what pre-approval buys.
  const split = area.getByRole('table', { name: 'By change type: all services' });
  await expect(split.getByRole('columnheader', { name: 'Standard (pre-approved)' })).toBeVisible(UI);
  await expect(split.getByRole('columnheader', { name: 'Normal (approved one by one)' })).toBeVisible();

  const byService = area.getByRole('table', { name: 'Figures by service' });
  const payments = byService.getByRole('row', { name: /^Payments API/ });
  await expect(payments).toBeVisible(UI);
  expect(Number(await payments.getByRole('cell').first().textContent())).toBeGreaterThan(0);
  await expect(area.getByRole('table', { name: 'Figures by team' })).toBeVisible();
  await screenshotBothThemes(page, 'delivery-metrics');

  // 90 days: more deployments than in 30 (the demo has 90 days of history).
  const thirtyDays = Number(await payments.getByRole('cell').first().textContent());
  await area.getByText('Last 90 days').click();
  await expect.poll(async () => Number(await payments.getByRole('cell').first().textContent()), BACKEND).toBeGreaterThan(thirtyDays);

  // One team: its services only.
  const team = area.getByRole('combobox', { name: 'Team' });
  const teams = await team.locator('option').evaluateAll((elements) => elements.map((option) => (option as HTMLOptionElement).value));
  expect(teams.length).toBeGreaterThan(1);
  await team.selectOption(teams[1]!);
  await expect(area.getByRole('table', { name: 'Figures by team' }).locator('tbody tr')).toHaveCount(1, BACKEND);
});
