/**
 * The queue's filters, search and sorting end to end against `serve --demo`: the urgency
 * filter and the search narrow the rows to exactly the matching incidents, and a click
 * on a column header sorts by it (aria-sort says how).
 */
import { test, expect, pagerDutyGet } from './fixtures/console-server';
import { chooseUrgency } from './fixtures/queue-page';

interface PdIncident {
  id: string;
  title: string;
  urgency: string;
}

const OPEN = '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100';

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1200 });
});

test('filtering by urgency and searching narrow the rows', async ({ page, console: running }) => {
  const open = (await pagerDutyGet<{ incidents: PdIncident[] }>(running, OPEN)).incidents;
  const high = open.filter((incident) => incident.urgency === 'high');
  expect(high.length).toBeGreaterThan(1);
  expect(high.length).toBeLessThan(open.length);

  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  await expect(page.getByText(`${open.length} open`, { exact: true })).toBeVisible();

  await chooseUrgency(page, 'High');
  await expect(page.getByText(`${high.length} of ${open.length} open`)).toBeVisible();
  await expect(rows).toHaveCount(high.length);
  for (const text of await rows.locator('[data-col="urgency"]').allInnerTexts()) expect(text.trim()).toBe('High');
  await expect(page.getByRole('group', { name: 'Filters in force' })).toContainText('Urgency: High');

  // Search for one high-urgency incident by a distinctive part of its title.
  const target = high[0]!;
  const words = target.title.split(/\s+/).slice(0, 4).join(' ');
  const expected = high.filter((incident) => incident.title.toLowerCase().includes(words.toLowerCase()));
  await page.getByRole('textbox', { name: 'Search incidents' }).fill(words);
  await expect(rows).toHaveCount(expected.length);
  await expect(grid.getByRole('row', { name: new RegExp(escapeRegExp(target.title)) })).toBeVisible();

  // Clearing the search and the urgency brings everything back.
  await page.getByRole('button', { name: 'Clear search' }).click();
  await chooseUrgency(page, 'All');
  await expect(page.getByText(`${open.length} open`, { exact: true })).toBeVisible();
});

test('a click on a column header sorts by it, a second click reverses', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const titleHeader = grid.getByRole('columnheader', { name: 'Title' });
  await expect(grid.locator('[role="row"][data-incident-id]').nth(3)).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Created' })).toHaveCount(0);
  await expect(titleHeader).toHaveAttribute('aria-sort', 'none');

  const titles = () => grid.locator('[role="row"][data-incident-id] [data-col="title"]').allInnerTexts();
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

  await titleHeader.getByRole('button', { name: 'Title', exact: true }).click();
  await expect(titleHeader).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await titles();
  expect(ascending.length).toBeGreaterThan(5);
  expect(ascending).toEqual([...ascending].sort(collator.compare));

  await titleHeader.getByRole('button', { name: 'Title', exact: true }).click();
  await expect(titleHeader).toHaveAttribute('aria-sort', 'descending');
  const descending = await titles();
  expect(descending).toEqual([...descending].sort(collator.compare).reverse());
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
