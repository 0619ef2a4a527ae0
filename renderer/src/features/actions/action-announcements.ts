/**
 * What a screen reader hears about actions: one sentence each time an action is sent,
 * lands or fails, worked out from the action records before and after a change. What the
 * automations do on their own is announced only when it fails; a burst is summed up.
 */
import { describeAction, type ActionRecord, type ActionState } from '../../../../shared/domain/action';
import { isAutomation } from './incident-activity';

export type ActionStates = ReadonlyMap<string, ActionState>;

/** More sentences than this at once are summed up, so a burst does not drown the reader. */
const MAX_MESSAGES = 3;

/**
 * Sentences for the changes from `previous` to `actions`, and the states to compare with
 * next time. With no previous states (the first snapshot) nothing is announced.
 */
export function announcementsFor(
  previous: ActionStates | null,
  actions: readonly ActionRecord[],
): { messages: string[]; states: ActionStates } {
  const states = new Map<string, ActionState>();
  const messages: string[] = [];
  for (const action of actions) {
    states.set(action.id, action.state);
    if (!previous || action.dismissed) continue;
    const before = previous.get(action.id);
    if (before === action.state) continue;
    if (isAutomation(action.request.kind) && action.state !== 'failed') continue;
    const label = describeAction(action.request);
    if (action.state === 'pending') messages.push(before === 'failed' ? `${label}: retrying` : `${label}: sending`);
    else if (action.state === 'done') messages.push(`${label}: done`);
    else if (action.state === 'superseded') messages.push(`${label}: replaced by a later change, not sent`);
    else messages.push(`${label} failed: ${action.lastError ?? 'no reason given'}`);
  }
  if (messages.length > MAX_MESSAGES) {
    return { messages: [...messages.slice(0, MAX_MESSAGES - 1), `and ${messages.length - MAX_MESSAGES + 1} more action updates`], states };
  }
  return { messages, states };
}
