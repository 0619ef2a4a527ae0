/**
 * Wires the queue's keyboard shortcuts to the window: j/k and arrows move, Enter opens
 * the detail, Esc closes it, a/r/n act on the selected incident. Keys typed into fields
 * or while a dialog is open are left alone (see shortcuts.ts).
 */
import { useEffect, useRef } from 'react';
import { notifications } from '@mantine/notifications';
import { useUiStore } from '../../state/ui-store';
import { moveSelection, selectIndex } from '../../state/selection';
import type { QueueView } from '../incidents/use-queue';
import { shortcutFor, type ShortcutTarget } from './shortcuts';
import { useIncidentActions } from './use-incident-actions';

export function useQueueShortcuts(queue: QueueView): void {
  const actions = useIncidentActions();
  // The listener is attached once; it reads the latest queue and actions from here.
  const latest = useRef({ queue, actions });
  latest.current = { queue, actions };

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const ui = useUiStore.getState();
      const command = shortcutFor(
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          target: event.target instanceof Element ? (event.target as ShortcutTarget & Element) : null,
        },
        { dialogOpen: ui.dialog !== null || document.querySelector('[aria-modal="true"]') !== null },
      );
      if (!command) return;
      const { queue, actions } = latest.current;
      const selected = queue.selected;
      switch (command) {
        case 'next':
        case 'previous':
          ui.select(moveSelection(queue.ids, queue.selection, command === 'next' ? 1 : -1));
          break;
        case 'first':
        case 'last':
          ui.select(selectIndex(queue.ids, command === 'first' ? 0 : queue.ids.length - 1));
          break;
        case 'open':
          if (!selected) return;
          ui.openDetail();
          break;
        case 'close':
          if (!ui.detailOpen) return;
          ui.closeDetail();
          break;
        case 'acknowledge':
          if (!selected) return;
          if (selected.status !== 'triggered') {
            notifications.show({ message: `#${selected.number} is already acknowledged.`, autoClose: 3_000 });
          } else if (queue.activity.get(selected.id)?.pending) {
            notifications.show({ message: `#${selected.number} has an action in progress.`, autoClose: 3_000 });
          } else {
            void actions.acknowledge(selected.id);
          }
          break;
        case 'resolve':
          if (!selected) return;
          ui.openDialog({ kind: 'resolve', incidentId: selected.id });
          break;
        case 'note':
          if (!selected) return;
          ui.openDialog({ kind: 'note', incidentId: selected.id });
          break;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
