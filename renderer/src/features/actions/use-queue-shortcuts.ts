/**
 * Binds the command registry's keys (through the keymap, features/commands/keymap.ts) to
 * the page, and runs what they mean through the command runner, with the queue's visible
 * rows for navigation. Keys typed into fields, or while a dialog is open, are left alone.
 *
 * Two listeners: the document's hears every key first and runs the commands whose keys work
 * everywhere (the palette, the help, `g c`); the window's runs the queue's commands, so the
 * areas that cover the queue can keep those keys from it (queue-keys-guard.ts).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useUiStore } from '../../state/ui-store';
import type { QueueView } from '../incidents/use-queue';
import { keyScope, type CommandDefinition } from '../commands/registry';
import { createKeymap } from '../commands/keymap';
import { isTypingTarget, type KeyPress, type ShortcutTarget } from '../commands/keys';
import { focusTarget, isFocusTarget } from '../commands/focus-targets';
import { isTypingSurfaceOpen, useActionUi } from './action-store';
import { useCommandRunner } from './use-command-runner';

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
function isDialogOpen(target: EventTarget | null, key: string): boolean {
  const ui = useActionUi.getState();
  if (ui.dialog !== null || ui.paletteOpen || ui.helpOpen) return true;
  if (!(target instanceof Element)) return false;
  // The key was pressed in something its own handler has just closed (a dialog, a picker): it is spent.
  if (!target.isConnected) return true;
  const own = target.closest(`[${CONSOLE_DIALOG_ATTRIBUTE}]`);
  if (own) return key === 'Escape' || isOpenInStore(own.getAttribute(CONSOLE_DIALOG_ATTRIBUTE));
  return target.closest(OWN_KEYS_SELECTOR) !== null;
}

function shortcutTarget(event: KeyboardEvent): (ShortcutTarget & Element) | null {
  return event.target instanceof Element ? event.target : null;
}

function isSearchToResults(event: KeyboardEvent): boolean {
  if (event.key !== 'ArrowDown' || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false;
  return isFocusTarget('search', event.target);
}

/**
 * A character (or Enter) typed for the palette or a text dialog that is open but whose
 * field has no focus yet: it is kept for the field (see useTypeahead).
 */
function isEarlyTyping(event: KeyboardEvent): boolean {
  if ((event.key.length !== 1 && event.key !== 'Enter') || event.ctrlKey || event.metaKey || event.altKey) return false;
  if (!isTypingSurfaceOpen(useActionUi.getState())) return false;
  return !isTypingTarget(shortcutTarget(event));
}

export function useQueueShortcuts(queue: Pick<QueueView, 'visibleIds' | 'cursor'>): void {
  const runner = useCommandRunner();
  // The listeners are attached once; they read the latest queue and runner from here.
  const latest = useRef({ queue, runner });
  useLayoutEffect(() => {
    latest.current = { queue, runner };
  });

  useEffect(() => {
    const keymap = createKeymap();
    /** The queue's commands the document's listener found, for the window's listener to run. */
    const forTheQueue = new WeakMap<KeyboardEvent, CommandDefinition>();

    function run(command: CommandDefinition, event: KeyboardEvent): void {
      const { queue, runner } = latest.current;
      // Through the runner: an action the incident's platform does not offer is refused there, with its reason.
      const ran = runner.runWith(command.id, { rows: queue.visibleIds, cursorId: queue.cursor.id ?? useUiStore.getState().cursor.id });
      if (ran) event.preventDefault();
    }

    function onDocumentKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      if (isEarlyTyping(event)) {
        useActionUi.getState().appendTypeahead(event.key === 'Enter' ? '\n' : event.key);
        event.preventDefault();
        return;
      }
      const press: KeyPress = {
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        shiftKey: event.shiftKey,
        target: shortcutTarget(event),
      };
      const outcome = keymap.press(press, { dialogOpen: isDialogOpen(event.target, event.key) });
      if (!outcome) return;
      if (outcome.type === 'sequence') event.preventDefault();
      else if (keyScope(outcome.command) === 'app') run(outcome.command, event);
      else forTheQueue.set(event, outcome.command);
    }

    function onWindowKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      if (isSearchToResults(event)) {
        // ↓ in the search box goes to the results, on the first of them.
        const { queue } = latest.current;
        focusTarget('queue');
        useUiStore.getState().setCursor(queue.visibleIds[0] ?? null, queue.visibleIds);
        event.preventDefault();
        return;
      }
      const command = forTheQueue.get(event);
      if (command) run(command, event);
    }

    document.addEventListener('keydown', onDocumentKeyDown);
    window.addEventListener('keydown', onWindowKeyDown);
    return () => {
      document.removeEventListener('keydown', onDocumentKeyDown);
      window.removeEventListener('keydown', onWindowKeyDown);
    };
  }, []);
}
