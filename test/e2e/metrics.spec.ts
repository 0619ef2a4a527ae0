/**
 * The incident manager's response-metrics view against `serve --demo` (whose simulator
 * holds 30 days of resolved incidents): it opens from the header, draws both charts and
 * the table for the last 7 and the last 30 days, counts what the simulator's API counts,
 * sorts, and groups by team. Also writes screenshots to /tmp/screens for people to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, pagerDutyGet, type RunningConsole } from './fixtures/console-server';

const OUT = '/tmp/screens';
const DAY = 24 * 3600_000;

/** How many incidents the simulator says were created in [since, until). */
async function countCreated(running: RunningConsole, since: number, until: number): Promise<number> {
  const query = new URLSearchParams({ since: new Date(since).toISOString(), until: new Date(until).toISOString(), limit: '1', total: 'true' });
  const body = await pagerDutyGet<{ total: number }>(running, `/incidents?${query}`);
  return body.total;
}

async function openMetrics(page: Page, running: RunningConsole, beforeOpening?: () => Promise<void>): Promise<Locator> {
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' }).getByRole('row').nth(2)).toBeVisible();
  await beforeOpening?.();
  await page.getByRole('button', { name: 'Response metrics' }).click();
  const view = page.getByRole('dialog', { name: /Response metrics/ });
  await expect(view).toBeVisible();
  return view;
}

async function headlineIncidents(view: Locator): Promise<number> {
  const text = await view.getByRole('group', { name: 'Incidents' }).locator('p').nth(1).textContent();
  return Number(text);
}

async function expectChartsAndTable(view: Locator, noun: 'service' | 'team'): Promise<number> {
  for (const measure of ['Time to acknowledge', 'Time to resolve']) {
    const chart = view.getByRole('figure', { name: `${measure} by ${noun}` });
    await expect(chart).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  }
  const table = view.getByRole('table', { name: `Response metrics by ${noun}` });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows.count();
}

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('shows charts and the table for the last 7 and 30 days, with the counts the simulator has', async ({ page, console: running }) => {
  const before = Date.now();
  const view = await openMetrics(page, running);
  const serviceRows7 = await expectChartsAndTable(view, 'service');
  const after = Date.now();
  const week = await headlineIncidents(view);
  // Whatever instant the engine read at, the window held at least these and at most those.
  expect(week).toBeGreaterThanOrEqual(await countCreated(running, after - 7 * DAY, before));
  expect(week).toBeLessThanOrEqual(await countCreated(running, before - 7 * DAY, after + 1000));
  expect(serviceRows7).toBeGreaterThan(1);

  await view.getByText('Last 30 days').click();
  await expect(view.getByText('triggered in the last 30 days')).toBeVisible();
  await expectChartsAndTable(view, 'service');
  const month = await headlineIncidents(view);
  expect(month).toBeGreaterThan(week);
  expect(month).toBeLessThanOrEqual(await countCreated(running, before - 30 * DAY, Date.now() + 1000));

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
  const teamRows = await expectChartsAndTable(view, 'team');
  expect(teamRows).toBeGreaterThan(1);

  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`response metrics screenshot in ${colorScheme} mode`, async ({ page, console: running }) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    const view = await openMetrics(page, running, async () => {
      await page.screenshot({ path: `${OUT}/metrics-header-1280x800-${colorScheme}.png`, clip: { x: 0, y: 0, width: 1280, height: 100 } });
    });
    await expectChartsAndTable(view, 'service');
    await page.mouse.move(0, 799);
    await page.screenshot({ path: `${OUT}/metrics-7d-1280x800-${colorScheme}.png` });
    await view.getByText('Last 30 days').click();
    await expect(view.getByText('triggered in the last 30 days')).toBeVisible();
    await view.getByText('By team').click();
    await expectChartsAndTable(view, 'team');
    await page.mouse.move(0, 799);
    await page.screenshot({ path: `${OUT}/metrics-30d-team-1280x800-${colorScheme}.png` });
    await view.getByRole('table', { name: 'Response metrics by team' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/metrics-30d-team-table-1280x800-${colorScheme}.png` });
  });
}
