/**
 * The ticketing half of each action: what an incident manager expects to see in the
 * ticket when the on-call developer acts in the console (acknowledge -> In Progress and
 * assigned to me; note -> work note; reassign to a service -> its assignment group,
 * business service and configuration item; declare major -> P1 and major incident;
 * resolve -> Resolved with close notes), and the automations' ticket steps.
 *
 * Each incident's ticket update is one recorded step, so when the ticketing system fails
 * after the paging platform accepted, only the ticket half is retried.
 */
import type { ActionRequest } from '../../../shared/domain/action';
import type { IncidentDetail } from '../../../shared/domain/incident';
import { isTicketOpen, type Ticket } from '../../../shared/domain/ticket';
import { isBookkeepingNote, isCopiedFromTicket } from '../../../shared/domain/paging-notes';
import { CONSOLE_NOTE_MARKER, type NewTicket, type TicketingProvider } from '../ports/ticketing';
import type { TicketMapping } from './ticket-mapping';
import type { ClaimMemory, TicketOpener } from './ticket-opener';

export interface TicketMirrorContext {
  ticketing: TicketingProvider;
  opener: TicketOpener;
  mapping: TicketMapping;
  /** The ticketing system's id for the user the console acts as. */
  myTicketingUserId(): Promise<string>;
  /** A service's name, for messages. */
  serviceName(serviceId: string): Promise<string>;
  /** Tells the engine a ticket changed, so the queue shows it at once. */
  onTicket(ticket: Ticket): void;
}

type Once = (step: string, run: () => Promise<void>) => Promise<void>;

/** Kinds that change the ticket. Others (escalate, snooze, urgency, ...) stay in the paging platform. */
export function touchesTicket(request: ActionRequest): boolean {
  switch (request.kind) {
    case 'acknowledge':
    case 'addNote':
    case 'declareMajor':
    case 'resolve':
    case 'openTicket':
    case 'resolveTicket':
      return true;
    case 'reassign':
      return request.to.type === 'service';
    default:
      return false;
  }
}

const DEFAULT_CLOSE_NOTES = 'Resolved in PagerDuty from the On-Call Console.';

/**
 * The ticket half of the action `actionId`; its notes carry an id made from it, so each
 * note is written once and every note is written. `claimsOf` keeps the ticket claims it
 * makes (ticket-claim.ts) in the action's recorded steps.
 */
export async function mirrorToTicket(
  request: ActionRequest,
  actionId: string,
  once: Once,
  context: TicketMirrorContext,
  claimsOf?: (incidentId: string) => ClaimMemory,
): Promise<void> {
  if (!touchesTicket(request)) return;
  const { ticketing, opener, onTicket } = context;
  const ensure = async (incidentId: string) => {
    const ticket = await opener.ensureTicket(incidentId, claimsOf?.(incidentId));
    onTicket(ticket);
    return ticket;
  };

  for (const incidentId of request.incidentIds) {
    await once(`ticket:${incidentId}`, async () => {
      switch (request.kind) {
        case 'acknowledge': {
          const ticket = await ensure(incidentId);
          // A late acknowledge (its ticket half retried for a while) must not reopen a ticket resolved meanwhile.
          if (!isTicketOpen(ticket)) return;
          if (ticket.stage === 'new' || ticket.stage === 'on-hold' || ticket.assignedTo === null) {
            onTicket(await ticketing.acknowledge(ticket.id, await context.myTicketingUserId()));
          }
          return;
        }
        case 'addNote':
          await ticketing.addWorkNote((await ensure(incidentId)).id, request.content, noteIdOf(actionId));
          return;
        case 'reassign': {
          if (request.to.type !== 'service') return;
          const serviceId = request.to.serviceId;
          const routing = context.mapping.requireRouting(serviceId, await context.serviceName(serviceId), ticketing.label);
          onTicket(await ticketing.reassign((await ensure(incidentId)).id, routing));
          return;
        }
        case 'declareMajor':
          onTicket(await ticketing.declareMajor((await ensure(incidentId)).id, request.reason));
          return;
        case 'openTicket': {
          const ticket = await ensure(incidentId);
          if (!isTicketOpen(ticket)) return;
          // The alert may have resolved before the ticket existed (while another host held the
          // claim, say): its resolveTicket then found nothing to resolve, so resolve it here.
          const detail = await opener.pagingIncident(incidentId);
          if (detail.incident.status === 'resolved') {
            onTicket(
              await ticketing.resolve(ticket.id, resolutionNoteOf(detail) ?? `PagerDuty incident #${detail.incident.number} was resolved.`),
            );
          }
          return;
        }
        case 'resolve':
        case 'resolveTicket': {
          const ticket = await opener.find(incidentId);
          if (!ticket || !isTicketOpen(ticket)) return;
          // An automation's resolve takes the resolver's own note when there is one: it may run
          // before the ticket half of the resolve that carries it (on this host or another).
          const notes =
            request.kind === 'resolve' ? request.note : (resolutionNoteOf(await opener.pagingIncident(incidentId)) ?? request.closeNotes);
          onTicket(await ticketing.resolve(ticket.id, notes?.trim() || DEFAULT_CLOSE_NOTES));
          return;
        }
        default:
          return;
      }
    });
  }
}

/** A note's id in the ticket: the start of its action's id (8 hex digits; unique among a ticket's notes in practice). */
function noteIdOf(actionId: string): string {
  return actionId.replace(/-/g, '').slice(0, 8);
}

/** How long before resolving a note by the resolver still counts as the resolution note. */
const RESOLUTION_NOTE_WINDOW_MS = 10 * 60_000;

/**
 * The note the person who resolved the paging incident wrote as they resolved it (the
 * console's resolve and PagerDuty's own resolve dialog add it just before resolving), or
 * null (resolved by its alert, or without a note).
 */
function resolutionNoteOf(detail: IncidentDetail): string | null {
  const resolve = detail.logEntries
    .filter((entry) => entry.type === 'resolve' && entry.agent !== null)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (!resolve) return null;
  const resolvedAt = Date.parse(resolve.createdAt);
  const note = detail.notes
    .filter(
      (candidate) =>
        candidate.author?.id === resolve.agent?.id &&
        !isBookkeepingNote(candidate.content) &&
        !isCopiedFromTicket(candidate.content) &&
        !candidate.content.includes(CONSOLE_NOTE_MARKER),
    )
    .filter((candidate) => {
      const at = Date.parse(candidate.createdAt);
      return at <= resolvedAt && resolvedAt - at <= RESOLUTION_NOTE_WINDOW_MS;
    })
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  return note?.content.trim() || null;
}

/** What a new ticket says: the incident, its alerts' details and dashboard links, routed by the mapping. */
export function describeNewTicket(detail: IncidentDetail, mapping: TicketMapping, systemLabel: string): NewTicket {
  const { incident, alerts } = detail;
  const routing = mapping.requireRouting(incident.service.id, incident.service.name, systemLabel);
  const lines = [
    `PagerDuty incident #${incident.number}: ${incident.title}`,
    `Service: ${incident.service.name}`,
    `Urgency: ${incident.urgency}${incident.priority ? `, priority ${incident.priority.name}` : ''}`,
    incident.tenant ? `Tenant: ${incident.tenant}` : null,
    `PagerDuty: ${incident.htmlUrl}`,
  ];
  for (const alert of alerts.slice(0, 5)) {
    lines.push('', `Alert: ${alert.summary} (${alert.severity ?? 'no severity'})`);
    for (const [key, value] of Object.entries(alert.details).slice(0, 20)) {
      lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
    for (const link of alert.links) lines.push(`  ${link.text}: ${link.href}`);
  }
  return {
    ...routing,
    pagingIncidentId: incident.id,
    title: incident.title,
    description: lines.filter((line): line is string => line !== null).join('\n'),
    urgency: incident.urgency,
    priority: incident.priority?.name ?? null,
  };
}
