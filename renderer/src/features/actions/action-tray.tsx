/**
 * The action tray under the queue: what is being sent (with retries), what just landed
 * (briefly), and every failed action with its reason, Retry and Dismiss. It also holds
 * the screen-reader announcements for action results and the bulk action bar.
 */
import { useEffect, useRef, useState } from 'react';
import { Group, Loader, Stack, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Snapshot } from '../../../../shared/contract';
import { describeAction, type ActionRecord } from '../../../../shared/domain/action';
import { useSnapshot } from '../../state/use-snapshot';
import { useNow } from '../../state/use-now';
import { failedTitle, pagingSystemName, pendingProgress } from './action-progress';
import { useIncidentActions } from './use-incident-actions';
import { FailedActionNotice } from './failed-action-notice';
import { announcementsFor, type ActionStates } from './action-announcements';
import { isTrayEmpty, trayContents } from './tray-contents';
import { BulkActionBar } from './bulk-action-bar';

export function ActionTray({ snapshot: given }: { snapshot?: Snapshot }) {
  const { data } = useSnapshot();
  const snapshot = given ?? data;
  return (
    <>
      {snapshot && <TrayList snapshot={snapshot} />}
      <ActionAnnouncer actions={snapshot?.actions ?? null} />
      <BulkActionBar />
    </>
  );
}

function TrayList({ snapshot }: { snapshot: Snapshot }) {
  const actions = useIncidentActions();
  const now = useNow(1_000);
  // What this window has seen, kept across renders: it only grows, and nothing renders from
  // the refs themselves, only from what was seen (the React Compiler cannot tell, hence the
  // rule is off for these lines).
  /* eslint-disable react-hooks/refs */
  // Actions this window saw on their way: only those get a "done" line when they land.
  const seenPending = useRef(new Set<string>());
  const namesSeen = useRef(new Map<string, string>());
  for (const action of snapshot.actions) if (action.state === 'pending') seenPending.current.add(action.id);
  const contents = trayContents(snapshot.actions, now, seenPending.current);
  if (isTrayEmpty(contents)) return null;
  const { failed, pending, done } = contents;
  const pagingNameOf = (action: ActionRecord) =>
    pagingSystemName(
      snapshot.incidents.find((incident) => action.request.incidentIds.includes(incident.id))?.provider ?? 'pagerduty',
      snapshot.connections,
    );
  // The incidents' names as last seen, so an action still reads "#12 Checkout 5xx" after its incident left the queue.
  for (const action of snapshot.actions) {
    for (const id of action.request.incidentIds) {
      const incident = snapshot.incidents.find((i) => i.id === id);
      if (incident) namesSeen.current.set(id, `#${incident.number} ${incident.title}`);
    }
  }
  const subjectNames = namesSeen.current;
  /* eslint-enable react-hooks/refs */
  const subjectOf = (action: ActionRecord): string | undefined => {
    const titles = action.request.incidentIds.map((id) => subjectNames.get(id)).filter((name): name is string => name !== undefined);
    if (titles.length === 0) return undefined;
    const unnamed = action.request.incidentIds.length - titles.length;
    const shown = titles.slice(0, 3);
    const more = titles.length - shown.length + unnamed;
    return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
  };
  return (
    <Stack gap={6} p="xs" className="action-tray" aria-label="Actions" component="section">
      {pending.shown.map((action) => {
        const progress = pendingProgress(action, { pagingName: pagingNameOf(action), connections: snapshot.connections, nowMs: now });
        return (
          <Group key={action.id} gap={6} wrap="nowrap">
            <Loader size={12} aria-hidden />
            <Text size="xs" truncate title={progress.reason ?? undefined}>
              {progress.ticketingPending && !progress.pagingPending
                ? `${describeAction(action.request)}: ${progress.headline.charAt(0).toLowerCase()}${progress.headline.slice(1)}: ${progress.reason} (${progress.retry})`
                : `${describeAction(action.request)}: sending${progress.reason ? ` (attempt ${action.attempts} failed: ${progress.reason}; ${progress.retry})` : ''}…`}
            </Text>
          </Group>
        );
      })}
      {pending.more > 0 && <MoreLine count={pending.more} what="being sent" />}
      {done.shown.map((action) => (
        <Group key={action.id} gap={6} wrap="nowrap">
          <ThemeIcon size={14} radius="xl" color="green" variant="light" aria-hidden>
            <IconCheck size={10} />
          </ThemeIcon>
          <Text size="xs" c="dimmed" truncate>
            {describeAction(action.request)}: done
          </Text>
        </Group>
      ))}
      {done.more > 0 && <MoreLine count={done.more} what="done" />}
      {/* eslint-disable-next-line react-hooks/refs -- the names seen above (see there) */}
      {failed.shown.map((action) => (
        <FailedActionNotice
          key={action.id}
          action={action}
          subject={subjectOf(action)}
          headline={failedTitle(action, describeAction(action.request), {
            pagingName: pagingNameOf(action),
            connections: snapshot.connections,
          })}
          onRetry={(id) => void actions.retry(id)}
          onDismiss={(id) => void actions.dismiss(id)}
        />
      ))}
      {failed.more > 0 && <MoreLine count={failed.more} what="failed (dismiss the ones above to see them)" />}
    </Stack>
  );
}

function MoreLine({ count, what }: { count: number; what: string }) {
  return (
    <Text size="xs" c="dimmed" pl={18}>
      and {count} more {count === 1 ? 'action' : 'actions'} {what}
    </Text>
  );
}

/** A polite live region that reads out each action as it is sent, lands or fails. */
function ActionAnnouncer({ actions }: { actions: readonly ActionRecord[] | null }) {
  const previous = useRef<ActionStates | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!actions) return;
    const { messages, states } = announcementsFor(previous.current, actions);
    previous.current = states;
    if (messages.length) setMessage(messages.join('. '));
  }, [actions]);
  return (
    <VisuallyHidden role="status" aria-live="polite" aria-atomic="true" data-testid="action-announcer">
      {message}
    </VisuallyHidden>
  );
}
