/**
 * The incident manager's response-metrics view against `serve --demo` (whose simulator
 * holds 30 days of resolved incidents): it opens from the header; the bar charts share one
 * logarithmic scale whose ticks run from minutes to days, each bar labelled in words; the
 * trend is there day by day (7 days) and week by week (30 days), cut in the browser's time
 * zone, and adds up to the headline count, which is what the simulator's API counts; a
 * click on a bar, Enter on it, or a click on a name in the table lists the incidents
 * behind it with links to PagerDuty that name real incidents; Escape closes the list and
 * leaves the drawer open. Also writes 1280x720 screenshots in both themes to
 * metrics-*.png (fixtures/screens.ts) for people to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, pagerDutyGet, type RunningConsole } from './fixtures/console-server';
import { SCREENS, settled } from './fixtures/screens';

const OUT = SCREENS;
const DAY = 24 * 3600_000;
const UI = { timeout: 20_000 };
/** A duration as the view writes it: "45 s", "4 min 30 s", "2 h 10 min", "1 day", "3 days 4 h". */
const DURATION_WORDS = /^\d+ (s|min|h|days?)( \d+ (s|min|h))?$/;

/** Reads a duration in words back into ms ("2 h 10 min" -> 7 800 000). */
function wordsToMs(text: string): number {
  const unit: Record<string, number> = { s: 1000, min: 60_000, h: 3600_000, day: DAY, days: DAY };
  let total = 0;
  for (const [, count, name] of text.matchAll(/(\d+) (s|min|h|days?)/g)) total += Number(count) * unit[name!]!;
  return total;
}

// The trend follows the browser's days; a zone away from the machine's UTC shows it does.
test.use({ timezoneId: 'America/New_York' });

/** How many incidents the simulator says were created in [since, until). */
async function countCreated(running: RunningConsole, since: number, until: number): Promise<number> {
  const query = new URLSearchParams({
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    limit: '1',
    total: 'true',
  });
  const body = await pagerDutyGet<{ total: number }>(running, `/incidents?${query}`);
  return body.total;
}

async function openMetrics(page: Page, running: RunningConsole): Promise<Locator> {
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).getByRole('row').nth(2)).toBeVisible(UI);
  await page.getByRole('button', { name: 'Response metrics' }).click();
  const view = page.getByRole('dialog', { name: /Response metrics/ });
  await expect(view).toBeVisible();
  await expect(view.getByRole('group', { name: 'Incidents' })).toBeVisible(UI);
  return view;
}

async function headlineIncidents(view: Locator): Promise<number> {
  const text = await view.getByRole('group', { name: 'Incidents' }).locator('p').nth(1).textContent();
  return Number(text);
}

/** Both bar charts are there with a bar per subject; returns the time-to-resolve chart. */
async function expectBarCharts(view: Locator, noun: 'service' | 'team'): Promise<Locator> {
  for (const measure of ['Time to acknowledge', 'Time to resolve']) {
    const chart = view.getByRole('figure', { name: `${measure} by ${noun}` });
    await expect(chart).toBeVisible();
    await expect(chart.locator('.metrics-bar').first()).toBeVisible();
  }
  return view.getByRole('figure', { name: `Time to resolve by ${noun}` });
}

/** The trend's figures as its table says them: the count of each bucket. */
async function trendCounts(view: Locator, unit: 'day' | 'week'): Promise<number[]> {
  const trend = view.getByRole('figure', { name: `Trend by ${unit}` });
  await trend.getByText('The trend as a table').click();
  const rows = trend.getByRole('table', { name: `Trend by ${unit}` }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const counts = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
  await trend.getByText('The trend as a table').click();
  return counts;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 719);
  await settled(page);
  await page.screenshot({ path: `${OUT}/${name}` });
}

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('one logarithmic scale from minutes to days, values in words, and the trend for 7 and 30 days with the counts the simulator has', async ({
  page,
  console: running,
}) => {
  const before = Date.now();
  const view = await openMetrics(page, running);
  const resolveChart = await expectBarCharts(view, 'service');
  const after = Date.now();

  // The scale: minutes and days on the same axis, and the same ticks on both charts.
  const ticks = await resolveChart.locator('.metrics-axis-tick').allTextContents();
  expect(ticks).toEqual(expect.arrayContaining(['1 min', '10 min', '1 h', '1 day']));
  const ackTicks = await view
    .getByRole('figure', { name: 'Time to acknowledge by service' })
    .locator('.metrics-axis-tick')
    .allTextContents();
  expect(ackTicks).toEqual(ticks);
  // Every bar is labelled in words; time to acknowledge reads in minutes, time to resolve reaches hours.
  const barLabels = (chart: Locator) =>
    chart
      .locator('.metrics-bar-value')
      .evaluateAll((labels) => labels.map((label) => getComputedStyle(label, '::after').content.replace(/^"|"$/g, '')));
  const ackValues = await barLabels(view.getByRole('figure', { name: 'Time to acknowledge by service' }));
  const resolveValues = await barLabels(resolveChart);
  expect(ackValues.length).toBeGreaterThan(1);
  for (const value of [...ackValues, ...resolveValues]) expect(value).toMatch(DURATION_WORDS);
  expect(ackValues.some((value) => / min/.test(value))).toBe(true);
  expect(resolveValues.some((value) => /^\d+ h/.test(value))).toBe(true);
  // A bar further right means longer: the slowest p90 to resolve sits right of the fastest median to acknowledge.
  const widths = async (chart: Locator, kind: string) =>
    chart.locator(`.metrics-bar-${kind}`).evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width));
  expect(Math.max(...(await widths(resolveChart, 'p90')))).toBeGreaterThan(
    Math.min(...(await widths(view.getByRole('figure', { name: 'Time to acknowledge by service' }), 'median'))),
  );

  // The headline count is what the simulator's API counts, whatever instant the engine read at.
  const week = await headlineIncidents(view);
  expect(week).toBeGreaterThanOrEqual(await countCreated(running, after - 7 * DAY, before));
  expect(week).toBeLessThanOrEqual(await countCreated(running, before - 7 * DAY, after + 1000));

  // The trend, day by day in New York time, adds up to it.
  const trend = view.getByRole('figure', { name: 'Trend by day' });
  await expect(trend).toContainText('in America/New York time');
  await expect(trend.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(trend.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const days = await trendCounts(view, 'day');
  expect(days.length).toBeGreaterThanOrEqual(7);
  expect(days.length).toBeLessThanOrEqual(8);
  expect(days.reduce((sum, count) => sum + count, 0)).toBe(week);

  await view.getByText('Last 30 days').click();
  await expect(view.getByText('triggered in the last 30 days')).toBeVisible();
  const month = await headlineIncidents(view);
  expect(month).toBeGreaterThan(week);
  expect(month).toBeLessThanOrEqual(await countCreated(running, before - 30 * DAY, Date.now() + 1000));
  await expect(view.getByRole('figure', { name: 'Trend by week' })).toBeVisible();
  const weeks = await trendCounts(view, 'week');
  expect(weeks.length).toBeGreaterThanOrEqual(5);
  expect(weeks.length).toBeLessThanOrEqual(6);
  expect(weeks.reduce((sum, count) => sum + count, 0)).toBe(month);
  await expectBarCharts(view, 'service');

  // Sorting by median time to acknowledge, slowest first, then fastest first.
  const table = view.getByRole('table', { name: 'Response metrics by service' });
  const header = table.getByRole('columnheader', { name: /TTA median/ });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const firstName = await table.locator('tbody tr').first().locator('td').first().textContent();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.locator('tbody tr').first().locator('td').first()).not.toHaveText(firstName ?? '');

  await view.getByText('By team').click();
  await expectBarCharts(view, 'team');
  expect(await view.getByRole('table', { name: 'Response metrics by team' }).locator('tbody tr').count()).toBeGreaterThan(1);

  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
});

/** Checks the open incident list against the simulator: as many rows as it should, links that name real incidents. */
async function expectIncidentList(
  page: Page,
  running: RunningConsole,
  subject: string,
  incidents: number,
  order: RegExp,
): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: `Incidents of ${subject}` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(order);
  const rows = dialog.getByRole('table', { name: `Incidents of ${subject}` }).locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(50, incidents));
  const links = dialog.getByRole('link', { name: /^Open #\d+ in PagerDuty$/ });
  await expect(links).toHaveCount(Math.min(50, incidents));
  // The first and the last link each name an incident PagerDuty has, with that number and title.
  for (const index of [0, Math.min(50, incidents) - 1]) {
    const row = rows.nth(index);
    const href = (await row.getByRole('link').getAttribute('href')) ?? '';
    const match = /^https:\/\/[^/]+\/incidents\/([A-Z0-9]+)$/.exec(href);
    expect(match, href).not.toBeNull();
    const { incident } = await pagerDutyGet<{ incident: { incident_number: number; title: string; status: string } }>(
      running,
      `/incidents/${match![1]}`,
    );
    await expect(row.locator('td[data-column="number"]')).toHaveText(`#${incident.incident_number}`);
    await expect(row.locator('td[data-column="title"]')).toHaveText(incident.title);
    await expect(row.getByRole('link')).toHaveAttribute('target', '_blank');
    // Resolved incidents too: the history is not in the open queue.
    expect(['triggered', 'acknowledged', 'resolved']).toContain(incident.status);
  }
  for (const cell of await rows.locator('td[data-column^="timeTo"]').allTextContents()) {
    expect(cell).toMatch(new RegExp(`${DURATION_WORDS.source}|^Not (acknowledged|resolved) yet$|^Resolved unacknowledged$`));
  }
  return dialog;
}

test('a click and Enter on a bar, and a name in the table, list the incidents behind it with links to PagerDuty', async ({
  page,
  console: running,
}) => {
  const view = await openMetrics(page, running);
  const resolveChart = await expectBarCharts(view, 'service');
  const table = view.getByRole('table', { name: 'Response metrics by service' });
  const incidentsOf = async (subject: string) =>
    Number(
      await table
        .locator('tbody tr', { has: page.getByRole('button', { name: subject, exact: true }) })
        .locator('td')
        .nth(1)
        .textContent(),
    );

  // A click on the first service's bar.
  const firstBar = resolveChart.locator('.metrics-row').first();
  const subject = (await firstBar.locator('.metrics-row-name').textContent()) ?? '';
  await firstBar.click();
  const dialog = await expectIncidentList(page, running, subject, await incidentsOf(subject), /the slowest to resolve first/);
  // The slowest to resolve come first, the first at least the bar's 90th percentile.
  const resolveTimes = (await dialog.locator('tbody td[data-column="timeToResolve"]').allTextContents())
    .filter((text) => DURATION_WORDS.test(text))
    .map(wordsToMs);
  expect(resolveTimes.length).toBeGreaterThan(0);
  expect(resolveTimes).toEqual([...resolveTimes].sort((a, b) => b - a));
  const p90 = wordsToMs((await firstBar.locator('.metrics-bar-p90 + .metrics-bar-value').getAttribute('data-value')) ?? '');
  expect(resolveTimes[0]).toBeGreaterThanOrEqual(p90);
  // Escape closes the list only; focus goes back to the bar.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(view).toBeVisible();
  await expect(firstBar).toBeFocused();

  // From the keyboard: the second service's bar in the time-to-acknowledge chart, with Enter.
  const ackChart = view.getByRole('figure', { name: 'Time to acknowledge by service' });
  const secondBar = ackChart.getByRole('button', { name: /median \d+ (second|minute|hour|day)/ }).nth(1);
  await secondBar.focus();
  await expect(secondBar).toBeFocused();
  const second = (await secondBar.locator('.metrics-row-name').textContent()) ?? '';
  await page.keyboard.press('Enter');
  const keyboardDialog = await expectIncidentList(page, running, second, await incidentsOf(second), /the slowest to acknowledge first/);
  // The order switches without leaving the list.
  await keyboardDialog.getByText('Slowest to resolve').click();
  await expect(keyboardDialog).toContainText(/the slowest to resolve first/);
  await page.keyboard.press('Escape');
  await expect(keyboardDialog).toBeHidden();
  await expect(secondBar).toBeFocused();

  // Tab walks from one bar to the next.
  await page.keyboard.press('Tab');
  await expect(ackChart.locator('.metrics-row').nth(2)).toBeFocused();

  // A team with more than 50 incidents in 30 days, from the table: the 50 slowest, and the dialog says so.
  await view.getByText('Last 30 days').click();
  await expect(view.getByText('triggered in the last 30 days')).toBeVisible();
  await view.getByText('By team').click();
  const teams = view.getByRole('table', { name: 'Response metrics by team' });
  const busiest = teams.locator('tbody tr').first();
  const team = (await busiest.locator('td').first().textContent()) ?? '';
  const teamIncidents = Number(await busiest.locator('td').nth(1).textContent());
  expect(teamIncidents).toBeGreaterThan(50);
  await busiest.getByRole('button', { name: team }).click();
  const teamDialog = await expectIncidentList(
    page,
    running,
    team,
    teamIncidents,
    new RegExp(`The 50 slowest to resolve of ${teamIncidents} incidents`),
  );
  await expect(teamDialog.getByRole('columnheader', { name: 'Service' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(teamDialog).toBeHidden();
  await expect(view).toBeVisible();
  // With the list closed, Escape closes the drawer again.
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`response metrics screenshots at 1280x720 in ${colorScheme} mode`, async ({ page, console: running }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 720 });
    const view = await openMetrics(page, running);
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', colorScheme);
    const resolveChart = await expectBarCharts(view, 'service');
    await screenshot(page, `metrics-7d-overview-1280x720-${colorScheme}.png`);
    await view.getByRole('figure', { name: 'Time to acknowledge by service' }).scrollIntoViewIfNeeded();
    await screenshot(page, `metrics-7d-bars-1280x720-${colorScheme}.png`);
    await resolveChart.locator('.metrics-row').first().click();
    await expect(page.getByRole('dialog', { name: /^Incidents of / })).toBeVisible();
    await screenshot(page, `metrics-incidents-1280x720-${colorScheme}.png`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: /^Incidents of / })).toBeHidden();
    await view.getByText('Last 30 days').click();
    await expect(view.getByText('triggered in the last 30 days')).toBeVisible();
    await view.getByText('By team').click();
    await expectBarCharts(view, 'team');
    await view.getByRole('figure', { name: 'Trend by week' }).scrollIntoViewIfNeeded();
    await screenshot(page, `metrics-30d-team-trend-1280x720-${colorScheme}.png`);
    await view.getByRole('figure', { name: 'Time to resolve by team' }).scrollIntoViewIfNeeded();
    await screenshot(page, `metrics-30d-team-bars-1280x720-${colorScheme}.png`);
  });
}
