/**
 * Folds pushed events into the snapshot the UI draws from, as pure functions.
 *
 * incidentsChanged events are numbered: one that is not the snapshot's seq + 1 means an
 * event was missed, and the caller must refetch the snapshot (gap). Events already folded
 * into a newer snapshot are ignored. The cache holds the open queue only: resolved
 * incidents leave it. Connection and action events replace the record they name.
 */
import type { ConsoleEvent, EventPayload, Snapshot } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import { isOpen, type Incident } from '../../../shared/domain/incident';

export interface ApplyResult {
  snapshot: Snapshot;
  /** True when an incidentsChanged event skipped a number: refetch the snapshot. */
  gap: boolean;
}

export function applyEvent(snapshot: Snapshot, event: ConsoleEvent): ApplyResult {
  switch (event.name) {
    case 'incidentsChanged':
      return applyIncidentsChanged(snapshot, event.payload);
    case 'connectionChanged':
      return { snapshot: applyConnectionChanged(snapshot, event.payload), gap: false };
    case 'actionChanged':
      return { snapshot: applyActionChanged(snapshot, event.payload), gap: false };
    case 'ticketChanged':
      return { snapshot: applyTicketChanged(snapshot, event.payload), gap: false };
    case 'majorIncidentDeclared':
      // A notification, not state: the incident's own changes arrive as incidentsChanged.
      return { snapshot, gap: false };
  }
}

/** Puts the incident's linked ticket in place (one per paging incident). */
export function applyTicketChanged(snapshot: Snapshot, ticket: EventPayload<'ticketChanged'>): Snapshot {
  const others = snapshot.tickets.filter((known) => known.pagingIncidentId !== ticket.pagingIncidentId);
  return { ...snapshot, tickets: [...others, ticket] };
}

/** Folds events in order; stops at the first gap (the rest cannot be applied safely). */
export function applyEvents(snapshot: Snapshot, events: readonly ConsoleEvent[]): ApplyResult {
  let current = snapshot;
  for (const event of events) {
    const result = applyEvent(current, event);
    if (result.gap) return { snapshot: current, gap: true };
    current = result.snapshot;
  }
  return { snapshot: current, gap: false };
}

export function applyIncidentsChanged(snapshot: Snapshot, delta: EventPayload<'incidentsChanged'>): ApplyResult {
  if (delta.seq <= snapshot.seq) return { snapshot, gap: false };
  if (delta.seq !== snapshot.seq + 1) return { snapshot, gap: true };
  const leaving = new Set(delta.removedIds);
  const changes = new Map<string, Incident>();
  for (const incident of delta.upserted) {
    if (isOpen(incident)) {
      changes.set(incident.id, incident);
      leaving.delete(incident.id);
    } else {
      changes.delete(incident.id);
      leaving.add(incident.id);
    }
  }
  const incidents: Incident[] = [];
  for (const incident of snapshot.incidents) {
    if (leaving.has(incident.id)) continue;
    const changed = changes.get(incident.id);
    if (changed) {
      incidents.push(changed);
      changes.delete(incident.id);
    } else {
      incidents.push(incident);
    }
  }
  incidents.push(...changes.values());
  return { snapshot: { ...snapshot, seq: delta.seq, incidents }, gap: false };
}

export function applyConnectionChanged(snapshot: Snapshot, status: EventPayload<'connectionChanged'>): Snapshot {
  const index = snapshot.connections.findIndex((connection) => connection.provider === status.provider);
  const connections =
    index === -1 ? [...snapshot.connections, status] : snapshot.connections.map((c, i) => (i === index ? status : c));
  const lastSyncAt = status.lastSuccessAt && isLater(status.lastSuccessAt, snapshot.lastSyncAt) ? status.lastSuccessAt : snapshot.lastSyncAt;
  return { ...snapshot, connections, lastSyncAt };
}

/**
 * Replaces (or adds) the action record; an older update than the one held is ignored.
 * Dismissed actions stay in the snapshot with `dismissed: true`; the UI hides them.
 */
export function applyActionChanged(snapshot: Snapshot, record: ActionRecord): Snapshot {
  const index = snapshot.actions.findIndex((action) => action.id === record.id);
  if (index === -1) return { ...snapshot, actions: [...snapshot.actions, record] };
  const held = snapshot.actions[index]!;
  if (isLater(held.updatedAt, record.updatedAt)) return snapshot;
  return { ...snapshot, actions: snapshot.actions.map((action, i) => (i === index ? record : action)) };
}

function isLater(a: string, b: string | null): boolean {
  if (b === null) return true;
  return Date.parse(a) > Date.parse(b);
}
