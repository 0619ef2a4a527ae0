/**
 * Screenshots of the action surfaces at 1280x800 in both themes, for people to look at:
 * the detail pane (timeline, escalation), the command palette, an action dialog and the
 * on-call panel. Written to $SCREENSHOT_DIR (see fixtures/screens.ts) as actions-*.png.
 */
import { join } from 'node:path';
import { test, expect, firstRoutingKey, triggerAlert } from './fixtures/console-server';
import { SCREENS, settled } from './fixtures/screens';

const OUT = SCREENS;

for (const scheme of ['light', 'dark'] as const) {
  test(`action surfaces look right in the ${scheme} theme`, async ({ page, console: running }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    const summary = `Checkout API: 5xx rate 14% on POST /v1/orders (screens ${scheme})`;
    await triggerAlert(running, await firstRoutingKey(running), summary);
    await page.goto(running.consoleUrl);
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    const row = grid.getByRole('row', { name: new RegExp(summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(row).toBeVisible({ timeout: 10_000 });
    await row.click();

    // The detail pane with an acknowledge and a note in its timeline.
    await page.keyboard.press('a');
    const pane = page.getByRole('complementary');
    await expect(pane.getByRole('region', { name: 'Timeline' })).toContainText('Acknowledged by', { timeout: 15_000 });
    await page.keyboard.press('n');
    await expect(page.getByRole('dialog', { name: 'Add note' }).getByRole('textbox', { name: 'Note' })).toBeFocused();
    await page.keyboard.type('Rolled back release 2024.11.3; error rate is falling.');
    await page.keyboard.press('Control+Enter');
    await expect(pane.getByRole('region', { name: 'Timeline' })).toContainText('Rolled back release', { timeout: 15_000 });
    await expect(page.getByRole('dialog', { name: 'Add note' })).toBeHidden();
    const escalation = pane.getByRole('region', { name: 'Escalation' });
    await expect(escalation).toContainText('Level 1');
    await escalation.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, `actions-detail-${scheme}.png`) });

    // The command palette, narrowed.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('pri');
    await expect(page.getByRole('option', { name: /Set priority P1/ })).toBeVisible();
    await settled(page, page.getByRole('dialog', { name: 'Command palette' }));
    await page.screenshot({ path: join(OUT, `actions-palette-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();

    // A dialog: escalate, with who is on call at each level.
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Escalate incident' });
    await expect(dialog.getByRole('radio', { name: /Level 2/ })).toBeVisible();
    await settled(page, dialog);
    await page.screenshot({ path: join(OUT, `actions-dialog-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // The on-call panel.
    await page.keyboard.press('o');
    const panel = page.getByRole('dialog', { name: 'Who is on call' });
    await expect(panel.getByRole('region', { name: 'Incident managers' })).toBeVisible();
    await settled(page, panel);
    await page.screenshot({ path: join(OUT, `actions-oncall-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // The bulk action bar over a multi-selection.
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+J');
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await expect(bar).toContainText('2 selected');
    await settled(page, bar);
    await page.screenshot({ path: join(OUT, `actions-bulk-${scheme}.png`) });
  });
}
