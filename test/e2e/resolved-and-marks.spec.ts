/**
 * What on-call people expect to see in the queue and beside it: a major incident marked as
 * such (not only "P1"), a snoozed incident saying until when, and a Resolved view of the
 * incidents resolved most recently, filterable, from which one can be reviewed or reopened.
 */
import {
  test,
  expect,
  firstRoutingKey,
  pagerDutyGet,
  triggerAlert,
  type RunningConsole,
  pagerDutyUpdateIncident,
} from './fixtures/console-server';
import { screenPath } from './fixtures/screens';

const ACTION_TIMEOUT = { timeout: 15_000 };

async function idOf(running: RunningConsole, dedupKey: string): Promise<{ id: string; incident_number: number }> {
  const { incidents } = await pagerDutyGet<{ incidents: Array<{ id: string; incident_number: number }> }>(
    running,
    `/incidents?incident_key=${dedupKey}`,
  );
  return incidents[0]!;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`major, snoozed and resolved read at a glance (${scheme} theme)`, async ({ page, console: running }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 720 });
    const token = `marks${scheme}${Date.now().toString(36)}`;
    const key = await firstRoutingKey(running);
    const major = await idOf(running, await triggerAlert(running, key, `${token} major: card payments failing in the EU`));
    const snoozed = await idOf(running, await triggerAlert(running, key, `${token} snoozed: batch export slow`));
    const resolved = await idOf(running, await triggerAlert(running, key, `${token} resolved: cache hit rate low`));

    await page.goto(running.consoleUrl);
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    await page.keyboard.press('/');
    await page.getByLabel('Search incidents').fill(token);
    await expect(grid.locator('[role="row"][data-incident-id]')).toHaveCount(3, { timeout: 15_000 });
    await page.keyboard.press('ArrowDown');

    // m on the major one: the row says Major.
    const majorRow = grid.locator(`[role="row"][data-incident-id="${major.id}"]`);
    await majorRow.click();
    await page.keyboard.press('m');
    const declare = page.getByRole('dialog', { name: 'Declare major incident' });
    await expect(declare.getByRole('textbox', { name: 'Why is this a major incident?' })).toBeFocused();
    await page.keyboard.type('All card payments failing in the EU');
    await page.keyboard.press('Control+Enter');
    await expect(declare).toBeHidden();
    await expect(majorRow.locator('.major-mark')).toHaveText('Major', ACTION_TIMEOUT);

    // a then s on the second: the row says until when it is snoozed.
    const snoozedRow = grid.locator(`[role="row"][data-incident-id="${snoozed.id}"]`);
    await snoozedRow.click();
    await page.keyboard.press('a');
    await expect(snoozedRow).toContainText('Acknowledged', ACTION_TIMEOUT);
    await page.keyboard.press('s');
    const snoozeDialog = page.getByRole('dialog', { name: 'Snooze incident' });
    await expect(snoozeDialog.getByRole('button', { name: '30 min' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(snoozedRow).toContainText(/Snoozed until (\w{3} )?\d\d:\d\d/, ACTION_TIMEOUT);
    await page.screenshot({ path: screenPath(`marks-queue-${scheme}.png`) });

    // Marcus resolves the third in PagerDuty; the Resolved view lists it first, with who.
    await pagerDutyUpdateIncident(running, resolved.id, { status: 'resolved' }, 'marcus.chen@example.com');
    await page.getByRole('button', { name: /^View: / }).click();
    await page.getByRole('menuitem', { name: 'Recently resolved…' }).click();
    const area = page.getByRole('main', { name: 'Recently resolved incidents' });
    const table = area.getByRole('table', { name: 'Recently resolved incidents' });
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-incident-id', resolved.id, ACTION_TIMEOUT);
    await expect(table.locator(`tr[data-incident-id="${resolved.id}"]`)).toContainText('by Marcus Chen');
    await area.getByLabel('Search resolved incidents').fill(`${token} resolved`);
    await expect(table.locator('tbody tr')).toHaveCount(1);

    // Review: its details beside, with who resolved it; Reopen: back in the queue, acknowledged.
    await area.getByRole('button', { name: `Review #${resolved.incident_number}` }).click();
    const pane = area.getByRole('complementary');
    await expect(pane).toContainText(/Resolved.*by Marcus Chen/);
    await page.screenshot({ path: screenPath(`resolved-view-${scheme}.png`) });
    await pane.getByRole('button', { name: 'Reopen' }).click();
    await expect
      .poll(
        async () => (await pagerDutyGet<{ incident: { status: string } }>(running, `/incidents/${resolved.id}`)).incident.status,
        ACTION_TIMEOUT,
      )
      .toBe('acknowledged');
    await area.getByRole('button', { name: 'Back to open incidents' }).click();
    await expect(grid.locator(`[role="row"][data-incident-id="${resolved.id}"]`)).toContainText('Acknowledged', ACTION_TIMEOUT);
  });
}
