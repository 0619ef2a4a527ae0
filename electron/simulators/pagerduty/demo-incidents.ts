/**
 * Demo incidents: the open incidents seeded at start (a mix of triggered and
 * acknowledged, spread over the services) and the demo-mode generator that keeps new
 * incidents arriving on a timer while old ones are now and then acknowledged or resolved.
 */
import { demoAlert } from './demo-alerts';
import type { IdFactory, Random } from './random';
import type { SimulatorState } from './state';
import type { IncidentRecord, ServiceRecord, Severity } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const NOTES = [
  'Looking into it now.',
  'Rolled back the last deploy, watching the error rate.',
  'Customer support has been informed.',
  'Database team engaged, waiting for their assessment.',
  'Mitigated by scaling out; root cause still unknown.',
];

function priorityFor(state: SimulatorState, random: Random, severity: Severity): string | null {
  const name = severity === 'critical' ? random.pick(['P1', 'P2', null]) : severity === 'error' ? random.pick(['P3', null, null]) : null;
  return name ? (state.getPriorityByName(name)?.id ?? null) : null;
}

/** Triggers one demo alert on a service, as its monitoring tool would through the Events API. */
export function triggerDemoIncident(state: SimulatorState, random: Random, ids: IdFactory, service: ServiceRecord, at?: number): IncidentRecord {
  const alert = demoAlert(random, service);
  return state.triggerAlert({
    serviceId: service.id,
    summary: alert.summary,
    severity: alert.severity,
    source: alert.source,
    dedupKey: ids.key32(),
    component: alert.component,
    group: alert.group,
    eventClass: alert.eventClass,
    details: alert.details,
    contexts: alert.contexts,
    client: alert.client,
    clientUrl: alert.clientUrl,
    priorityId: priorityFor(state, random, alert.severity),
    ...(at !== undefined ? { at } : {}),
  }).incident;
}

/** Seeds `count` open incidents created over the last two days (a week when there are many), ~40% acknowledged. */
export function seedOpenIncidents(state: SimulatorState, random: Random, ids: IdFactory, count: number): void {
  const services = state.services;
  if (count <= 0 || services.length === 0) return;
  const now = state.now();
  const window = count <= 200 ? 48 * HOUR : 7 * 24 * HOUR;
  const step = window / (count + 1);
  for (let index = 0; index < count; index += 1) {
    const createdAt = Math.floor(now - window + step * (index + 1));
    // Round-robin with a random start keeps every service in use when there are many incidents.
    const service = services[(index + (count > services.length ? 0 : random.int(0, services.length - 1))) % services.length];
    if (!service) continue;
    const incident = triggerDemoIncident(state, random, ids, service, createdAt);
    if (random.chance(0.4)) {
      const ackAt = Math.min(now, createdAt + random.int(1, 30) * MINUTE);
      const who = incident.assignments[0]?.userId ?? state.meUserId;
      state.acknowledge(incident.id, { type: 'user', id: who }, { type: random.pick(['mobile', 'website'] as const) }, ackAt);
      if (random.chance(0.25)) state.addNote(incident.id, who, random.pick(NOTES), Math.min(now, ackAt + random.int(1, 20) * MINUTE));
    }
  }
  state.sortLog();
}

/** Starts the demo generator; returns a function that stops it. */
export function startDemoGenerator(state: SimulatorState, random: Random, ids: IdFactory, everyMs: number): () => void {
  const baseline = state.incidentCount('triggered') + state.incidentCount('acknowledged');
  const tick = (): void => {
    const service = random.pick(state.services);
    triggerDemoIncident(state, random, ids, service);
    const now = state.now();
    const open = state.listIncidents({ statuses: ['triggered', 'acknowledged'] });
    const older = open.filter((incident) => now - incident.createdAt >= everyMs * 2);
    const triggered = older.filter((incident) => incident.status === 'triggered');
    if (triggered.length > 0 && random.chance(0.3)) {
      const incident = random.pick(triggered);
      const who = incident.assignments[0]?.userId ?? state.meUserId;
      state.acknowledge(incident.id, { type: 'user', id: who }, { type: 'mobile' });
    }
    const resolveCount = (older.length > 0 && random.chance(0.3) ? 1 : 0) + (open.length > baseline + 20 ? 1 : 0);
    for (let i = 0; i < resolveCount && older.length > 0; i += 1) {
      const incident = older.splice(random.int(0, older.length - 1), 1)[0];
      if (!incident || incident.status === 'resolved') continue;
      const alert = state.alertsOf(incident).find((each) => each.status === 'triggered');
      if (alert && random.chance(0.6)) state.resolveByDedupKey(incident.serviceId, alert.alertKey);
      else state.resolve(incident.id, { type: 'user', id: incident.assignments[0]?.userId ?? state.meUserId }, { type: 'website' });
    }
  };
  const timer = setInterval(tick, Math.max(10, everyMs));
  timer.unref();
  return () => clearInterval(timer);
}
