// The web console's browser notifications: raised only with permission, silent unless
// the policy wants sound, one per incident (tag), and a click focuses the window and
// opens the incident; the desktop app's page leaves them to the main process.
import { describe, expect, it, vi } from 'vitest';
import type { DesktopNotification } from '../../../../shared/domain/notification';
import {
  notificationSupport,
  raiseBrowserNotification,
  type NotificationApi,
} from '../../../../renderer/src/features/notifications/browser-notifications';

function fakeApi(permission: NotificationPermission) {
  const created: {
    title: string;
    options?: NotificationOptions;
    instance: { onclick: ((event: Event) => void) | null; close: ReturnType<typeof vi.fn> };
  }[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => permission);
    onclick: ((event: Event) => void) | null = null;
    close = vi.fn();
    constructor(title: string, options?: NotificationOptions) {
      created.push({ title, options, instance: this });
    }
  }
  return { api: FakeNotification as unknown as NotificationApi, created };
}

const payload: DesktopNotification = {
  id: 'n1',
  kind: 'newIncident',
  incidentId: 'P7',
  title: 'New incident: Card auth failing',
  body: '#7 · Payments API · high urgency · assigned to you',
  urgency: 'high',
  sound: false,
  repeat: false,
};

describe('raiseBrowserNotification', () => {
  it('raises the same title and body, tagged by incident, and a click opens the incident', () => {
    const { api, created } = fakeApi('granted');
    const focusWindow = vi.fn();
    const openIncident = vi.fn();
    expect(raiseBrowserNotification(payload, { api, focusWindow, openIncident })).toBe(true);
    expect(created).toEqual([
      expect.objectContaining({ title: payload.title, options: { body: payload.body, tag: 'P7', silent: true, requireInteraction: true } }),
    ]);
    created[0]!.instance.onclick?.(new Event('click'));
    expect(focusWindow).toHaveBeenCalled();
    expect(openIncident).toHaveBeenCalledWith('P7');
    expect(created[0]!.instance.close).toHaveBeenCalled();
  });

  it.each(['default', 'denied'] as const)('raises nothing when permission is %s', (permission) => {
    const { api, created } = fakeApi(permission);
    expect(raiseBrowserNotification(payload, { api, focusWindow: vi.fn(), openIncident: vi.fn() })).toBe(false);
    expect(created).toHaveLength(0);
  });

  it('a summary has no incident to open', () => {
    const { api, created } = fakeApi('granted');
    const openIncident = vi.fn();
    raiseBrowserNotification(
      { ...payload, kind: 'summary', incidentId: null, summaryOf: 6, id: 'n9', urgency: 'low', sound: true },
      { api, focusWindow: vi.fn(), openIncident },
    );
    expect(created[0]?.options).toMatchObject({ tag: 'n9', silent: false, requireInteraction: false });
    created[0]!.instance.onclick?.(new Event('click'));
    expect(openIncident).not.toHaveBeenCalled();
  });
});

describe('notificationSupport', () => {
  it('leaves the desktop app to the main process, and reads the permission elsewhere', () => {
    expect(notificationSupport({ oncallConsole: {}, Notification: fakeApi('granted').api })).toBe('desktop');
    expect(notificationSupport({})).toBe('unsupported');
    expect(notificationSupport({ Notification: fakeApi('default').api })).toBe('default');
  });
});
