/**
 * The console's window: header (workspace, connection badges), health banners, the
 * queue's toolbar (views, search, filters, columns), the incident queue with its detail
 * pane, the action tray and the shortcut hints.
 *
 * A live update re-renders this component (it holds the queue); the parts that do not
 * depend on the incidents (header, footer, palette, help, on-call panel) are memoised so
 * they stay out of the update's frame.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, Kbd, Text, Title, Tooltip, ActionIcon } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { useConsole } from './client/console-context';
import { errorMessage } from './client/console-client-error';
import { useSnapshot } from './state/use-snapshot';
import { useUiStore } from './state/ui-store';
import { useQueue } from './features/incidents/use-queue';
import { IncidentQueue } from './features/incidents/incident-queue';
import { IncidentDetailPane } from './features/incidents/incident-detail';
import { ConnectionBadge, LiveBadge } from './features/connection/connection-badges';
import { HealthBanners } from './features/connection/health-banners';
import { useLiveState } from './features/connection/use-live-state';
import { ActionTray } from './features/actions/action-tray';
import { ActionDialogs } from './features/actions/action-dialogs';
import { useQueueShortcuts } from './features/actions/use-queue-shortcuts';
import { useIncidentActions } from './features/actions/use-incident-actions';
import { activityFor } from './features/actions/incident-activity';
import { SHORTCUT_HINTS } from './features/commands/registry';
import { QueueToolbar } from './features/queue/queue-toolbar';
import { useDirectory } from './features/queue/use-directory';
import { seenStore } from './features/queue/use-seen';
import { AttentionBanner } from './features/queue/attention-banner';
import type { ColumnId } from './features/queue/columns';
import { ShortcutHelp } from './features/actions/shortcut-help';
import { CommandPalette } from './features/command-palette/command-palette';
import { OnCallButton, OnCallPanel } from './features/oncall/on-call-panel';
import { ResponseMetrics } from './features/metrics/response-metrics';
import { SettingsButton } from './features/settings/settings-view';
import { ThemeSwitch } from './features/settings/theme-switch';
import { NotificationControls } from './features/notifications/notification-controls';
import { MajorIncidentNotifier } from './features/actions/major-incident-notifier';
import { AreaBar } from './features/catalogue/area-nav';
import { SpecialistsArea } from './features/catalogue/specialists-area';
import { ResolvedArea } from './features/incidents/resolved-area';
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { LiveState } from './client/console-client';

// Self-contained (they read their own stores): nothing for them to do on a queue update.
const StaticCommandPalette = memo(CommandPalette);
const StaticShortcutHelp = memo(ShortcutHelp);
const StaticOnCallPanel = memo(OnCallPanel);
const StaticAreaBar = memo(AreaBar);
const StaticSpecialistsArea = memo(SpecialistsArea);
const StaticResolvedArea = memo(ResolvedArea);
const StaticActionDialogs = memo(ActionDialogs);
const StaticMajorIncidentNotifier = memo(MajorIncidentNotifier);
// The header's own controls: a connection's new status re-renders the header, not them.
const StaticResponseMetrics = memo(ResponseMetrics);
const StaticNotificationControls = memo(NotificationControls);
const StaticOnCallButton = memo(OnCallButton);
const StaticThemeSwitch = memo(ThemeSwitch);
const StaticSettingsButton = memo(SettingsButton);

export function App() {
  const { client } = useConsole();
  const snapshot = useSnapshot();
  const queue = useQueue();
  const liveState = useLiveState(client);
  const detailOpen = useUiStore((state) => state.detailOpen);
  const { refresh } = useIncidentActions();
  useQueueShortcuts(queue);
  const data = snapshot.data;
  const directory = useDirectory().data;
  const [droppedColumns, setDroppedColumns] = useState<ColumnId[]>([]);
  const refreshRef = useRef(refresh);
  useLayoutEffect(() => {
    refreshRef.current = refresh;
  });
  const syncNow = useCallback(() => void refreshRef.current(), []);

  return (
    <div className="app">
      <AppHeader
        name={data?.workspace.name ?? 'On-Call Console'}
        demo={data?.workspace.demo ?? false}
        connections={data?.connections ?? NO_CONNECTIONS}
        liveState={liveState}
        onSyncNow={syncNow}
      />
      <StaticAreaBar />

      {snapshot.isError && (
        <Alert color="red" radius={0} icon={<IconAlertCircle size={18} />} role="alert" title="Could not load the queue">
          <Group gap="sm">
            <Text size="sm">{errorMessage(snapshot.error)}</Text>
            <Button size="compact-xs" variant="white" color="red" onClick={() => void snapshot.refetch()}>
              Try again
            </Button>
          </Group>
        </Alert>
      )}
      {data && <HealthBanners snapshot={data} />}
      <AttentionBanner workspaceName={data?.workspace.name ?? 'On-Call Console'} open={queue.open} visibleIds={queue.visibleIds} />

      <QueueToolbar
        open={queue.open}
        shownCount={queue.incidents.length}
        changedCount={queue.changed.size}
        selectedIds={queue.selectedIds}
        visibleIds={queue.visibleIds}
        directory={directory}
        hasMe={Boolean(data?.workspace.me)}
        hasTickets={queue.tickets.size > 0}
        droppedForWidth={droppedColumns}
        onMarkAllSeen={() => seenStore.getState().markSeen(queue.open)}
      />
      <main className="app-main">
        <div className="app-queue-column">
          <IncidentQueue queue={queue} loading={snapshot.isPending} onFit={setDroppedColumns} />
          {data && <ActionTray snapshot={data} />}
          <ShortcutFooter />
        </div>
        {detailOpen && queue.selected && (
          <IncidentDetailPane incident={queue.selected} activity={activityFor(queue.activity, queue.selected.id)} />
        )}
      </main>
      <StaticSpecialistsArea />
      <StaticResolvedArea />
      <StaticActionDialogs />
      <StaticCommandPalette />
      <StaticShortcutHelp />
      <StaticOnCallPanel />
      <StaticMajorIncidentNotifier />
    </div>
  );
}

const NO_CONNECTIONS: ConnectionStatus[] = [];

interface AppHeaderProps {
  name: string;
  demo: boolean;
  connections: readonly ConnectionStatus[];
  liveState: LiveState;
  onSyncNow(): void;
}

/** Workspace name, live and connection badges, metrics, on call and "sync now". */
const AppHeader = memo(function AppHeader({ name, demo, connections, liveState, onSyncNow }: AppHeaderProps) {
  return (
    <header className="app-header">
      {/* When the window is narrow the workspace name gives way, not the connection badges. */}
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Title
          order={1}
          size="h5"
          title={name}
          style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: '5rem' }}
        >
          {name}
        </Title>
        {demo && (
          <Badge variant="outline" color="grape" size="sm" style={{ flexShrink: 0 }}>
            Demo
          </Badge>
        )}
      </Group>
      {/* Then the notification rule's words give way (see NotificationControls), never a badge or a button. */}
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flexShrink: 1 }}>
        <LiveBadge state={liveState} />
        {connections
          .filter((connection) => !connection.secondary || (connection.state !== 'ok' && connection.state !== 'connecting'))
          .map((connection) => (
            <ConnectionBadge key={connection.provider} connection={connection} />
          ))}
        <StaticResponseMetrics />
        <StaticNotificationControls />
        <StaticOnCallButton />
        <StaticThemeSwitch />
        <StaticSettingsButton />
        <Tooltip label="Sync now">
          <ActionIcon variant="subtle" color="gray" aria-label="Sync now" onClick={onSyncNow}>
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </header>
  );
});

/** The keyboard hints under the queue. */
const ShortcutFooter = memo(function ShortcutFooter() {
  return (
    <footer className="app-footer" aria-label="Keyboard shortcuts">
      {SHORTCUT_HINTS.map((hint) => (
        <span key={hint.does}>
          {hint.keys.map((key) => (
            <Kbd key={key} size="xs" mr={2}>
              {key}
            </Kbd>
          ))}{' '}
          {hint.does}
        </span>
      ))}
    </footer>
  );
});
