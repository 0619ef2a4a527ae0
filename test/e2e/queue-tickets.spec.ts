/**
 * The queue's Ticket column end to end against `serve --demo`, whose automations open a
 * ServiceNow ticket (in the ServiceNow simulator) for the seeded incidents: each row shows
 * its ticket's number, linked to the ticket, and state; the column sorts by ticket number,
 * the search finds an incident by its ticket, and "has no ticket" narrows the rows.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures/console-server';

const TICKET_NUMBER = /^[A-Z]+\d+$/;

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1200 });
});

async function showTicketColumn(page: Page, grid: Locator): Promise<void> {
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name: 'Ticket' }).check();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('columnheader', { name: 'Ticket' })).toBeVisible();
}

test('each row shows its ticket, linked, with its state and assignment group', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible();
  await showTicketColumn(page, grid);

  // The automations ticket the seeded incidents within a few seconds.
  const ticketed = grid.locator('[role="row"][data-incident-id]').filter({ has: page.locator('.queue-ticket') });
  await expect(ticketed.first()).toBeVisible({ timeout: 30_000 });
  // Hold on to one row by its incident: more tickets arrive (and rows re-sort) meanwhile.
  const incidentId = await ticketed.first().getAttribute('data-incident-id');
  const ticket = grid.locator(`[role="row"][data-incident-id="${incidentId}"] .queue-ticket`);
  const link = ticket.getByRole('link');
  const number = (await link.innerText()).trim();
  expect(number).toMatch(TICKET_NUMBER);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//); // the demo's ServiceNow simulator
  await expect(ticket).toHaveAttribute('title', new RegExp(`^${number} · .+\\nAssignment group: .+`));
  const state = ticket.locator('.queue-ticket-state');
  await expect(state).not.toBeEmpty();
  await expect(state).toHaveAttribute('data-stage', /^(new|in-progress|on-hold|resolved|closed|canceled)$/);

  // The link opens the ticket outside the console, and does not open the detail pane.
  const popup = page.waitForEvent('popup');
  await link.click();
  const opened = await popup;
  expect(opened.url()).toBe(href);
  await opened.close();
  await expect(page.getByRole('complementary')).toHaveCount(0);
});

test('sorting, searching and "has no ticket" use the linked tickets', async ({ page, console: running }) => {
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  const rows = grid.locator('[role="row"][data-incident-id]');
  await expect(rows.first()).toBeVisible();
  await showTicketColumn(page, grid);
  await expect(grid.locator('[data-col="ticket"] a').first()).toBeVisible({ timeout: 30_000 });

  // Sort by ticket: numbers ascending, incidents without a ticket last.
  const header = grid.getByRole('columnheader', { name: 'Ticket' });
  await header.getByRole('button', { name: 'Ticket', exact: true }).click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  // In display order (aria-rowindex): rows are positioned, so their DOM order may differ.
  const cells = await rows.evaluateAll((elements) =>
    elements
      .map((row) => ({
        at: Number(row.getAttribute('aria-rowindex')),
        number: row.querySelector('[data-col="ticket"] .queue-ticket-number')?.textContent ?? null,
      }))
      .sort((a, b) => a.at - b.at)
      .map((row) => row.number),
  );
  const numbers = cells.filter((cell): cell is string => cell !== null);
  expect(numbers.length).toBeGreaterThan(1);
  expect(cells.slice(0, numbers.length)).toEqual(numbers);
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  expect(numbers).toEqual([...numbers].sort(collator.compare));

  // Search by a ticket number: exactly its incident.
  const wanted = numbers[numbers.length - 1]!;
  const search = page.getByRole('textbox', { name: 'Search incidents' });
  await search.fill(wanted.toLowerCase());
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator('.queue-ticket-number')).toHaveText(wanted);
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(cells.length);

  // "Has no ticket": only the rows without one (if the automations have not ticketed everything yet).
  const withoutTicket = cells.length - numbers.length;
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  await page.getByRole('switch', { name: 'Has no ticket' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Filters in force' })).toContainText('Has no ticket');
  await expect(grid.locator('[data-col="ticket"] .queue-ticket')).toHaveCount(0);
  if (withoutTicket > 0) await expect(rows.first()).toBeVisible();
  await page.getByRole('button', { name: 'Remove filter Has no ticket' }).click();
  await expect(grid.locator('[data-col="ticket"] .queue-ticket').first()).toBeVisible();
});
