/**
 * The automations an automation host runs, so the paging platform and the ticketing
 * system follow each other when nobody is at a desk:
 * - alert fired -> ticket opened; alert resolved -> ticket resolved;
 * - a work note, a reassignment or a priority change made in the ticketing system ->
 *   the same in the paging platform.
 * Each becomes an outbox action with a dedupe key, so it is recorded once per host
 * however often it is seen, survives restarts, and shows in the UI like any action.
 * Copies only happen when the two systems disagree, and the console's own notes carry a
 * marker the ticket sync leaves out, so nothing echoes back and forth.
 */
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import type { Incident } from '../../../shared/domain/incident';
import type { IncidentDelta } from '../incident-store';
import type { Outbox } from '../outbox';
import type { Clock } from '../ports';
import { CONSOLE_NOTE_MARKER, type TicketChange } from '../ports/ticketing';
import { copiedNoteText } from '../../../shared/domain/paging-notes';
import type { TicketMapping } from './ticket-mapping';
import { errorText } from '../../../shared/error-text';

export interface AutomationOptions {
  outbox: Outbox;
  clock: Clock;
  mapping: TicketMapping;
  /** Incidents created longer ago than this get no ticket when first seen (no mass backfill). */
  backfillMs: number;
  /** The incident as the console knows it now. */
  incident(incidentId: string): Incident | undefined;
  escalationPolicyOfService(serviceId: string): Promise<string>;
  priorityIdByName(name: string): Promise<string | null>;
  /** Called with each action the automations record. */
  onRecorded(record: ActionRecord): void;
  log?: (message: string) => void;
}

/** The paging priority (P1..P5) a ticket's priority stands for: ServiceNow "1 - Critical", Jira "Highest". */
function pagingPriorityFromTicket(label: string | null): string | null {
  if (!label) return null;
  const numbered = /^\s*([1-5])\b/.exec(label);
  if (numbered) return `P${numbered[1]}`;
  const named: Record<string, string> = { highest: 'P1', high: 'P2', medium: 'P3', low: 'P4', lowest: 'P5' };
  return named[label.trim().toLowerCase()] ?? null;
}

export class Automations {
  private readonly seen = new Set<string>();

  constructor(private readonly options: AutomationOptions) {}

  /** New triggered incidents get a ticket. */
  onIncidentsChanged(delta: IncidentDelta): void {
    const cutoff = this.options.clock.now() - this.options.backfillMs;
    for (const incident of delta.upserted) {
      if (this.seen.has(incident.id)) continue;
      this.seen.add(incident.id);
      if (Date.parse(incident.createdAt) < cutoff) continue;
      this.record({ kind: 'openTicket', incidentIds: [incident.id] }, `openTicket:${incident.id}`);
    }
  }

  /** Resolved incidents get their ticket resolved. */
  onResolved(incidents: readonly Incident[]): void {
    for (const incident of incidents) {
      this.record(
        { kind: 'resolveTicket', incidentIds: [incident.id], closeNotes: `PagerDuty incident #${incident.number} was resolved.` },
        `resolveTicket:${incident.id}`,
      );
    }
  }

  /** Changes people made in the ticketing system flow back to the paging platform. */
  async onTicketChanges(changes: readonly TicketChange[]): Promise<void> {
    for (const change of changes) {
      try {
        await this.copyBack(change);
      } catch (error) {
        this.options.log?.(`Could not copy ${change.kind} from ${change.ticket.number}: ${errorText(error)}`);
      }
    }
  }

  private async copyBack(change: TicketChange): Promise<void> {
    const incidentId = change.ticket.pagingIncidentId;
    if (!incidentId) return;
    const incident = this.options.incident(incidentId);
    switch (change.kind) {
      case 'note': {
        if (change.text.includes(CONSOLE_NOTE_MARKER)) return;
        const author = change.author?.name ?? 'someone';
        const content = copiedNoteText(change.text, author, change.ticket.number);
        this.record(
          { kind: 'noteFromTicket', incidentIds: [incidentId], ticketNumber: change.ticket.number, content },
          `ticketNote:${change.ticket.id}:${change.noteId}`,
        );
        return;
      }
      case 'reassigned': {
        if (!incident) return;
        const serviceId = this.options.mapping.serviceFor({
          businessServiceId: change.ticket.businessService?.id ?? null,
          assignmentGroupId: change.ticket.assignmentGroup?.id ?? null,
        });
        if (!serviceId) return;
        const escalationPolicyId = await this.options.escalationPolicyOfService(serviceId);
        if (incident.escalationPolicy?.id === escalationPolicyId) return;
        this.record(
          { kind: 'reassign', incidentIds: [incidentId], to: { type: 'escalationPolicy', escalationPolicyId } },
          `ticketReassign:${change.ticket.id}:${change.at}`,
        );
        return;
      }
      case 'priority': {
        if (!incident) return;
        const name = pagingPriorityFromTicket(change.ticket.priority);
        if (!name || incident.priority?.name === name) return;
        const priorityId = await this.options.priorityIdByName(name);
        if (!priorityId) return;
        this.record({ kind: 'setPriority', incidentIds: [incidentId], priorityId }, `ticketPriority:${change.ticket.id}:${change.at}`);
        return;
      }
      case 'resolved':
        // A ticket resolved by hand does not resolve the page: the alert decides that.
        return;
    }
  }

  private record(request: ActionRequest, dedupeKey: string): void {
    const record = this.options.outbox.enqueueOnce(request, dedupeKey);
    if (record) this.options.onRecorded(record);
  }
}
