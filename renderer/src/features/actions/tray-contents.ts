/**
 * What the action tray shows, so that it stays a few lines tall even when automations
 * send dozens of actions at once: failures first (each needs a decision), then what is
 * being sent and what just landed, each list capped with a count of the rest. "Done" is
 * shown only for actions this window saw pending, for a few seconds; the automations'
 * actions only when they fail.
 */
import type { ActionRecord } from '../../../../shared/domain/action';
import { DONE_VISIBLE_MS, isAutomation } from './incident-activity';

export const TRAY_LIMITS = { failed: 5, pending: 3, done: 3 } as const;

interface TrayList {
  shown: ActionRecord[];
  /** How many more there are beyond those shown. */
  more: number;
}

export interface TrayContents {
  failed: TrayList;
  pending: TrayList;
  done: TrayList;
}

const newestFirst = (a: ActionRecord, b: ActionRecord) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

function cap(actions: ActionRecord[], limit: number): TrayList {
  const sorted = [...actions].sort(newestFirst);
  return { shown: sorted.slice(0, limit), more: Math.max(0, sorted.length - limit) };
}

export function trayContents(actions: readonly ActionRecord[], nowMs: number, seenPending: ReadonlySet<string>): TrayContents {
  const failed: ActionRecord[] = [];
  const pending: ActionRecord[] = [];
  const done: ActionRecord[] = [];
  for (const action of actions) {
    // What the automations do on their own shows only when it fails.
    if (isAutomation(action.request.kind) && action.state !== 'failed') continue;
    // Replaced before it was sent: the later change is the one to follow.
    if (action.state === 'superseded') continue;
    if (action.state === 'pending') pending.push(action);
    else if (action.dismissed) continue;
    else if (action.state === 'failed') failed.push(action);
    else if (seenPending.has(action.id) && nowMs - Date.parse(action.updatedAt) < DONE_VISIBLE_MS) done.push(action);
  }
  return { failed: cap(failed, TRAY_LIMITS.failed), pending: cap(pending, TRAY_LIMITS.pending), done: cap(done, TRAY_LIMITS.done) };
}

export function isTrayEmpty(contents: TrayContents): boolean {
  return [contents.failed, contents.pending, contents.done].every((list) => list.shown.length === 0);
}
