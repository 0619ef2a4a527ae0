/**
 * The web console's desktop notifications through the browser's Notifications API: the
 * same `notify` events the desktop app shows natively, raised only once the user granted
 * permission (asked from a visible control, never on page load). Inside the desktop app
 * the main process shows them, so the page stays quiet there. Plain functions over a
 * small slice of `window`, so they are tested without a browser.
 */
import type { DesktopNotification } from '../../../../shared/domain/notification';

/** The part of the browser's Notification the console uses. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((event: Event) => void) | null; close(): void };
}

/** Where this page can raise notifications: not at all, natively by the desktop app, or by permission. */
export type NotificationSupport = 'unsupported' | 'desktop' | NotificationPermission;

export function notificationSupport(win: { Notification?: NotificationApi; oncallConsole?: unknown }): NotificationSupport {
  if (win.oncallConsole !== undefined) return 'desktop';
  if (!win.Notification) return 'unsupported';
  return win.Notification.permission;
}

export interface RaiseOptions {
  api: NotificationApi | undefined;
  /** Brings the console's window to the front. */
  focusWindow(): void;
  /** Selects the incident in the queue and opens its details. */
  openIncident(incidentId: string): void;
}

/** Raises one notification; returns false when permission is missing. */
export function raiseBrowserNotification(payload: DesktopNotification, options: RaiseOptions): boolean {
  const { api } = options;
  if (!api || api.permission !== 'granted') return false;
  const notification = new api(payload.title, {
    body: payload.body,
    // A reminder replaces the incident's earlier notification instead of piling up.
    tag: payload.incidentId ?? payload.id,
    silent: !payload.sound,
    requireInteraction: payload.urgency === 'high',
  });
  notification.onclick = () => {
    options.focusWindow();
    if (payload.incidentId) options.openIncident(payload.incidentId);
    notification.close();
  };
  return true;
}
