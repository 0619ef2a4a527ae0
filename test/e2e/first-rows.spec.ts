/**
 * First rows after the first page, in the web console over 5,000 incidents: rows show while
 * the rest still load ("Loading 100 of ~5,000…", never "All quiet"), and the row under the
 * cursor stays where it is on screen, selected and with the keyboard focus on the queue,
 * while the other pages arrive. The simulators run on their own (`simulate`) with every
 * GET /incidents slowed down, so the load lasts long enough to watch; the console is
 * `serve --workspace` pointed at them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startCli, stopCli } from './fixtures/cli-process';

const EMAIL = 'victor.alvarez@example.com';

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('rows show while the rest load, and the cursor row does not move as they arrive', async ({ page }) => {
  test.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'first-rows-'));
  const simulators = await startCli(['simulate', '--port', '0', '--demo-incidents', '5000'], ['PagerDuty API']);
  let host: Awaited<ReturnType<typeof startCli>> | null = null;
  try {
    const api = simulators.lines.get('PagerDuty API')!;
    // 50 pages, 5 at a time, each answer 700 ms late: the first page after 0.7 s, the whole list after several seconds.
    expect((await postJson(`${api}/_simulator/faults`, { kind: 'slow', delayMs: 700, count: 60, path: '/incidents' })).status).toBeLessThan(
      300,
    );
    const tokenAnswer = await postJson(`${api}/_simulator/user-tokens`, { email: EMAIL });
    expect(tokenAnswer.status).toBe(201);
    const { token } = (await tokenAnswer.json()) as { token: string };
    const workspace = join(root, 'workspace.yaml');
    writeFileSync(workspace, `name: First rows\npaging:\n  provider: pagerduty\n  baseUrl: ${api}\n  pollIntervalSeconds: 5\n`);
    host = await startCli(['serve', '--workspace', workspace, '--port', '0', '--data-dir', join(root, 'data')], ['Console'], {
      PAGERDUTY_TOKEN: token,
      PAGERDUTY_FROM: EMAIL,
    });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(host.lines.get('Console')!);
    const count = page.getByTestId('queue-count');
    const rows = page.locator('[role="row"][data-incident-id]');
    await expect(rows.first()).toBeVisible({ timeout: 60_000 });
    // The first rows came while the rest were still loading (the count says how far the load has got).
    await expect(count).toHaveText(/^Loading [\d,]+ of ~5,\d{3}…$/);
    await expect(page.getByText(/All quiet/)).toHaveCount(0);

    // The cursor on the fourth row, the keyboard focus on the queue.
    const target = rows.nth(3);
    const targetId = (await target.getAttribute('data-incident-id'))!;
    await target.locator('[data-col="title"]').click();
    const cursorRow = page.locator(`[role="row"][data-incident-id="${targetId}"]`);
    await expect(cursorRow).toHaveAttribute('aria-selected', 'true');
    const grid = page.getByRole('grid', { name: 'Open incidents' });
    await grid.focus();
    const before = (await cursorRow.boundingBox())!;

    // The rest arrive: the cursor row stays put (its place on screen and in the list), selected, the queue keeps the focus.
    const tops: number[] = [];
    while (/^Loading/.test((await count.textContent()) ?? '')) {
      tops.push((await cursorRow.boundingBox())!.y);
      await page.waitForTimeout(50);
    }
    await expect(count).toHaveText(/^5,\d{3} open$|^\d{4} open$/);
    const after = (await cursorRow.boundingBox())!;
    expect(tops.length).toBeGreaterThan(0);
    expect(tops.every((top) => top === before.y)).toBe(true);
    expect(after.y).toBe(before.y);
    await expect(cursorRow).toHaveAttribute('aria-selected', 'true');
    await expect(grid).toHaveAttribute('aria-activedescendant', (await cursorRow.getAttribute('id'))!);
    await expect(grid).toBeFocused();
  } finally {
    if (host) await stopCli(host.child);
    await stopCli(simulators.child);
    rmSync(root, { recursive: true, force: true });
  }
});
