/**
 * The queue at the sizes people use it: at 1280x720 and at 900 px wide, with the detail
 * pane open, status, urgency, number and title stay in view and nothing clips a label;
 * long names end in an ellipsis with the whole name on hover. The Reassign list leaves the
 * dialog's buttons in sight, and Esc in a picker closes only the picker.
 */
import { test, expect } from './fixtures/console-server';
import { screenPath } from './fixtures/screens';

for (const size of [
  { width: 1280, height: 720 },
  { width: 900, height: 720 },
]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`at ${size.width}x${size.height} (${scheme}), status, urgency, number and title stay in view with the detail open`, async ({
      page,
      console: running,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(size);
      await page.goto(running.consoleUrl);
      const grid = page.getByRole('grid', { name: 'Open incidents' });
      await expect(grid.locator('[role="row"][data-incident-id]').nth(3)).toBeVisible();
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('complementary')).toBeVisible();
      for (const name of ['Status', 'Urgency', 'Number', 'Title']) {
        const header = grid.getByRole('columnheader', { name: new RegExp(`^${name}`) });
        await expect(header, name).toBeVisible();
        const box = (await header.boundingBox())!;
        expect(box.x + box.width, `${name} ends inside the window`).toBeLessThanOrEqual(size.width);
      }
      // No header label is clipped: each fits its box (or ends in an ellipsis, which a clipped label does not).
      const clipped = await grid.getByRole('columnheader').evaluateAll((headers) =>
        headers
          .map((header) => header.querySelector('button, span') ?? header)
          .filter((label) => label.scrollWidth > label.clientWidth + 1 && getComputedStyle(label).textOverflow !== 'ellipsis')
          .map((label) => label.textContent),
      );
      expect(clipped).toEqual([]);
      // A long title ends in an ellipsis and tells all on hover.
      const title = grid.locator('[role="row"][data-incident-id] .queue-title').first();
      expect(await title.evaluate((element) => getComputedStyle(element).textOverflow)).toBe('ellipsis');
      expect(await title.getAttribute('title')).toBe(await title.textContent());
      await page.screenshot({ path: screenPath(`layout-${size.width}-${scheme}.png`) });
    });
  }
}

test('the Reassign list leaves the buttons in sight, and Esc in a picker closes only the picker', async ({ page, console: running }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.locator('[role="row"][data-incident-id]').nth(3)).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary');
  await expect(pane).toBeVisible();

  await page.keyboard.press('Shift+R');
  const reassign = page.getByRole('dialog', { name: 'Reassign incident' });
  await expect(reassign).toBeVisible();
  const picker = reassign.getByRole('combobox', { name: 'Reassign to' });
  await picker.click();
  const list = page.getByRole('listbox');
  await expect(list).toBeVisible();
  const listBox = (await list.boundingBox())!;
  for (const name of ['Cancel', 'Reassign']) {
    const button = (await reassign.getByRole('button', { name, exact: true }).boundingBox())!;
    const overlaps =
      listBox.x < button.x + button.width &&
      button.x < listBox.x + listBox.width &&
      listBox.y < button.y + button.height &&
      button.y < listBox.y + listBox.height;
    expect(overlaps, `the list covers ${name}`).toBe(false);
  }
  await page.screenshot({ path: screenPath('layout-reassign-open.png') });
  // Esc closes the list only; a second Esc the dialog; the detail pane stays.
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(reassign).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(reassign).toBeHidden();
  await expect(pane).toBeVisible();

  for (const [key, name] of [
    ['p', 'Change priority'],
    ['u', 'Change urgency'],
  ] as const) {
    await page.keyboard.press(key);
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(pane, `Esc in ${name} closes only the picker`).toBeVisible();
  }
});
