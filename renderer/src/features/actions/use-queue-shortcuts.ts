/**
 * Binds the shortcut table (shortcuts.ts) to the window: navigation moves the cursor and
 * the selection through the queue's selection API; everything else goes to the command
 * runner. Keys typed into fields, or while a dialog is open, are left alone.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useUiStore } from '../../state/ui-store';
import type { QueueView } from '../incidents/use-queue';
import { isTypingTarget, shortcutFor, type ShortcutTarget } from './shortcuts';
import { isTypingSurfaceOpen, useActionUi } from './action-store';
import { SEARCH_LABEL, useCommandRunner } from './use-command-runner';

/** Where keys belong to a widget of their own: dialogs, drawers, menus, listboxes. */
const OWN_KEYS_SELECTOR = '[aria-modal="true"], [role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]';

/** Our dialogs carry this attribute (its value names them), so a closing one can be told from an open one. */
const CONSOLE_DIALOG_ATTRIBUTE = 'data-console-dialog';

function isOpenInStore(name: string | null): boolean {
  const ui = useActionUi.getState();
  return (
    (name === 'action' && ui.dialog !== null) ||
    (name === 'palette' && ui.paletteOpen) ||
    (name === 'help' && ui.helpOpen) ||
    (name === 'oncall' && ui.onCallOpen)
  );
}

/**
 * True when a key must be left to a dialog: one of ours is open, or the key was pressed
 * inside any dialog or menu (a library's too). A key pressed inside one of our dialogs
 * that is already closing (still fading out, focus not yet back) goes to the queue, so a
 * fast typist loses nothing; except the Esc that closed it, which must not also close
 * the detail pane.
 */
export function isDialogOpen(target: EventTarget | null, key: string): boolean {
  const ui = useActionUi.getState();
  if (ui.dialog !== null || ui.paletteOpen || ui.helpOpen) return true;
  if (!(target instanceof Element)) return false;
  // The key was pressed in something its own handler has just closed (a dialog, a picker): it is spent.
  if (!target.isConnected) return true;
  const own = target.closest(`[${CONSOLE_DIALOG_ATTRIBUTE}]`);
  if (own) return key === 'Escape' || isOpenInStore(own.getAttribute(CONSOLE_DIALOG_ATTRIBUTE));
  return target.closest(OWN_KEYS_SELECTOR) !== null;
}

/** The queue grid's accessible name (QUEUE's incident-queue.tsx). */
const QUEUE_GRID_LABEL = 'Open incidents';

function isSearchToResults(event: KeyboardEvent): boolean {
  if (event.key !== 'ArrowDown' || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false;
  return event.target instanceof HTMLElement && event.target.getAttribute('aria-label') === SEARCH_LABEL;
}

/**
 * A character (or Enter) typed for the palette or a text dialog that is open but whose
 * field has no focus yet: it is kept for the field (see useTypeahead).
 */
function isEarlyTyping(event: KeyboardEvent): boolean {
  if ((event.key.length !== 1 && event.key !== 'Enter') || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (!isTypingSurfaceOpen(useActionUi.getState())) return false;
  return !isTypingTarget(event.target instanceof Element ? (event.target as ShortcutTarget & Element) : null);
}

export function useQueueShortcuts(queue: Pick<QueueView, 'visibleIds' | 'cursor'>): void {
  const runner = useCommandRunner();
  // The listener is attached once; it reads the latest queue and runner from here.
  const latest = useRef({ queue, runner });
  useLayoutEffect(() => {
    latest.current = { queue, runner };
  });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      if (isEarlyTyping(event)) {
        useActionUi.getState().appendTypeahead(event.key === 'Enter' ? '\n' : event.key);
        event.preventDefault();
        return;
      }
      if (isSearchToResults(event)) {
        // ↓ in the search box goes to the results, on the first of them.
        const { queue } = latest.current;
        document.querySelector<HTMLElement>(`[role="grid"][aria-label="${QUEUE_GRID_LABEL}"]`)?.focus();
        useUiStore.getState().setCursor(queue.visibleIds[0] ?? null, queue.visibleIds);
        event.preventDefault();
        return;
      }
      const command = shortcutFor(
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          shiftKey: event.shiftKey,
          target: event.target instanceof Element ? (event.target as ShortcutTarget & Element) : null,
        },
        { dialogOpen: isDialogOpen(event.target, event.key) },
      );
      if (!command) return;
      const { queue, runner } = latest.current;
      const ui = useUiStore.getState();
      const visibleIds = queue.visibleIds;
      switch (command) {
        case 'cursorDown':
        case 'cursorUp':
          ui.moveCursor(command === 'cursorDown' ? 1 : -1, visibleIds);
          break;
        case 'cursorFirst':
          ui.setCursor(visibleIds[0] ?? null, visibleIds);
          break;
        case 'cursorLast':
          ui.setCursor(visibleIds[visibleIds.length - 1] ?? null, visibleIds);
          break;
        case 'extendDown':
        case 'extendUp':
          ui.extendSelection(command === 'extendDown' ? 1 : -1, visibleIds);
          break;
        case 'toggleSelected': {
          const id = queue.cursor.id ?? ui.cursor.id;
          if (!id) return;
          ui.toggleSelected(id);
          break;
        }
        case 'close':
          if (!ui.detailOpen && ui.selectedIds.length === 0) return; // let Esc reach whatever else wants it
          runner.run(command);
          break;
        default:
          runner.run(command);
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
