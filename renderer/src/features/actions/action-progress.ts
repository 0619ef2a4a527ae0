/**
 * Where an action stands, in words, from its outbox record alone (state, attempts,
 * lastError, nextAttemptAt): "Acknowledging…", or, when the paging platform took it but
 * the ticketing system did not (its error names ServiceNow or Jira Service Management),
 * "Acknowledged in PagerDuty · ServiceNow pending" with the reason in full and when the
 * next attempt is due.
 *
 * The engine runs the paging half first and the ticket half after it, each recorded, so
 * an error that names the ticketing system means the paging half has landed.
 */
import type { ActionKind, ActionRecord } from '../../../../shared/domain/action';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import { formatRelative } from '../incidents/format-time';
import { doneLabel, pendingLabel } from './incident-activity';
import { TICKETING_SYSTEMS, ticketingSystemNamed } from './ticketing-systems';

export { ticketingSystemNamed };

/** Kinds with no paging half: the automations' ticket steps. */
const TICKET_ONLY: ReadonlySet<ActionKind> = new Set<ActionKind>(['openTicket', 'resolveTicket']);

/** The configured ticketing system's connection (the engine lists it when one is configured), or null. */
export function ticketingConnection(connections: readonly ConnectionStatus[]): ConnectionStatus | null {
  return connections.find((connection) => TICKETING_SYSTEMS.has(connection.provider)) ?? null;
}

/** The name to show for the paging platform of an incident, e.g. "PagerDuty". */
export function pagingSystemName(provider: string, connections: readonly ConnectionStatus[]): string {
  return connections.find((connection) => connection.provider === provider)?.label ?? (provider === 'pagerduty' ? 'PagerDuty' : provider);
}

export interface ActionProgress {
  /** "Acknowledging…", or "Acknowledged in PagerDuty · ServiceNow pending". */
  headline: string;
  /** Why the last attempt failed, in full, or null when nothing failed yet. */
  reason: string | null;
  /** When it is tried again, e.g. "retrying in 12s (3 attempts so far)"; null before any failure. */
  retry: string | null;
  /** The ticketing system whose half is still to land, when the paging half did. */
  ticketingPending: string | null;
  /** True while the paging platform has not taken it yet (the incident is busy). */
  pagingPending: boolean;
}

export interface ProgressContext {
  /** The paging platform's name, e.g. "PagerDuty". */
  pagingName: string;
  connections?: readonly ConnectionStatus[];
  nowMs: number;
}

/** What a pending action's record says about it. */
export function pendingProgress(record: ActionRecord, context: ProgressContext): ActionProgress {
  const kind = record.request.kind;
  const reason = record.lastError;
  const retry = reason === null ? null : retryPhrase(record, context.nowMs);
  const system = ticketingSystemNamed(reason, context.connections);
  if (system === null || TICKET_ONLY.has(kind)) {
    return {
      headline: pendingLabel(kind),
      reason,
      retry,
      ticketingPending: TICKET_ONLY.has(kind) ? system : null,
      pagingPending: !TICKET_ONLY.has(kind),
    };
  }
  return {
    headline: `${doneLabel(kind)} in ${context.pagingName} · ${system} pending`,
    reason,
    retry,
    ticketingPending: system,
    pagingPending: false,
  };
}

/** "retrying in 12s (3 attempts so far)", "retrying now (1 attempt so far)". */
export function retryPhrase(record: Pick<ActionRecord, 'attempts' | 'nextAttemptAt'>, nowMs: number): string {
  const when =
    record.nextAttemptAt === null || Date.parse(record.nextAttemptAt) <= nowMs
      ? 'retrying now'
      : `retrying ${formatRelative(record.nextAttemptAt, nowMs)}`;
  const attempts = record.attempts > 0 ? ` (${record.attempts} ${record.attempts === 1 ? 'attempt' : 'attempts'} so far)` : '';
  return `${when}${attempts}`;
}

/** The title of a failed action: someone else got there first, or which half landed when the ticketing system refused it. */
export function failedTitle(record: ActionRecord, label: string, context: Omit<ProgressContext, 'nowMs'>): string {
  const kind = record.request.kind;
  if (record.refused) return `${label} refused`;
  const system = ticketingSystemNamed(record.lastError, context.connections);
  if (system === null) return `${label} failed`;
  if (TICKET_ONLY.has(kind)) return `${label} failed in ${system}`;
  return `${doneLabel(kind)} in ${context.pagingName} · ${system} failed`;
}
