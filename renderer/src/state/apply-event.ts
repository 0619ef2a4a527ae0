/**
 * Folds pushed events into the snapshot the UI draws from, as pure functions.
 *
 * incidentsChanged events are numbered: one that is not the snapshot's seq + 1 means an
 * event was missed, and the caller must refetch the snapshot (gap). Events already folded
 * into a newer snapshot are ignored. The cache holds the open queue only: resolved
 * incidents leave it. Connection and action events replace the record they name.
 *
 * A delta costs what it carries, not what the queue holds: each incidents array's id ->
 * position index is remembered (and handed on when ids stay in place), so changes are
 * written into a copy at their positions; only removals rebuild the array.
 */
import type { ConsoleEvent, EventPayload, Snapshot } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import { isOpen, type Incident } from '../../../shared/domain/incident';
import type { Ticket } from '../../../shared/domain/ticket';

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
    case 'workspaceChanged':
      // The snapshot sync refetches everything; until then, name the new workspace.
      return { snapshot: { ...snapshot, workspace: event.payload.workspace }, gap: false };
    case 'majorIncidentDeclared':
    case 'notify':
    case 'attention':
    case 'notificationStateChanged':
    case 'focusIncident':
      // Notifications and requests to the window, not queue state: the incident's own
      // changes arrive as incidentsChanged.
      return { snapshot, gap: false };
    case 'specialistRequestChanged':
    case 'changesChanged':
    case 'deliveryChanged':
      // Specialist requests, changes and deliveries live in their own query caches (features/requests, changes, delivery).
      return { snapshot, gap: false };
  }
}

/**
 * Puts the ticket in place: it replaces the ticket held for the same paging incident (one
 * per incident), or the same ticket when it is linked to none; otherwise it is added.
 */
export function applyTicketChanged(snapshot: Snapshot, ticket: EventPayload<'ticketChanged'>): Snapshot {
  const sameSlot =
    ticket.pagingIncidentId === null
      ? (known: Ticket) => known.pagingIncidentId === null && known.id === ticket.id
      : (known: Ticket) => known.pagingIncidentId === ticket.pagingIncidentId;
  const at = snapshot.tickets.findIndex(sameSlot);
  if (at === -1) return { ...snapshot, tickets: [...snapshot.tickets, ticket] };
  const tickets = snapshot.tickets.slice();
  tickets[at] = ticket;
  return { ...snapshot, tickets };
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

const positionIndexes = new WeakMap<readonly Incident[], ReadonlyMap<string, number>>();

/** Incident id -> position in `incidents`, built once per array. */
function positionsOf(incidents: readonly Incident[]): ReadonlyMap<string, number> {
  let index = positionIndexes.get(incidents);
  if (index === undefined) {
    const built = new Map<string, number>();
    incidents.forEach((incident, position) => built.set(incident.id, position));
    index = built;
    positionIndexes.set(incidents, index);
  }
  return index;
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
  const positions = positionsOf(snapshot.incidents);
  const removes = [...leaving].some((id) => positions.has(id));
  const incidents = removes ? withoutLeaving(snapshot.incidents, leaving, changes) : withChanges(snapshot.incidents, positions, changes);
  return { snapshot: { ...snapshot, seq: delta.seq, incidents }, gap: false };
}

/** Nothing leaves: changed incidents replace theirs in place, new ones go at the end. */
function withChanges(
  current: readonly Incident[],
  positions: ReadonlyMap<string, number>,
  changes: ReadonlyMap<string, Incident>,
): Incident[] {
  const incidents = current.slice();
  let added = false;
  for (const [id, incident] of changes) {
    const position = positions.get(id);
    if (position === undefined) {
      incidents.push(incident);
      added = true;
    } else {
      incidents[position] = incident;
    }
  }
  // Same ids at the same positions: the index still holds.
  if (!added) positionIndexes.set(incidents, positions);
  return incidents;
}

function withoutLeaving(current: readonly Incident[], leaving: ReadonlySet<string>, changes: Map<string, Incident>): Incident[] {
  const incidents: Incident[] = [];
  const pending = new Map(changes);
  for (const incident of current) {
    if (leaving.has(incident.id)) continue;
    const changed = pending.get(incident.id);
    if (changed) {
      incidents.push(changed);
      pending.delete(incident.id);
    } else {
      incidents.push(incident);
    }
  }
  incidents.push(...pending.values());
  return incidents;
}

/**
 * A freshly fetched snapshot that reuses the records of `previous` that did not change
 * (same id, same content), so memoised rows and per-incident caches survive a refetch.
 * Returns `previous` itself when nothing changed at all.
 */
export function shareUnchanged(previous: Snapshot | undefined, next: Snapshot): Snapshot {
  if (!previous) return next;
  const incidents = shareById(previous.incidents, next.incidents);
  const tickets = shareById(previous.tickets, next.tickets);
  const shared = { ...next, incidents, tickets };
  const same =
    incidents === previous.incidents &&
    tickets === previous.tickets &&
    shared.seq === previous.seq &&
    shared.lastSyncAt === previous.lastSyncAt &&
    jsonEqual(shared.workspace, previous.workspace) &&
    jsonEqual(shared.connections, previous.connections) &&
    jsonEqual(shared.actions, previous.actions);
  return same ? previous : shared;
}

/** `next` with the equal records of `previous` put in; `previous` itself when all match. */
function shareById<T extends { id: string }>(previous: readonly T[], next: readonly T[]): T[] {
  const byId = new Map(previous.map((record) => [record.id, record]));
  let allShared = previous.length === next.length;
  const result = next.map((record, position) => {
    const held = byId.get(record.id);
    if (held !== undefined && jsonEqual(held, record)) {
      if (previous[position] !== held) allShared = false;
      return held;
    }
    allShared = false;
    return record;
  });
  return allShared ? (previous as T[]) : result;
}

/** Deep equality of JSON-shaped values (what the contract carries). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key) || !jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

export function applyConnectionChanged(snapshot: Snapshot, status: EventPayload<'connectionChanged'>): Snapshot {
  const index = snapshot.connections.findIndex((connection) => connection.provider === status.provider);
  const connections = index === -1 ? [...snapshot.connections, status] : snapshot.connections.map((c, i) => (i === index ? status : c));
  const lastSyncAt =
    status.lastSuccessAt && isLater(status.lastSuccessAt, snapshot.lastSyncAt) ? status.lastSuccessAt : snapshot.lastSyncAt;
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
