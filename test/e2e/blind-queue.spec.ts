/**
 * A workspace pointed at a PagerDuty the console cannot reach: the queue never says "All
 * quiet". It says the console cannot see PagerDuty, why, since when and when it tries
 * again, and the header's notification rule does not read as an all-clear either.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startCli, stopCli } from './fixtures/cli-process';
import { screenPath } from './fixtures/screens';

/** A loopback port nobody listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('an unreachable PagerDuty: the queue says the console cannot see it, never "All quiet"', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'blind-'));
  const workspace = join(root, 'workspace.yaml');
  writeFileSync(
    workspace,
    `name: Payments on-call\npaging:\n  provider: pagerduty\n  baseUrl: http://127.0.0.1:${await closedPort()}\n  pollIntervalSeconds: 5\n  requestTimeoutSeconds: 2\n`,
  );
  const { child, lines } = await startCli(
    ['serve', '--workspace', workspace, '--port', '0', '--data-dir', join(root, 'data')],
    ['Console'],
    {
      PAGERDUTY_TOKEN: 'a-token-for-nowhere',
      PAGERDUTY_FROM: 'dana@example.com',
    },
  );
  try {
    await page.goto(lines.get('Console')!);
    const blind = page.getByTestId('queue-blind');
    await expect(blind).toBeVisible({ timeout: 20_000 });
    await expect(blind).toContainText(/The console cannot see PagerDuty yet \(since \d\d:\d\d:\d\d\): it has not loaded any incident\./);
    await expect(blind).toContainText(/Cannot reach PagerDuty at http:\/\/127\.0\.0\.1:\d+: the connection was refused/);
    await expect(blind).toContainText(/It tries again in \d+ s\.|Trying again now\./);
    // The banner says the same in words: never "fetch failed", never a retry in the past.
    const banner = page.getByRole('alert').filter({ hasText: /^PagerDuty: (not syncing|disconnected)/ });
    await expect(banner).toContainText(/Cannot reach PagerDuty at http:\/\/127\.0\.0\.1:\d+: the connection was refused/);
    await expect(page.getByText(/fetch failed|Retrying .* ago/)).toHaveCount(0);
    await expect(page.getByText('All quiet')).toHaveCount(0);
    await expect(page.getByText(/- quiet/)).toHaveCount(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: screenPath('blind-queue.png') });
  } finally {
    await stopCli(child);
    rmSync(root, { recursive: true, force: true });
  }
});
