/**
 * Screenshots of the ticketing surfaces at 1280x800 in both themes, for people to look at:
 * an acknowledge whose ServiceNow half is pending (ServiceNow answering 503), the detail
 * pane with its ServiceNow ticket once it landed, and the major incident notification
 * with the incident marked major. Written to $SCREENSHOT_DIR (see
 * fixtures/screens.ts) as ticket-*.png.
 */
import { join } from 'node:path';
import { test, expect, firstRoutingKey, pagerDutyGet, triggerAlert } from './fixtures/console-server';
import { clearServiceNowFaults, injectServiceNowFault, serviceNowTicket, serviceNowTickets, snValue } from './fixtures/ticketing-api';
import { retryNowUnlessLanded } from './fixtures/retry-now';
import { SCREENS } from './fixtures/screens';

const OUT = SCREENS;
const WAIT = { timeout: 40_000, intervals: [500, 1_000] };

/** Waits until no finite animation runs (notifications slide in; spinners spin forever), so the picture shows them whole. */
async function stillPage(page: import('@playwright/test').Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() =>
        document
          .getAnimations()
          .every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
      ),
    )
    .toBe(true);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`ticket and major incident look right in the ${scheme} theme`, async ({ page, console: running }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    const token = `tickshot${scheme}${Date.now().toString(36)}`;
    const title = `Payments API: card authorisations timing out (${token})`;
    await triggerAlert(running, await firstRoutingKey(running), title);
    const id = (
      await pagerDutyGet<{ incidents: { id: string; title: string }[] }>(running, `/incidents?statuses[]=triggered&limit=100`)
    ).incidents.find((incident) => incident.title === title)?.id;
    if (!id) throw new Error('The new incident is not listed');
    await expect.poll(async () => (await serviceNowTickets(running, id)).length, WAIT).toBe(1);

    await page.goto(running.consoleUrl);
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    await expect(grid.locator('[role="row"][data-incident-id]').first()).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('/');
    await page.keyboard.type(token);
    await expect(grid.locator('[role="row"][data-incident-id]')).toHaveCount(1, { timeout: 15_000 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const pane = page.getByRole('complementary');
    const ticket = pane.getByRole('region', { name: 'Ticket' });
    await expect(ticket).toContainText('INC', { timeout: 15_000 });

    // Acknowledged while ServiceNow answers 503: the ticket half pending, with its reason.
    await injectServiceNowFault(running, { kind: 'server-error', status: 503, count: 10_000, path: '/api/now/table/incident' });
    await page.keyboard.press('a');
    const pending = pane.locator('[data-ticketing-pending="ServiceNow"]');
    await expect(pending).toContainText('ServiceNow pending', { timeout: 15_000 });
    await page.mouse.move(0, 0);
    await stillPage(page);
    await page.screenshot({ path: join(OUT, `ticket-pending-${scheme}.png`) });

    // ServiceNow back: the ticket In Progress, assigned.
    await clearServiceNowFaults(running);
    await retryNowUnlessLanded(pending);
    await expect.poll(async () => snValue((await serviceNowTicket(running, id))?.state), WAIT).toBe('2');
    await expect(ticket).toContainText('In Progress', { timeout: 15_000 });
    await page.mouse.move(0, 0);
    await stillPage(page);
    await page.screenshot({ path: join(OUT, `ticket-detail-${scheme}.png`) });

    // Declared major: the notification, and the pane marks the incident.
    await page.keyboard.press('m');
    await expect(page.getByRole('dialog', { name: 'Declare major incident' }).getByRole('textbox')).toBeFocused();
    await page.keyboard.type('Card payments failing for all EU customers since 14:02');
    await page.keyboard.press('Control+Enter');
    const notification = page.getByRole('alert').filter({ hasText: 'Major incident declared' });
    await expect(notification).toBeVisible({ timeout: 20_000 });
    await expect(pane.locator('[data-major-incident="declared"]')).toBeVisible();
    await expect(ticket).toContainText('1 - Critical', { timeout: 15_000 });
    await page.mouse.move(0, 0);
    await stillPage(page);
    await page.screenshot({ path: join(OUT, `ticket-major-${scheme}.png`) });
  });
}
