/**
 * The web console tells its engine it is in front of someone (setViewerPresence over the
 * headless host's HTTP), and the engine answers with the paging platform's pace: fast while
 * a page is visible (or the demo user is on call), as shared/rules/poll-cadence.ts says.
 */
import { test, expect } from './fixtures/console-server';

test('the page reports itself in front, and the engine answers the fast pace', async ({ page, console: running }) => {
  const reported = page.waitForResponse((response) => response.url().endsWith('/api/setViewerPresence') && response.ok());
  await page.goto(running.consoleUrl);
  const response = await reported;
  expect(response.request().postDataJSON()).toMatchObject({ viewerId: expect.any(String), visible: true });
  const answer = (await response.json()) as { pollIntervalMs: number; pace: string };
  expect(answer.pace).toBe('fast');
  // The demo's queue is small: the idle budget (30 requests a minute) allows a poll every 2 s.
  expect(answer.pollIntervalMs).toBeLessThanOrEqual(2_500);
});
