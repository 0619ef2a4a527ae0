/**
 * The web console raises a browser notification for an incident newly triggered for the
 * demo user (on call today for the Payments escalation policy) within the poll interval
 * plus 2 s, and none while notifications are paused from the header. Headless Chromium
 * shows no notifications, so an init script wraps window.Notification to record each one
 * while the permission (granted by the test) still comes from the browser.
 */
import { test, expect, pagerDutyGet, triggerAlert, type RunningConsole } from './fixtures/console-server';

const POLL_INTERVAL_MS = 5_000;
const WITHIN_MS = POLL_INTERVAL_MS + 2_000;

interface Recorded {
  title: string;
  body: string;
  at: number;
}

/** The routing key of a service whose escalation policy pages the demo user at level 1 right now. */
async function routingKeyPagingMe(running: RunningConsole): Promise<string> {
  const me = (await pagerDutyGet<{ user: { id: string } }>(running, '/users/me')).user;
  const oncalls = await pagerDutyGet<{ oncalls: { escalation_policy: { id: string }; escalation_level: number }[] }>(
    running,
    `/oncalls?user_ids[]=${me.id}&limit=100`,
  );
  const policyIds = new Set(oncalls.oncalls.filter((oncall) => oncall.escalation_level === 1).map((oncall) => oncall.escalation_policy.id));
  const services = await pagerDutyGet<{
    services: {
      name: string;
      escalation_policy: { id: string };
      incident_urgency_rule?: { type?: string; urgency?: string };
      integrations?: { integration_key?: string }[];
    }[];
  }>(running, '/services?include[]=integrations&limit=100');
  for (const service of services.services) {
    const rule = service.incident_urgency_rule;
    const canBeHigh = !(rule?.type === 'constant' && rule.urgency === 'low');
    const key = service.integrations?.find((integration) => integration.integration_key)?.integration_key;
    if (policyIds.has(service.escalation_policy.id) && canBeHigh && key) return key;
  }
  throw new Error(`No service pages ${me.id} at level 1 (on-call policies: ${[...policyIds].join(', ')})`);
}

test('a newly triggered incident notifies within the poll interval + 2 s, and nothing does while paused', async ({
  page,
  context,
  console: running,
}) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['notifications'], { origin: new URL(running.consoleUrl).origin });
  await page.addInitScript(() => {
    const Real = window.Notification;
    const recorded: { title: string; body: string; at: number }[] = [];
    (window as unknown as { __recordedNotifications: typeof recorded }).__recordedNotifications = recorded;
    class RecordingNotification {
      static get permission(): NotificationPermission {
        return Real.permission;
      }
      static requestPermission(): Promise<NotificationPermission> {
        return Real.requestPermission();
      }
      onclick: ((event: Event) => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        recorded.push({ title, body: options?.body ?? '', at: Date.now() });
      }
      close(): void {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
  });
  const recorded = () => page.evaluate(() => (window as unknown as { __recordedNotifications: Recorded[] }).__recordedNotifications);

  await page.setViewportSize({ width: 1400, height: 850 });
  await page.goto(running.consoleUrl);
  const grid = page.getByRole('grid', { name: 'Open incidents' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  // Permission is granted already: no "Enable notifications" prompt, and the rule in force shows.
  await expect(page.getByRole('button', { name: 'Enable notifications' })).toHaveCount(0);
  await expect(page.getByTestId('notification-rule')).toHaveText(/^(On call|Quiet hours)/);

  const routingKey = await routingKeyPagingMe(running);
  const firstSummary = `E2E notify ${Date.now()}: card authorisations failing`;
  const triggeredAt = Date.now();
  await triggerAlert(running, routingKey, firstSummary);
  await expect
    .poll(async () => (await recorded()).find((notification) => notification.title.includes(firstSummary)), {
      timeout: WITHIN_MS,
      intervals: [250],
    })
    .toBeTruthy();
  const first = (await recorded()).find((notification) => notification.title.includes(firstSummary))!;
  expect(first.at - triggeredAt).toBeLessThanOrEqual(WITHIN_MS);
  expect(first.title).toBe(`New incident: ${firstSummary}`);
  expect(first.body).toContain('high urgency');

  // Pause from the header: the engine keeps the pause and the header says so.
  await page.getByRole('button', { name: 'Pause notifications for 1 hour' }).click();
  await expect(page.getByRole('button', { name: 'Resume notifications' })).toBeVisible();
  await expect(page.getByTestId('notification-rule')).toHaveText(/^Paused until \d\d:\d\d$/);
  const before = (await recorded()).length;

  const secondSummary = `E2E paused ${Date.now()}: payouts delayed`;
  const secondAt = Date.now();
  await triggerAlert(running, routingKey, secondSummary);
  // The incident does arrive in the queue ...
  await expect(grid.getByRole('row').filter({ hasText: secondSummary })).toBeVisible({ timeout: WITHIN_MS });
  // ... and nothing is raised for it, or for anything else, while paused.
  await page.waitForTimeout(Math.max(0, secondAt + WITHIN_MS - Date.now()));
  expect((await recorded()).length).toBe(before);
});
