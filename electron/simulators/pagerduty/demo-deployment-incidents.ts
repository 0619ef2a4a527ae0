/**
 * Demo incidents a deployment caused: an alert the service's monitoring raised minutes
 * after a release went out, acknowledged by the on-call, a note on what they did (a
 * rollback, a fix forward) and resolved once it worked; or still open (the demo's "what
 * changed" incident). Written at the times given, as the demo's delivery history
 * (electron/host/demo-delivery-history.ts) places them, so response metrics and the
 * delivery metrics' change failure rate read the same incidents.
 */
import type { SimulatorState } from './state';
import type { IncidentRecord, Severity } from './types';

export interface DeploymentIncident {
  serviceName: string;
  /** The alert's summary: the incident's title. */
  summary: string;
  severity: Severity;
  /** The monitoring tool's words: where the alert comes from and what it measures. */
  source: string;
  component: string;
  details: Record<string, unknown>;
  /** Stable per incident: a re-seed with the same plan gives the same alert key. */
  dedupKey: string;
  openedAt: number;
  /** Null: nobody acknowledged it (yet). */
  acknowledgedAt: number | null;
  /** What the on-call wrote, and when. */
  note: { at: number; text: string } | null;
  /** Null: still open. */
  resolvedAt: number | null;
}

/** Triggers the incident's alert at `openedAt`, then acknowledges, notes and resolves it as the on-call assignee. */
export function seedDeploymentIncident(state: SimulatorState, seeded: DeploymentIncident): IncidentRecord {
  const service = state.getServiceByName(seeded.serviceName);
  if (!service) throw new Error(`The PagerDuty simulator has no service ${seeded.serviceName}`);
  const { incident } = state.triggerAlert({
    serviceId: service.id,
    summary: seeded.summary,
    severity: seeded.severity,
    source: seeded.source,
    dedupKey: seeded.dedupKey,
    component: seeded.component,
    group: 'production',
    eventClass: 'deployment regression',
    details: seeded.details,
    at: seeded.openedAt,
  });
  const who = incident.assignments[0]?.userId ?? state.meUserId;
  if (seeded.acknowledgedAt !== null) state.acknowledge(incident.id, { type: 'user', id: who }, { type: 'mobile' }, seeded.acknowledgedAt);
  if (seeded.note) state.addNote(incident.id, who, seeded.note.text, seeded.note.at);
  if (seeded.resolvedAt !== null) state.resolve(incident.id, { type: 'user', id: who }, { type: 'website' }, undefined, seeded.resolvedAt);
  state.sortLog();
  return incident;
}
