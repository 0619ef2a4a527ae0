/**
 * Demo history: resolved incidents over the days before start, so response metrics (time
 * to acknowledge, time to resolve) have something to show. Each service has its own pace:
 * digital services are acknowledged within minutes and fixed within the hour, bought-in
 * (COTS) applications wait on vendors, foundational systems sit in between; nights and
 * low urgency are slower, and some alerts clear by themselves before anyone acknowledges.
 * Every history incident is resolved before start, so the open queue is left as seeded.
 */
import { triggerDemoIncident } from './demo-incidents';
import type { IdFactory, Random } from './random';
import type { SimulatorState } from './state';
import type { ServiceKind, ServiceRecord } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Demo mode seeds this many days of history unless told otherwise. */
export const DEMO_HISTORY_DAYS = 30;
/** Every history incident is resolved at least this long before start. */
export const HISTORY_QUIET_BEFORE_START_MS = 10 * MINUTE;
/** At most this many incidents a day, whatever the size of the organisation. */
const MAX_PER_DAY = 40;
/**
 * The services whose deployments the demo's delivery history records (electron/host/
 * demo-delivery-history.ts): an incident opened within a day of a deployment counts it as
 * failed, so their own alerts are rare here, and the incidents the deployments caused are
 * seeded with that history. Otherwise a service deploying daily would show most of its
 * deployments as failed.
 */
const DEPLOYED_DAILY = new Set(['Payments API', 'Checkout Web', 'Identity Service', 'Search API']);

interface Pace {
  /** Typical minutes to acknowledge, and to resolve, by day and at high urgency. */
  ackMinutes: number;
  resolveMinutes: number;
}

const PACE_BY_KIND: Record<ServiceKind, Pace> = {
  digital: { ackMinutes: 2.5, resolveMinutes: 40 },
  foundational: { ackMinutes: 5, resolveMinutes: 90 },
  cots: { ackMinutes: 12, resolveMinutes: 240 },
};

/** A draw from a log-normal distribution with the given median (spread ~ x/÷ 2 at one sigma). */
function logNormal(random: Random, median: number, sigma = 0.7): number {
  const u = Math.max(random.next(), 1e-9);
  const v = random.next();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * normal);
}

function isNight(at: number): boolean {
  const hour = new Date(at).getUTCHours();
  return hour >= 22 || hour < 7;
}

/** When an incident of that day fires: mostly in working hours, sometimes at night. */
function triggerTime(random: Random, dayStart: number): number {
  const hour = random.chance(0.75) ? random.int(8, 19) : random.pick([0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 23]);
  return dayStart + hour * HOUR + random.int(0, HOUR - 1);
}

/**
 * Seeds resolved incidents over the `days` days before the state's now (none when days is
 * 0). Uses its own Random so the open incidents seeded before stay exactly as they were.
 */
export function seedIncidentHistory(state: SimulatorState, random: Random, ids: IdFactory, days: number): number {
  const services = state.services;
  if (days <= 0 || services.length === 0) return 0;
  const now = state.now();
  const latestResolve = now - HISTORY_QUIET_BEFORE_START_MS;
  const pace = new Map<string, Pace>(
    services.map((service) => {
      const base = PACE_BY_KIND[service.kind];
      // Each service (and its team) keeps its own habits: some answer twice as fast as others.
      return [
        service.id,
        { ackMinutes: base.ackMinutes * (0.6 + random.next()), resolveMinutes: base.resolveMinutes * (0.5 + random.next() * 1.2) },
      ];
    }),
  );
  // Busier services page more often; the product services the demo deploys every day page rarely by themselves.
  const weights = services.map((service): readonly [ServiceRecord, number] => [
    service,
    DEPLOYED_DAILY.has(service.name) ? 0.4 : service.kind === 'digital' ? 3 : service.kind === 'foundational' ? 2 : 1,
  ]);
  const perDay = Math.min(MAX_PER_DAY, Math.max(3, Math.round(services.length * 0.8)));
  let seeded = 0;
  const firstDay = Math.floor((now - days * DAY) / DAY) * DAY;
  for (let dayStart = firstDay; dayStart < now; dayStart += DAY) {
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    const count = Math.round(perDay * (weekend ? 0.5 : 1) * (0.6 + random.next() * 0.8));
    const times = Array.from({ length: count }, () => triggerTime(random, dayStart))
      .filter((at) => at >= now - days * DAY)
      .sort((a, b) => a - b);
    for (const at of times) {
      if (seedOne(state, random, ids, random.weighted(weights), pace, at, latestResolve)) seeded += 1;
    }
  }
  state.sortLog();
  return seeded;
}

function seedOne(
  state: SimulatorState,
  random: Random,
  ids: IdFactory,
  service: ServiceRecord,
  pace: Map<string, Pace>,
  at: number,
  latestResolve: number,
): boolean {
  const { ackMinutes, resolveMinutes } = pace.get(service.id) ?? PACE_BY_KIND[service.kind];
  const selfClearing = random.chance(0.12);
  const ackDelay = Math.max(20_000, logNormal(random, ackMinutes * MINUTE) * (isNight(at) ? 1.8 : 1));
  const resolveDelay = selfClearing
    ? random.int(3, 40) * MINUTE
    : ackDelay + Math.max(2 * MINUTE, logNormal(random, resolveMinutes * MINUTE, 0.9));
  // Too recent to be over by start: leave it out rather than open it (the queue is seeded apart).
  if (at + resolveDelay > latestResolve) return false;
  const incident = triggerDemoIncident(state, random, ids, service, at);
  const slower = incident.urgency === 'low' ? 2 : 1;
  const ackAt = at + Math.round(ackDelay * slower);
  // Low urgency waits longer; whatever is still open just before start is resolved then.
  const resolveAt = Math.min(
    latestResolve,
    at + Math.round(selfClearing ? resolveDelay : Math.max(resolveDelay, ackDelay * slower + 2 * MINUTE)),
  );
  if (selfClearing || ackAt >= resolveAt) {
    resolveByMonitoring(state, incident.id, incident.serviceId, resolveAt);
    return true;
  }
  const who = incident.assignments[0]?.userId ?? state.meUserId;
  state.acknowledge(incident.id, { type: 'user', id: who }, { type: random.pick(['mobile', 'website'] as const) }, ackAt);
  state.resolve(incident.id, { type: 'user', id: who }, { type: random.pick(['mobile', 'website'] as const) }, undefined, resolveAt);
  return true;
}

/** The monitoring tool sends resolve for the incident's alert (Events API), as on a self-clearing alert. */
function resolveByMonitoring(state: SimulatorState, incidentId: string, serviceId: string, at: number): void {
  const incident = state.getIncident(incidentId);
  const alert = incident ? state.alertsOf(incident).find((each) => each.status === 'triggered') : undefined;
  if (alert) state.resolveByDedupKey(serviceId, alert.alertKey, at);
  if (state.getIncident(incidentId)?.status !== 'resolved')
    state.resolve(incidentId, { type: 'service', id: serviceId }, { type: 'api' }, undefined, at);
}
