/**
 * The in-window announcement of an incident that concerns me (attention-store.ts): a bar
 * above the queue that says what it is and goes to it with one key (i, for incoming; the
 * registry's goToNew), the count in the window's and the tab's title, and a screen-reader
 * announcement. It stays until I look at the incident (the cursor on its row, its detail
 * open), act on it, or say later.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Button, Group, Kbd, Paper, Text, VisuallyHidden } from '@mantine/core';
import { IconBellRinging } from '@tabler/icons-react';
import type { Incident } from '../../../../shared/domain/incident';
import { useConsole } from '../../client/console-context';
import { useUiStore } from '../../state/ui-store';
import { openIncident } from '../actions/major-incident-notifier';
import { commandKeysText } from '../commands/registry';
import { newestAttention, useAttention, windowTitle } from './attention-store';
import { queuePrefsStore } from './use-queue-prefs';
import './attention-banner.css';

/** The rows the queue shows now, for `i` (set by the banner on each render; the palette has no queue of its own). */
let shownIds: readonly string[] = [];

/** i: puts the cursor on the newest incident that needs me and opens it, first clearing a view that hides it. */
export function goToAttention(): boolean {
  const newest = newestAttention(useAttention.getState().items);
  if (!newest) return false;
  if (!shownIds.includes(newest.incidentId)) queuePrefsStore.getState().clearFilters();
  openIncident(newest.incidentId);
  useAttention.getState().lookedAt(newest.incidentId);
  return true;
}

interface AttentionBannerProps {
  workspaceName: string;
  /** The open queue (an acknowledged or gone incident is no longer news). */
  open: readonly Incident[];
  visibleIds: readonly string[];
}

export function AttentionBanner({ workspaceName, open, visibleIds }: AttentionBannerProps) {
  const { client } = useConsole();
  const items = useAttention((state) => state.items);
  const cursorId = useUiStore((state) => state.cursor.id);
  const [spoken, setSpoken] = useState('');
  const lastSpokenFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    shownIds = visibleIds;
  }, [visibleIds]);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'attention') useAttention.getState().add(event.payload);
      }),
    [client],
  );
  // Each queue update: only the announced incidents are looked up (usually none), not the whole queue indexed.
  useEffect(() => {
    const announced = useAttention.getState().items;
    if (announced.size === 0) return;
    const openById = new Map<string, Incident>();
    for (const incident of open) if (announced.has(incident.id)) openById.set(incident.id, incident);
    useAttention.getState().prune(openById, Date.now());
  }, [open]);
  // The cursor on its row is looking at it.
  useEffect(() => {
    if (cursorId && items.has(cursorId)) useAttention.getState().lookedAt(cursorId);
  }, [cursorId, items]);
  useEffect(() => {
    document.title = windowTitle(workspaceName, items.size);
  }, [workspaceName, items.size]);

  const newest = newestAttention(items);
  // Read out each new announcement once.
  useEffect(() => {
    if (!newest) return;
    const key = `${newest.incidentId}@${newest.at}`;
    if (lastSpokenFor.current === key) return;
    lastSpokenFor.current = key;
    setSpoken(`${newest.title}. ${newest.body}. Press ${commandKeysText('goToNew')} to go to it.`);
  }, [newest]);

  return (
    <>
      <VisuallyHidden aria-live="assertive" aria-atomic="true" data-testid="attention-live">
        {spoken}
      </VisuallyHidden>
      {newest && (
        <Paper
          component="section"
          aria-label="Needs you"
          radius={0}
          px="md"
          py={6}
          data-testid="attention-banner"
          data-urgency={newest.urgency}
          className="attention-banner"
        >
          <Group gap="sm" wrap="nowrap" justify="space-between">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconBellRinging size={20} aria-hidden style={{ flexShrink: 0 }} />
              <div style={{ minWidth: 0 }}>
                <Text fw={700} size="sm" truncate="end" title={newest.title}>
                  {newest.title}
                </Text>
                <Text size="xs" truncate="end" title={newest.body}>
                  {newest.body}
                  {items.size > 1 ? ` · and ${items.size - 1} more waiting for you` : ''}
                </Text>
              </div>
            </Group>
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              <Button size="compact-sm" onClick={() => goToAttention()} rightSection={<Kbd size="xs">{commandKeysText('goToNew')}</Kbd>}>
                Go to it
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => useAttention.getState().lookedAt(newest.incidentId)}>
                Later
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
    </>
  );
}
