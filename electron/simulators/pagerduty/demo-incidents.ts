/**
 * Demo incidents: the open incidents seeded at start (spread over the last 36 hours, newest
 * most frequent, ~60% triggered and ~40% acknowledged by the on-call assignee, a realistic
 * priority mix, now and then an alert storm) and the demo-mode generator that keeps new
 * incidents, storms and re-triggers arriving on a timer while older ones are acknowledged
 * or resolved.
 */
import { demoAlert, demoAlertStorm, type DemoAlert } from './demo-alerts';
import type { IdFactory, Random } from './random';
import type { SimulatorState } from './state';
import type { IncidentRecord, ServiceKind, ServiceRecord, Severity } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Seeded incidents were created within this window before start. */
export const SEED_WINDOW_MS = 36 * HOUR;
/** Seeds smaller than this get no notes. */
const MIN_SEED_FOR_NOTES = 10;

const NOTES: Record<ServiceKind, readonly string[]> = {
  digital: [
    'Looking into it now.',
    'Rolled back the last deploy, watching the error rate.',
    'Scaled out to 12 replicas; error rate is coming down, root cause still unknown.',
    'Customer support has been told; status page updated.',
    'Only one tenant affected so far, reaching out to their account manager.',
  ],
  cots: [
    'Raised a case with the vendor, waiting for their first response.',
    'Restarted the integration node; backlog is draining.',
    'Business users informed; finance close is not blocked yet.',
  ],
  foundational: [
    'DBA on it, checking the standby.',
    'Failing over to the secondary; expect a short blip.',
    'Opened a change for the emergency fix, approval requested.',
    'Carrier ticket opened for the circuit.',
  ],
};

type PriorityName = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** Seeded incidents have been triaged for a while: a priority mix that follows severity (~40% none overall). */
const SEEDED_PRIORITY: Record<Severity, readonly (readonly [PriorityName | null, number])[]> = {
  critical: [
    ['P1', 15],
    ['P2', 35],
    ['P3', 30],
    [null, 20],
  ],
  error: [
    ['P2', 10],
    ['P3', 50],
    ['P4', 10],
    [null, 30],
  ],
  warning: [
    ['P3', 20],
    ['P4', 25],
    ['P5', 10],
    [null, 45],
  ],
  info: [
    ['P4', 15],
    ['P5', 30],
    [null, 55],
  ],
};

/** New incidents arrive unprioritised, except a few critical ones an event rule prioritises. */
const ARRIVAL_PRIORITY: Record<Severity, readonly (readonly [PriorityName | null, number])[]> = {
  critical: [
    ['P1', 5],
    ['P2', 15],
    [null, 80],
  ],
  error: [[null, 1]],
  warning: [[null, 1]],
  info: [[null, 1]],
};

function priorityId(state: SimulatorState, random: Random, table: typeof SEEDED_PRIORITY, severity: Severity): string | null {
  const name = random.weighted(table[severity]);
  return name ? (state.getPriorityByName(name)?.id ?? null) : null;
}

/** Triggers a demo alert on a service, as its monitoring tool would through the Events API. */
function triggerAlert(
  state: SimulatorState,
  service: ServiceRecord,
  alert: DemoAlert,
  dedupKey: string,
  priority: string | null,
  at?: number,
): IncidentRecord {
  return state.triggerAlert({
    serviceId: service.id,
    summary: alert.summary,
    severity: alert.severity,
    source: alert.source,
    dedupKey,
    component: alert.component,
    group: alert.group,
    eventClass: alert.eventClass,
    details: alert.details,
    contexts: alert.contexts,
    client: alert.client,
    clientUrl: alert.clientUrl,
    priorityId: priority,
    ...(at !== undefined ? { at } : {}),
  }).incident;
}

/** Triggers one new demo alert on a service (unprioritised unless critical and an event rule says so). */
export function triggerDemoIncident(
  state: SimulatorState,
  random: Random,
  ids: IdFactory,
  service: ServiceRecord,
  at?: number,
): IncidentRecord {
  const alert = demoAlert(random, service);
  return triggerAlert(state, service, alert, ids.key32(), priorityId(state, random, ARRIVAL_PRIORITY, alert.severity), at);
}

interface SeedEvent {
  at: number;
  service: ServiceRecord;
  alert: DemoAlert | null;
}

/** The newest seeded incident is at least this old, so the seeded history ends before start. */
const MIN_SEED_AGE_MS = 2 * MINUTE;
/** Seeded acknowledgements and notes happen at least this long before start. */
const QUIET_BEFORE_START_MS = 30_000;

/** When a seeded incident was created: within the window, skewed towards now. */
function seedTime(random: Random, now: number): number {
  return Math.floor(now - MIN_SEED_AGE_MS - (SEED_WINDOW_MS - MIN_SEED_AGE_MS) * Math.pow(random.next(), 1.8));
}

/**
 * Seeds `count` open incidents created over the last 36 hours, newest most frequent. Every
 * service gets at least one when there are enough; about 4% arrive as alert storms.
 */
export function seedOpenIncidents(state: SimulatorState, random: Random, ids: IdFactory, count: number): void {
  const services = state.services;
  if (count <= 0 || services.length === 0) return;
  const now = state.now();
  const events: SeedEvent[] = [];
  const storms = count >= 20 ? Math.max(1, Math.round((count * 0.04) / 4)) : 0;
  for (let storm = 0; storm < storms; storm += 1) {
    const service = random.pick(services);
    const alerts = demoAlertStorm(random, service, random.int(3, 5));
    const gaps = alerts.map(() => random.int(5, 40) * 1000);
    // The whole burst fits before the newest allowed creation time.
    const at = Math.min(seedTime(random, now), now - MIN_SEED_AGE_MS - gaps.reduce((sum, gap) => sum + gap, 0));
    let offset = 0;
    alerts.forEach((alert, index) => {
      offset += index === 0 ? 0 : (gaps[index] ?? 0);
      events.push({ at: at + offset, service, alert });
    });
  }
  const singles = Math.max(0, count - events.length);
  const cover = random.shuffled(services);
  const picks = Array.from({ length: singles }, (_, index) => cover[index] ?? random.pick(services));
  for (const service of random.shuffled(picks)) events.push({ at: seedTime(random, now), service, alert: null });
  events.length = count;
  events.sort((a, b) => a.at - b.at);
  // Tiny seeds are for tests that count the notes they add themselves: only demo-sized queues get notes.
  const withNotes = count >= MIN_SEED_FOR_NOTES;

  for (const event of events) {
    const alert = event.alert ?? demoAlert(random, event.service);
    const incident = triggerAlert(
      state,
      event.service,
      alert,
      ids.key32(),
      priorityId(state, random, SEEDED_PRIORITY, alert.severity),
      event.at,
    );
    const ageMinutes = (now - event.at) / MINUTE;
    // Someone on call has had time to acknowledge most older incidents, few of the newest ones.
    const maxAckDelay = Math.min(30, Math.floor(ageMinutes) - 1);
    if (maxAckDelay >= 1 && random.chance(ageMinutes < 15 ? 0.15 : 0.41)) {
      const ackAt = event.at + random.int(1, maxAckDelay) * MINUTE;
      const who = incident.assignments[0]?.userId ?? state.meUserId;
      state.acknowledge(incident.id, { type: 'user', id: who }, { type: random.pick(['mobile', 'website'] as const) }, ackAt);
      if (withNotes && random.chance(0.3)) {
        const noteAt = Math.min(ackAt + random.int(1, 20) * MINUTE, Math.floor((ackAt + now - QUIET_BEFORE_START_MS) / 2));
        state.addNote(incident.id, who, random.pick(NOTES[event.service.kind]), Math.max(ackAt, noteAt));
      }
    }
  }
  state.sortLog();
}

/** An alert the generator resolved, so it can fire again later (a re-trigger: same dedup key, new incident). */
interface ResolvedAlert {
  serviceId: string;
  dedupKey: string;
  alert: DemoAlert;
}

const STORM_CHANCE = 0.06;
const RETRIGGER_CHANCE = 0.1;

/** Starts the demo generator; returns a function that stops it. */
export function startDemoGenerator(state: SimulatorState, random: Random, ids: IdFactory, everyMs: number): () => void {
  const baseline = state.incidentCount('triggered') + state.incidentCount('acknowledged');
  const resolvedRecently: ResolvedAlert[] = [];

  const arrive = (): void => {
    const roll = random.next();
    if (roll < STORM_CHANCE) {
      const service = random.pick(state.services);
      for (const alert of demoAlertStorm(random, service, random.int(3, 6))) {
        triggerAlert(state, service, alert, ids.key32(), priorityId(state, random, ARRIVAL_PRIORITY, alert.severity));
      }
      return;
    }
    if (roll < STORM_CHANCE + RETRIGGER_CHANCE && resolvedRecently.length > 0) {
      const again = resolvedRecently.splice(random.int(0, resolvedRecently.length - 1), 1)[0];
      const service = again ? state.getService(again.serviceId) : undefined;
      if (again && service) {
        triggerAlert(state, service, again.alert, again.dedupKey, null);
        return;
      }
    }
    triggerDemoIncident(state, random, ids, random.pick(state.services));
  };

  const remember = (incident: IncidentRecord): void => {
    const [alert] = state.alertsOf(incident);
    if (!alert) return;
    resolvedRecently.push({
      serviceId: incident.serviceId,
      dedupKey: alert.alertKey,
      alert: {
        summary: alert.summary,
        severity: alert.severity,
        source: alert.source,
        component: alert.component ?? '',
        group: alert.group ?? '',
        eventClass: alert.eventClass ?? '',
        details: alert.details,
        contexts: alert.contexts,
        client: alert.client ?? '',
        clientUrl: alert.clientUrl ?? '',
        templateKey: '',
      },
    });
    if (resolvedRecently.length > 20) resolvedRecently.shift();
  };

  const tick = (): void => {
    arrive();
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
      // Resolving by dedup key leaves the incident open while it has other open alerts.
      if (state.getIncident(incident.id)?.status === 'resolved') remember(incident);
    }
  };
  const timer = setInterval(tick, Math.max(10, everyMs));
  timer.unref();
  return () => clearInterval(timer);
}
