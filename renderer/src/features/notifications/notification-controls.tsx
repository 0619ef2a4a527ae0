/**
 * The header's notification controls: the rule in force (e.g. "On call until 09:00 -
 * high urgency will ring"), a pause toggle (an hour; the engine keeps it across
 * restarts) and, in the web console, an "Enable notifications" button that asks the
 * browser for permission. It also raises the browser notifications for `notify` events
 * and selects the incident a notification or the desktop tray asks for (`focusIncident`).
 */
import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconBell, IconBellOff } from '@tabler/icons-react';
import type { NotificationState } from '../../../../shared/domain/notification';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { useUiStore } from '../../state/ui-store';
import { notificationSupport, raiseBrowserNotification, type NotificationApi, type NotificationSupport } from './browser-notifications';

/** How long the header's pause lasts. */
const PAUSE_MINUTES = 60;

type NotificationWindow = Window & { Notification?: NotificationApi; oncallConsole?: unknown };

/** Puts the incident under the cursor and opens its details (the queue resolves the cursor by id). */
function openIncident(incidentId: string): void {
  const ui = useUiStore.getState();
  ui.setCursor(incidentId, []);
  ui.openDetail();
}

function sameShown(held: NotificationState | null, next: NotificationState): boolean {
  return held !== null && held.pausedUntil === next.pausedUntil && held.ruleInForce === next.ruleInForce;
}

export function NotificationControls() {
  const { client } = useConsole();
  const win = window as NotificationWindow;
  const [state, setState] = useState<NotificationState | null>(null);
  // Read on every render: the permission can change in the browser's own settings too.
  const support: NotificationSupport = notificationSupport(win);
  const [, setAsked] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.call('getNotificationState', {}).then(
      (value) => live && setState(value),
      (error: unknown) => live && setProblem(errorMessage(error)),
    );
    const unsubscribe = client.subscribe((event) => {
      // The tray's count changes with every live update; this control shows only the rule and the pause.
      if (event.name === 'notificationStateChanged') setState((held) => (sameShown(held, event.payload) ? held : event.payload));
      else if (event.name === 'focusIncident') openIncident(event.payload.incidentId);
      else if (event.name === 'notify' && notificationSupport(win) === 'granted') {
        raiseBrowserNotification(event.payload, { api: win.Notification, focusWindow: () => window.focus(), openIncident });
      }
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, win]);

  const paused = state?.pausedUntil != null;
  const togglePause = useCallback(() => {
    const request = paused ? client.call('resumeNotifications', {}) : client.call('pauseNotifications', { minutes: PAUSE_MINUTES });
    request.then(
      (value) => {
        setState(value);
        setProblem(null);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [client, paused]);

  const enable = useCallback(() => {
    void win.Notification?.requestPermission().then(() => setAsked((count) => count + 1));
  }, [win]);

  const rule = problem ?? state?.ruleInForce ?? 'Checking who is on call…';
  const blocked = support === 'denied' ? ' Your browser blocks notifications for this page.' : '';
  return (
    <Group gap={4} wrap="nowrap" data-testid="notification-controls" style={{ minWidth: 0, flexShrink: 1 }}>
      {support === 'default' && (
        <Button
          size="compact-xs"
          variant="light"
          onClick={enable}
          style={{ flexShrink: 0 }}
          aria-label="Enable notifications"
          title="Enable desktop notifications in this browser"
        >
          {/* A narrow window keeps the word short, so the workspace name keeps its room. */}
          <Text span size="xs" fw={600} visibleFrom="lg" inherit>
            Enable notifications
          </Text>
          <Text span size="xs" fw={600} hiddenFrom="lg" inherit>
            Notify
          </Text>
        </Button>
      )}
      {/* The rule is the header's one shrinkable part: with several connection badges it truncates (the bell's tooltip has it whole). */}
      <Text
        size="xs"
        c={problem ? 'red' : 'dimmed'}
        truncate="end"
        maw={280}
        visibleFrom="lg"
        style={{ minWidth: 0, flexShrink: 1 }}
        title={rule}
        data-testid="notification-rule"
      >
        {rule}
      </Text>
      <Tooltip
        label={`${paused ? 'Resume notifications' : `Pause notifications for ${PAUSE_MINUTES / 60} hour`} - ${rule}${blocked}`}
        multiline
        maw={320}
      >
        <ActionIcon
          variant={paused ? 'light' : 'subtle'}
          color={paused ? 'orange' : 'gray'}
          aria-label={paused ? 'Resume notifications' : 'Pause notifications for 1 hour'}
          aria-pressed={paused}
          onClick={togglePause}
        >
          {paused ? <IconBellOff size={18} /> : <IconBell size={18} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
