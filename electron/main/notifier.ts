/**
 * Raises the engine's `notify` events as the OS's notifications (Electron's
 * Notification): silent unless the policy asked for sound, 'critical' urgency for high on
 * Linux, an Acknowledge button on macOS (the platform with notification actions). A click
 * opens the console on that incident. A newer notification of the same incident replaces
 * the older one, and shown notifications are kept referenced so their clicks still arrive.
 */
import { Notification } from 'electron';
import type { ConsoleEvent } from '../../shared/contract';
import type { DesktopNotification } from '../../shared/domain/notification';

export interface NotifierOptions {
  source: { onEvent(listener: (event: ConsoleEvent) => void): () => void };
  platform: NodeJS.Platform;
  /** Show the console, on this incident when there is one. */
  open(incidentId: string | null): void;
  acknowledge(incidentId: string): void;
  log?: (message: string) => void;
}

/** How many shown notifications are kept (older ones are closed). */
const KEEP = 20;

export function startNotifier(options: NotifierOptions): () => void {
  const { platform } = options;
  const shown = new Map<string, Notification>();
  if (!Notification.isSupported()) {
    (options.log ?? console.warn)('This desktop does not support notifications; the tray count still shows triggered incidents.');
    return () => undefined;
  }

  function show(payload: DesktopNotification): void {
    const key = payload.incidentId ?? payload.id;
    shown.get(key)?.close();
    shown.delete(key);
    const canAcknowledge = platform === 'darwin' && payload.incidentId !== null;
    const notification = new Notification({
      title: payload.title,
      body: payload.body,
      silent: !payload.sound,
      ...(platform === 'linux' ? { urgency: payload.urgency === 'high' ? 'critical' : 'normal' } : {}),
      ...(canAcknowledge ? { actions: [{ type: 'button', text: 'Acknowledge' }] } : {}),
    });
    notification.on('click', () => options.open(payload.incidentId));
    notification.on('action', (_event, index) => {
      if (index === 0 && payload.incidentId) options.acknowledge(payload.incidentId);
    });
    notification.on('close', () => {
      if (shown.get(key) === notification) shown.delete(key);
    });
    shown.set(key, notification);
    while (shown.size > KEEP) {
      const [oldestKey, oldest] = shown.entries().next().value!;
      shown.delete(oldestKey);
      oldest.close();
    }
    notification.show();
  }

  const unsubscribe = options.source.onEvent((event) => {
    if (event.name === 'notify') show(event.payload);
  });
  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
