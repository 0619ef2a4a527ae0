/**
 * What the detail pane says about an incident's ticket when it has none yet, and why:
 * the automation is opening it (and retrying, with the reason), opening it failed, an
 * action on its way opens it, the ticketing system cannot be reached, or nothing has
 * asked for one yet. Worked out from the snapshot's actions and connections.
 */
import type { ActionRecord, ActionRequest } from '../../../../shared/domain/action';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { describeAction } from '../../../../shared/domain/action';
import { retryPhrase } from '../actions/action-progress';

export type TicketAbsence =
  | { kind: 'opening'; system: string; reason: string | null; retry: string | null }
  | { kind: 'openFailed'; system: string; reason: string }
  | { kind: 'withAction'; system: string; action: string }
  | { kind: 'unreachable'; system: string; message: string | null }
  | { kind: 'notYet'; system: string };

/** True when the engine opens the ticket (if missing) as it records this action. */
export function opensTicket(request: ActionRequest): boolean {
  switch (request.kind) {
    case 'acknowledge':
    case 'addNote':
    case 'declareMajor':
    case 'openTicket':
      return true;
    case 'reassign':
      return request.to.type === 'service';
    default:
      return false;
  }
}

const byCreated = (a: ActionRecord, b: ActionRecord) => Date.parse(b.createdAt) - Date.parse(a.createdAt);

export function ticketAbsence(
  incidentId: string,
  actions: readonly ActionRecord[],
  ticketing: ConnectionStatus,
  nowMs: number,
): TicketAbsence {
  const system = ticketing.label;
  const mine = actions.filter((action) => action.request.incidentIds.includes(incidentId) && opensTicket(action.request));
  const pendingOpen = mine.filter((action) => action.state === 'pending' && action.request.kind === 'openTicket').sort(byCreated)[0];
  if (pendingOpen) {
    return {
      kind: 'opening',
      system,
      reason: pendingOpen.lastError,
      retry: pendingOpen.lastError === null ? null : retryPhrase(pendingOpen, nowMs),
    };
  }
  const pendingOther = mine.filter((action) => action.state === 'pending').sort(byCreated)[0];
  if (pendingOther) return { kind: 'withAction', system, action: describeAction(pendingOther.request) };
  const failedOpen = mine
    .filter((action) => action.state === 'failed' && !action.dismissed && action.request.kind === 'openTicket')
    .sort(byCreated)[0];
  if (failedOpen) return { kind: 'openFailed', system, reason: failedOpen.lastError ?? 'no reason given' };
  if (ticketing.state === 'offline' || ticketing.state === 'degraded') return { kind: 'unreachable', system, message: ticketing.message };
  return { kind: 'notYet', system };
}

/** The sentence the pane shows under "No ticket yet". */
export function ticketAbsenceText(absence: TicketAbsence): string {
  switch (absence.kind) {
    case 'opening':
      return absence.reason
        ? `The automation is opening it in ${absence.system}; the last attempt failed: ${absence.reason} (${absence.retry ?? 'retrying'}).`
        : `The automation is opening it in ${absence.system}.`;
    case 'openFailed':
      return `Opening it in ${absence.system} failed: ${absence.reason}`;
    case 'withAction':
      return `It is opened in ${absence.system} as “${absence.action}” is recorded.`;
    case 'unreachable':
      return `${absence.system} cannot be reached right now${absence.message ? `: ${absence.message}` : ''}. The ticket is opened once it answers.`;
    case 'notYet':
      return `The automations open one in ${absence.system} when an alert fires; acknowledging, adding a note, reassigning to a service or declaring a major incident opens one too.`;
  }
}
