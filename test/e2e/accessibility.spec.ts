/**
 * WCAG 2.2 AA in both themes, against `oncall-console serve --demo`: axe-core runs over the
 * queue, the incident detail pane, the shortcut help overlay, every tab of the settings
 * drawer, the response metrics, the catalogue (the list, an offering's form, the form with
 * its errors) and the requests (a request just raised; triage, empty and as the DBA), in
 * light and in dark, and any serious or critical violation fails the test with the rule,
 * its impact, a few of the elements and axe's help. Every area is one main landmark. Also:
 * from the queue with the detail pane open, a few Tab presses reach the pane (the column
 * headers are one tab stop, not three per column), and the arrows walk the headers.
 * Screenshots of the queue and the detail pane in both themes go to a11y-*.png (fixtures/screens.ts)
 * for people to look at.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Locator, Page } from '@playwright/test';
import { test, expect, type RunningConsole } from './fixtures/console-server';
import { openOffering, switchPersona } from './fixtures/specialists-api';
import { SCREENS, settled, WCAG_TAGS } from './fixtures/screens';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
const UI = { timeout: 20_000 };
/** How many Tab presses may separate the queue grid from the detail pane. */
const MAX_TABS_TO_DETAIL = 8;

/** The serious and critical WCAG A/AA violations axe finds on the page as it is now. */
async function blockingViolations(page: Page): Promise<Result[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
}

/** One paragraph per rule: id, impact, how many elements, a few of them, and axe's help. */
function describeViolations(view: string, violations: readonly Result[]): string {
  if (violations.length === 0) return `${view}: no serious or critical violations`;
  const lines = [`${view}: ${violations.length} serious or critical WCAG rule(s) violated`];
  for (const violation of violations) {
    const targets = violation.nodes.slice(0, 4).map((node) => {
      const where = node.target.map(String).join(' >> ');
      const why = node.failureSummary?.split('\n').slice(1, 2).join(' ').trim();
      return `      ${where}${why ? `\n        ${why}` : ''}`;
    });
    const more = violation.nodes.length > 4 ? `\n      … and ${violation.nodes.length - 4} more` : '';
    lines.push(
      `  [${violation.impact}] ${violation.id} on ${violation.nodes.length} element(s): ${violation.help}`,
      `    ${violation.helpUrl}`,
      `${targets.join('\n')}${more}`,
    );
  }
  return lines.join('\n');
}

/** Runs axe over the page and records a soft failure that lists what is wrong. */
async function checkView(page: Page, view: string): Promise<void> {
  await page.mouse.move(0, 0);
  await settled(page);
  const violations = await blockingViolations(page);
  expect.soft(violations.length, describeViolations(view, violations)).toBe(0);
}

async function openQueue(page: Page, running: RunningConsole, colorScheme: 'light' | 'dark'): Promise<Locator> {
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', colorScheme);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').nth(3)).toBeVisible(UI);
  return grid;
}

/** Puts the cursor on a row from the keyboard and opens it with Enter. */
async function openDetailFromKeyboard(page: Page, grid: Locator): Promise<Locator> {
  await grid.focus();
  await page.keyboard.press('j');
  await expect(grid.locator('[role="row"][data-cursor]')).toBeVisible();
  await page.keyboard.press('Enter');
  const pane = page.locator('aside.detail-pane');
  await expect(pane).toBeVisible(UI);
  await expect(pane.getByRole('region', { name: 'Timeline' })).toBeVisible(UI);
  return pane;
}

async function openArea(page: Page, label: 'Incidents' | 'Catalogue' | 'Requests'): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: label });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-current', 'page');
}

/** Every area is the page's one main landmark while it shows. */
async function expectOneMain(page: Page, containing: Locator): Promise<void> {
  const main = page.getByRole('main');
  await expect(main).toHaveCount(1);
  await expect(main.filter({ has: containing })).toHaveCount(1);
}

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical WCAG 2.2 AA violations in the ${colorScheme} theme`, async ({ page, console: running }) => {
    test.setTimeout(150_000);
    const grid = await openQueue(page, running, colorScheme);
    const theme = `(${colorScheme})`;

    await test.step('queue', async () => {
      await expectOneMain(page, grid);
      await checkView(page, `Queue ${theme}`);
      await page.screenshot({ path: `${SCREENS}/a11y-queue-${colorScheme}.png` });
    });

    await test.step('incident detail pane', async () => {
      await openDetailFromKeyboard(page, grid);
      await checkView(page, `Incident detail pane ${theme}`);
      await page.screenshot({ path: `${SCREENS}/a11y-detail-${colorScheme}.png` });
    });

    await test.step('shortcut help overlay', async () => {
      await grid.focus();
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible(UI);
      await checkView(page, `Shortcut help overlay ${theme}`);
      await page.keyboard.press('Escape');
      await expect(help).toBeHidden();
    });

    await test.step('settings drawer, every tab', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      const drawer = page.getByRole('dialog', { name: 'Settings' });
      await expect(drawer).toBeVisible(UI);
      for (const tabName of ['Connections', 'Notifications', 'General', 'Workspace']) {
        const tab = drawer.getByRole('tab', { name: tabName });
        await tab.click();
        await expect(tab).toHaveAttribute('aria-selected', 'true');
        await expect(drawer.getByRole('tabpanel')).toBeVisible();
        await checkView(page, `Settings, ${tabName} tab ${theme}`);
      }
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();
    });

    await test.step('response metrics', async () => {
      await page.getByRole('button', { name: 'Response metrics' }).click();
      const metrics = page.getByRole('dialog', { name: /Response metrics/ });
      await expect(metrics).toBeVisible(UI);
      await expect(metrics.getByRole('figure').first().locator('.recharts-bar-rectangle').first()).toBeVisible(UI);
      await expect(metrics.getByRole('table').locator('tbody tr').first()).toBeVisible(UI);
      await checkView(page, `Response metrics ${theme}`);
      await page.keyboard.press('Escape');
      await expect(metrics).toBeHidden();
    });

    await test.step('catalogue: the list, an offering and its form, the form with errors', async () => {
      await openArea(page, 'Catalogue');
      const offerings = page.getByRole('navigation', { name: 'Offerings' });
      await expect(offerings.getByRole('button').first()).toBeVisible(UI);
      await expectOneMain(page, offerings);
      await checkView(page, `Catalogue ${theme}`);
      await openOffering(page, 'Query performance review');
      const offering = page.getByRole('article', { name: 'Query performance review' });
      await checkView(page, `Catalogue offering and form ${theme}`);
      await offering.getByRole('button', { name: 'Send request' }).click();
      await expect(offering.getByRole('alert').filter({ hasText: 'Check the form' })).toBeVisible(UI);
      await checkView(page, `Catalogue form with errors ${theme}`);
      await offering.getByRole('combobox', { name: 'Database' }).selectOption('pg-payments');
      await offering.getByRole('textbox', { name: 'The query' }).fill('SELECT * FROM payments WHERE merchant_id = $1');
      await offering.getByRole('textbox', { name: 'What you see' }).fill('p95 went from 40 ms to 2 s after the 14:00 deploy');
      await offering.getByRole('button', { name: 'Send request' }).click();
    });

    await test.step('requests: my request open, then triage', async () => {
      const request = page.locator('article[data-request-id]');
      await expect(request).toBeVisible(UI);
      await expect(page.getByRole('tab', { name: 'My requests' })).toHaveAttribute('aria-selected', 'true');
      await expectOneMain(page, request);
      await checkView(page, `Requests, my request open ${theme}`);
      const triage = page.getByRole('tab', { name: 'Triage' });
      await triage.click();
      await expect(triage).toHaveAttribute('aria-selected', 'true');
      const panel = page.getByRole('tabpanel');
      await expect(panel.getByText(/^(Nothing to triage|Approvals waiting for me|For my teams)/).first()).toBeVisible(UI);
      await expectOneMain(page, panel);
      await checkView(page, `Requests, triage (nothing to triage) ${theme}`);
      // The DBA's triage lists the request just raised.
      await switchPersona(page, /^DBA/);
      await expect(panel.locator('button[data-request-id]').first()).toBeVisible(UI);
      await checkView(page, `Requests, triage as the DBA ${theme}`);
    });
  });
}

test('from the queue, a few Tab presses reach the open detail pane; arrows walk the column headers', async ({ page, console: running }) => {
  const grid = await openQueue(page, running, 'light');
  const pane = await openDetailFromKeyboard(page, grid);

  // The header row is one tab stop; → and ← move along it (sort button, options button, next column's sort button).
  const headers = grid.getByRole('columnheader');
  const firstColumn = headers.nth(1);
  await grid.focus();
  await page.keyboard.press('Tab');
  await expect(firstColumn.getByRole('button').first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(headers.nth(2).getByRole('button').first()).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  const options = firstColumn.getByRole('button', { name: /column options$/ });
  await expect(options).toBeFocused();
  // Resizing from the keyboard goes through the options menu.
  const width = Number(await firstColumn.getByRole('separator').getAttribute('aria-valuenow'));
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Wider' }).click();
  await expect(firstColumn.getByRole('separator')).toHaveAttribute('aria-valuenow', String(width + 16));
  await page.keyboard.press('Escape');

  await grid.focus();
  const stops: string[] = [];
  for (let presses = 1; presses <= MAX_TABS_TO_DETAIL; presses++) {
    await page.keyboard.press('Tab');
    const inPane = await pane.evaluate((element) => element.contains(document.activeElement));
    if (inPane) return;
    stops.push(
      await page.evaluate(() => {
        const active = document.activeElement;
        if (!active) return '(nothing)';
        const name = active.getAttribute('aria-label') ?? active.getAttribute('title') ?? active.textContent?.trim().slice(0, 30) ?? '';
        return `${active.tagName.toLowerCase()}${active.getAttribute('role') ? `[role=${active.getAttribute('role')}]` : ''} "${name}"`;
      }),
    );
  }
  throw new Error(`${MAX_TABS_TO_DETAIL} Tab presses from the queue did not reach the detail pane; they went to:\n  ${stops.join('\n  ')}`);
});
