/**
 * What the Changes area shows, from the engine's changes and the queue's incidents: the
 * gate's decision on each change in flight (the shared rule the command line's gate uses,
 * with the major incidents open on its service), changes per service, in flight or done,
 * the approvals waiting for me, and an incident's "what changed" (its service's changes
 * in the 24 hours before it opened, and since).
 */
import type { ChangeRequest, ChangeState } from '../../../../shared/domain/change';
import type { Incident } from '../../../../shared/domain/incident';
import { gateDecision, type GateDecision } from '../../../../shared/rules/change-gate';
import { waitsFor, type ChangePerson } from '../../../../shared/rules/change-approvals';

const lower = (text: string) => text.trim().toLowerCase();

/** Major incidents open on a service (by name, as the gate matches): they freeze its standard and normal changes. */
export function freezingIncidents(incidents: readonly Incident[], serviceName: string): { id: string; number: number; title: string }[] {
  return incidents
    .filter(
      (incident) => incident.status !== 'resolved' && incident.declaredMajor != null && lower(incident.service.name) === lower(serviceName),
    )
    .map((incident) => ({ id: incident.id, number: incident.number, title: incident.title }));
}

/** The gate's answer for deploying this change now; null for a change that has ended. */
export function gateFor(
  change: ChangeRequest,
  changes: readonly ChangeRequest[],
  incidents: readonly Incident[],
  now: number,
): GateDecision | null {
  if (isDone(change.state)) return null;
  return gateDecision({
    service: { id: change.service.id, name: change.service.name },
    version: change.deployment.version,
    changeNumber: change.record.number,
    changes,
    majorIncidents: freezingIncidents(incidents, change.service.name),
    now,
  });
}

function isDone(state: ChangeState): boolean {
  return state === 'closed' || state === 'canceled';
}

export interface ServiceChanges {
  service: string;
  inFlight: ChangeRequest[];
  recent: ChangeRequest[];
}

/** Changes grouped by service (services with a change in flight first, then by name), newest first within each. */
export function byService(changes: readonly ChangeRequest[]): ServiceChanges[] {
  const groups = new Map<string, ServiceChanges>();
  for (const change of [...changes].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))) {
    const key = lower(change.service.name);
    const group = groups.get(key) ?? { service: change.service.name, inFlight: [], recent: [] };
    (isDone(change.state) ? group.recent : group.inFlight).push(change);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => Number(b.inFlight.length > 0) - Number(a.inFlight.length > 0) || a.service.localeCompare(b.service),
  );
}

/** The changes waiting for my approval, oldest first (the one waiting longest on top). */
export function waitingForMe(changes: readonly ChangeRequest[], me: ChangePerson | null): ChangeRequest[] {
  return changes.filter((change) => waitsFor(change, me)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

const DAY_MS = 24 * 60 * 60_000;

/** An incident's service's changes from 24 hours before it opened until now, newest first. */
export function changesAroundIncident(
  changes: readonly ChangeRequest[],
  incident: Pick<Incident, 'service' | 'createdAt'>,
): ChangeRequest[] {
  const from = Date.parse(incident.createdAt) - DAY_MS;
  return changes
    .filter((change) => lower(change.service.name) === lower(incident.service.name))
    .filter((change) => Math.max(Date.parse(change.createdAt), Date.parse(change.updatedAt)) >= from)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** A Mantine colour for a change's state. */
export function stateColor(change: ChangeRequest): string {
  if (change.approval === 'rejected') return 'red';
  switch (change.state) {
    case 'new':
    case 'assess':
    case 'authorize':
      return 'yellow';
    case 'scheduled':
    case 'implement':
      return 'blue';
    case 'review':
      return 'grape';
    case 'closed':
      return change.closeCode === 'unsuccessful' ? 'red' : 'green';
    case 'canceled':
      return 'gray';
  }
}

export const OUTCOME_COLOR: Record<GateDecision['outcome'], string> = { allowed: 'green', waiting: 'yellow', refused: 'red' };
export const OUTCOME_LABEL: Record<GateDecision['outcome'], string> = {
  allowed: 'Gate: may deploy',
  waiting: 'Gate: waiting',
  refused: 'Gate: refused',
};
