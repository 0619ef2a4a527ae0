// The demo data: alert content that fits its service (titles, tenants, https links), the seeded
// queue's mixes (urgency, priority, status, age), the large org's names and teams, alert storms,
// the demo generator's arrivals, determinism and speed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_TENANTS, demoAlert, demoAlertStorm, templateKeysFor } from '../../../../electron/simulators/pagerduty/demo-alerts';
import { SEED_WINDOW_MS, seedOpenIncidents, startDemoGenerator } from '../../../../electron/simulators/pagerduty/demo-incidents';
import { buildDemoOrg, DEMO_SERVICES, demoServiceSpec } from '../../../../electron/simulators/pagerduty/demo-org';
import { IdFactory, Random } from '../../../../electron/simulators/pagerduty/random';
import { SimulatorState } from '../../../../electron/simulators/pagerduty/state';
import type { IncidentRecord, ServiceRecord } from '../../../../electron/simulators/pagerduty/types';

const at = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3_600_000;

/** Builds the org and seeds it the way startPagerDutySimulator does, on a clock the test moves. */
function seeded(seed: number, count: number, serviceCount?: number) {
  let now = at;
  const random = new Random(seed);
  const ids = new IdFactory(random);
  const state = new SimulatorState(buildDemoOrg(ids, random, now, serviceCount), ids, () => now);
  seedOpenIncidents(state, random, ids, count);
  return { state, random, ids, advance: (ms: number) => (now += ms) };
}

function org(seed = 1, serviceCount?: number) {
  const random = new Random(seed);
  return { random, org: buildDemoOrg(new IdFactory(random), random, at, serviceCount) };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const share = (items: readonly unknown[], total: number) => items.length / total;

function priorityName(state: SimulatorState, incident: IncidentRecord): string {
  return incident.priorityId ? (state.getPriority(incident.priorityId)?.name ?? '?') : 'none';
}

describe('demoAlert', () => {
  const { random, org: demo } = org(99);
  const samples = Array.from({ length: 4000 }, (_, index) => {
    const service = demo.services[index % demo.services.length]!;
    return { service, alert: demoAlert(random, service) };
  });

  it('titles every alert "Service: what happened", with words that fit the kind of service', () => {
    const onlyOn: [RegExp, (service: ServiceRecord) => boolean][] = [
      [
        /tablespace|Data Guard|pgbouncer|sessions blocked by a lock/,
        (service) => ['Oracle Database Cluster', 'PostgreSQL Platform'].includes(service.name),
      ],
      [/domain controller|LDAPS|account lockouts/, (service) => service.name === 'Active Directory'],
      [/BGP session|packet loss between|firewall cluster|interface Ethernet/, (service) => service.name === 'Core Network'],
      [/NotReady|etcd|disk pressure on node/, (service) => service.name === 'Kubernetes Platform'],
      [/IDoc|batch job Z|dialog work processes/, (service) => service.name === 'SAP ERP'],
      [/Salesforce|upserts rejected|API request limit|platform events/i, (service) => service.name === 'Salesforce CRM'],
      [/MID server|inbound email|scheduled job "/, (service) => service.name === 'ServiceNow'],
      [/CrashLoopBackOff|JavaScript|conversion|SLO burn|login failure|p99 latency|5xx on/, (service) => service.kind === 'digital'],
    ];
    for (const { service, alert } of samples) {
      expect(alert.summary.startsWith(`${service.name}: `)).toBe(true);
      for (const [words, allowed] of onlyOn) {
        if (words.test(alert.summary))
          expect({ service: service.name, title: alert.summary, allowed: allowed(service) }).toMatchObject({ allowed: true });
      }
    }
    const titlesOf = (name: string) => samples.filter(({ service }) => service.name === name).map(({ alert }) => alert.summary);
    expect(
      titlesOf('Payments API').some((title) => /^Payments API: card authorisation error rate \d+(\.\d)?% \(threshold 2%\)$/.test(title)),
    ).toBe(true);
    expect(titlesOf('Oracle Database Cluster').some((title) => /tablespace [A-Z_]+ \d+% full/.test(title))).toBe(true);
    expect(titlesOf('PostgreSQL Platform').every((title) => !/tablespace|Data Guard/.test(title))).toBe(true);
    expect(titlesOf('Active Directory').some((title) => /domain controller DC-[A-Z]+-\d+ failing replication/.test(title))).toBe(true);
    expect(titlesOf('Core Network').some((title) => title.includes('BGP session down'))).toBe(true);
    expect(titlesOf('SAP ERP').some((title) => title.includes('IDoc backlog'))).toBe(true);
    expect(new Set(samples.map(({ alert }) => alert.summary.replace(/[\d.,]+/g, '#'))).size).toBeGreaterThan(60);
  });

  it('puts tenants in the custom details of multi-tenant digital services only, never in the title', () => {
    for (const { service, alert } of samples) {
      const tenant = alert.details.tenant;
      if (tenant !== undefined) {
        expect(DEMO_TENANTS).toContain(tenant);
        expect(service.kind).toBe('digital');
        expect(demoServiceSpec(service).multiTenant).toBe(true);
      }
      expect(alert.summary).not.toMatch(/^\[/);
      for (const name of DEMO_TENANTS) expect(alert.summary).not.toContain(name);
    }
    const payments = samples.filter(({ service }) => service.name === 'Payments API');
    const withTenant = payments.filter(({ alert }) => typeof alert.details.tenant === 'string');
    expect(share(withTenant, payments.length)).toBeGreaterThan(0.3);
    expect(new Set(withTenant.map(({ alert }) => alert.details.tenant)).size).toBeGreaterThanOrEqual(4);
  });

  it('carries metric, value, threshold, region, host or pod, and https links whose paths name the service and the alert', () => {
    for (const { service, alert } of samples) {
      const { details } = alert;
      for (const key of ['metric', 'value', 'threshold', 'region', 'environment']) expect(typeof details[key], key).toBe('string');
      expect(typeof (details.host ?? details.pod)).toBe('string');
      expect(alert.source).toBe(details.host ?? details.pod);
      expect(alert.component).not.toBe('');
      expect(alert.group).not.toBe('');
      expect(alert.eventClass).not.toBe('');
      expect(templateKeysFor(service)).toContain(alert.templateKey);
      expect(details.dashboard_url).toMatch(
        new RegExp(`^https://grafana\\.example\\.com/d/${slug(service.name)}/${slug(service.name)}-${alert.templateKey}\\?`),
      );
      expect(details.runbook_url).toBe(`https://runbooks.example.com/${slug(service.name)}/${alert.templateKey}`);
      expect(alert.contexts).toEqual([
        { type: 'link', href: details.dashboard_url, text: 'Dashboard' },
        { type: 'link', href: details.runbook_url, text: 'Runbook' },
      ]);
      expect(alert.clientUrl).toMatch(/^https:\/\/[a-z]+\.example\.com$/);
    }
  });

  it('mixes severities: every level appears, warnings most', () => {
    const count = (severity: string) => samples.filter(({ alert }) => alert.severity === severity).length;
    expect(count('warning')).toBeGreaterThan(count('error'));
    expect(count('error')).toBeGreaterThan(count('critical'));
    expect(
      share(
        samples.filter(({ alert }) => alert.severity === 'critical'),
        samples.length,
      ),
    ).toBeGreaterThan(0.03);
    expect(
      share(
        samples.filter(({ alert }) => alert.severity === 'info'),
        samples.length,
      ),
    ).toBeGreaterThan(0.08);
  });
});

describe('demoAlertStorm', () => {
  it('bursts 3 to 6 related alerts on one service in one region, led by a critical or error one', () => {
    const { random, org: demo } = org(5);
    const payments = demo.services.find((service) => service.name === 'Payments API')!;
    for (const size of [3, 4, 6]) {
      const storm = demoAlertStorm(random, payments, size);
      expect(storm).toHaveLength(size);
      expect(['critical', 'error']).toContain(storm[0]!.severity);
      expect(new Set(storm.map((alert) => alert.details.region)).size).toBe(1);
      expect(new Set(storm.map((alert) => alert.templateKey)).size).toBe(size);
      expect(storm.every((alert) => alert.summary.startsWith('Payments API: ') && alert.severity !== 'info')).toBe(true);
    }
  });
});

describe('seeded incidents', () => {
  const small = seeded(3, 2000);
  const large = seeded(4, 5000, 200);

  it('makes about 30% high urgency, in the hand-written org and at scale', () => {
    for (const { state } of [small, large]) {
      const open = state.listIncidents();
      expect(
        share(
          open.filter((incident) => incident.urgency === 'high'),
          open.length,
        ),
      ).toBeGreaterThan(0.25);
      expect(
        share(
          open.filter((incident) => incident.urgency === 'high'),
          open.length,
        ),
      ).toBeLessThan(0.35);
    }
    const core = small.state.getServiceByName('Core Network')!;
    const coreIncidents = small.state.listIncidents({ serviceIds: [core.id] });
    expect(coreIncidents.length).toBeGreaterThan(0);
    expect(coreIncidents.every((incident) => incident.urgency === 'high')).toBe(true);
  });

  it('gives seeded incidents a realistic priority mix: ~40% none, a few P1/P2, more P3, some P4/P5', () => {
    for (const { state } of [small, large]) {
      const open = state.listIncidents();
      const by = (...names: string[]) =>
        share(
          open.filter((incident) => names.includes(priorityName(state, incident))),
          open.length,
        );
      expect(by('none')).toBeGreaterThan(0.32);
      expect(by('none')).toBeLessThan(0.48);
      expect(by('P1')).toBeGreaterThan(0);
      expect(by('P1', 'P2')).toBeLessThan(0.12);
      expect(by('P3')).toBeGreaterThan(by('P1', 'P2'));
      expect(by('P4', 'P5')).toBeGreaterThan(0.15);
      // A P1 is never an informational alert.
      const p1Severities = open
        .filter((incident) => priorityName(state, incident) === 'P1')
        .map((incident) => state.alertsOf(incident)[0]!.severity);
      expect(p1Severities.every((severity) => severity === 'critical')).toBe(true);
    }
  });

  it('leaves ~60% triggered and ~40% acknowledged by their on-call assignee', () => {
    for (const { state } of [small, large]) {
      const open = state.listIncidents();
      expect(open.every((incident) => incident.status !== 'resolved')).toBe(true);
      const acked = open.filter((incident) => incident.status === 'acknowledged');
      expect(share(acked, open.length)).toBeGreaterThan(0.34);
      expect(share(acked, open.length)).toBeLessThan(0.46);
      for (const incident of acked.slice(0, 300)) {
        const [ack] = incident.acknowledgements;
        expect(ack?.by.type).toBe('user');
        expect(incident.assignments.map((assignment) => assignment.userId)).toContain(ack?.by.id);
        // The assignee belongs to the team that owns the service.
        const owner = state.getService(incident.serviceId)!.teamIds[0]!;
        const user = state.getUser(ack!.by.id)!;
        const ownerPolicy = state.getEscalationPolicy(state.getService(incident.serviceId)!.escalationPolicyId)!;
        expect(user.teamIds.includes(owner) || ownerPolicy.teamIds.some((team) => user.teamIds.includes(team))).toBe(true);
      }
    }
  });

  it('spreads creation over the last 36 hours, newest most frequent, all before start', () => {
    const open = large.state.listIncidents();
    const ages = open.map((incident) => at - incident.createdAt);
    expect(Math.max(...ages)).toBeLessThanOrEqual(SEED_WINDOW_MS);
    expect(Math.min(...ages)).toBeGreaterThan(30_000);
    const inBand = (from: number, to: number) => ages.filter((age) => age >= from * HOUR && age < to * HOUR).length;
    expect(inBand(0, 12)).toBeGreaterThan(inBand(12, 24));
    expect(inBand(12, 24)).toBeGreaterThan(inBand(24, 36));
    expect(inBand(24, 36)).toBeGreaterThan(open.length * 0.05);
    // Incident numbers follow creation time, as they would in a real account.
    const byNumber = [...open].sort((a, b) => a.number - b.number);
    expect(byNumber.every((incident, index) => index === 0 || incident.createdAt >= byNumber[index - 1]!.createdAt)).toBe(true);
    expect(large.state.logEntriesBetween(at - 30_000, undefined)).toEqual([]);
  });

  it('uses every service at scale and includes a few alert storms', () => {
    const { state } = large;
    expect(new Set(state.listIncidents().map((incident) => incident.serviceId)).size).toBe(200);
    const bursts = new Map<string, number>();
    for (const incident of state.listIncidents()) {
      const key = `${incident.serviceId} ${Math.floor(incident.createdAt / (5 * 60_000))}`;
      bursts.set(key, (bursts.get(key) ?? 0) + 1);
    }
    expect([...bursts.values()].filter((count) => count >= 3).length).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic for a seed, differs across seeds, and seeds 5,000 over 200 services well under a second', () => {
    const view = (seed: number) =>
      seeded(seed, 300)
        .state.listIncidents()
        .map((incident) => [incident.title, incident.status, incident.urgency, incident.priorityId, incident.createdAt]);
    expect(view(8)).toEqual(view(8));
    expect(view(8)).not.toEqual(view(9));
    const began = performance.now();
    const { state } = seeded(10, 5000, 200);
    expect(performance.now() - began).toBeLessThan(1000);
    expect(state.incidentCount()).toBe(5000);
  });
});

describe('buildDemoOrg', () => {
  it('builds the hand-written org, or trims it to serviceCount', () => {
    const { org: demo } = org();
    expect(demo.services.map((service) => service.name)).toEqual(DEMO_SERVICES.map((service) => service.name));
    expect(demo.teams).toHaveLength(8);
    expect(demo.users.length).toBeGreaterThanOrEqual(18);
    expect(new Set(demo.users.map((user) => user.email)).size).toBe(demo.users.length);
    expect(demo.users.find((user) => user.id === demo.meUserId)?.name).toBe('Dana Developer');
    expect(new Set(demo.services.map((service) => service.kind))).toEqual(new Set(['digital', 'cots', 'foundational']));
    expect(org(1, 3).org.services.map((service) => service.name)).toEqual(DEMO_SERVICES.slice(0, 3).map((service) => service.name));
    // Every escalation policy has three levels, the incident managers' included.
    expect(demo.escalationPolicies.every((policy) => policy.rules.length === 3)).toBe(true);
  });

  it('grows to 200 services with plausible names by kind, owned by plausible teams', () => {
    const { org: demo } = org(1, 200);
    const names = demo.services.map((service) => service.name);
    expect(names).toHaveLength(200);
    expect(new Set(names).size).toBe(200);
    expect(names).toEqual(expect.arrayContaining(['Orders Service', 'Loyalty API', 'Inventory Sync', 'Oracle EBS', 'Edge Proxy EU']));
    // No numbered copies ("Payments API 2") and no nonsense such as a "Loyalty Database" at this size.
    expect(
      names.filter((name) =>
        names.some((other) => name !== other && name.startsWith(`${other} `) && /^\d+$/.test(name.slice(other.length + 1))),
      ),
    ).toEqual([]);
    expect(names.filter((name) => / Database$/.test(name))).toEqual(['Ledger Database', 'Orders Database']);
    const teamName = (service: ServiceRecord) => demo.teams.find((team) => team.id === service.teamIds[0])?.name;
    for (const service of demo.services) {
      expect(teamName(service)).toBeTruthy();
      if (service.kind === 'digital')
        expect(service.name).toMatch(
          /(API|Service|Worker|Sync|Web|Scheduler|Consumer|Engine|Portal|Pipeline|Delivery|Scoring|Calculation|Backend|Notifications|Indexer|Webhooks)( EU| US| APAC)?$/,
        );
    }
    expect(teamName(demo.services.find((service) => service.name === 'Oracle EBS')!)).toBe('Enterprise Applications');
    expect(teamName(demo.services.find((service) => service.name === 'Ledger Database')!)).toBe('Database Administration');
    expect(teamName(demo.services.find((service) => service.name === 'Edge Proxy EU')!)).toBe('Network Engineering');
    const kinds = (kind: string) => demo.services.filter((service) => service.kind === kind).length;
    expect(kinds('cots')).toBeGreaterThanOrEqual(15);
    expect(kinds('foundational')).toBeGreaterThanOrEqual(20);
    expect(demo.teams.length).toBeGreaterThan(8);
    for (const team of demo.teams) expect(demo.users.some((user) => user.teamIds.includes(team.id))).toBe(true);
  });

  it('keeps names unique past the catalogue', () => {
    const names = org(1, 250).org.services.map((service) => service.name);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
  });
});

describe('startDemoGenerator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('brings new unprioritised incidents, storms and re-triggers, and acknowledges or resolves older ones', () => {
    vi.useFakeTimers();
    const { state, random, ids, advance } = seeded(12, 25);
    const before = state.incidentCount();
    const stop = startDemoGenerator(state, random, ids, 1000);
    for (let tick = 0; tick < 300; tick += 1) {
      advance(1000);
      vi.advanceTimersByTime(1000);
    }
    stop();
    const arrived = state.listIncidents().filter((incident) => incident.number > before);
    expect(arrived.length).toBeGreaterThan(300);
    expect(
      share(
        arrived.filter((incident) => incident.priorityId === null),
        arrived.length,
      ),
    ).toBeGreaterThan(0.9);
    // Storms: several incidents on one service in the same second.
    const perSecond = new Map<string, number>();
    for (const incident of arrived)
      perSecond.set(`${incident.serviceId} ${incident.createdAt}`, (perSecond.get(`${incident.serviceId} ${incident.createdAt}`) ?? 0) + 1);
    expect([...perSecond.values()].filter((count) => count >= 3).length).toBeGreaterThan(3);
    // Re-triggers: a dedup key that opened a second incident after the first was resolved.
    const byKey = new Map<string, IncidentRecord[]>();
    for (const incident of state.listIncidents())
      byKey.set(incident.incidentKey ?? '', [...(byKey.get(incident.incidentKey ?? '') ?? []), incident]);
    const retriggered = [...byKey.values()].filter((incidents) => incidents.length > 1);
    expect(retriggered.length).toBeGreaterThan(3);
    for (const [first, second] of retriggered) {
      expect(first!.status).toBe('resolved');
      expect(second!.title).toBe(first!.title);
    }
    expect(state.incidentCount('resolved')).toBeGreaterThan(20);
    expect(arrived.some((incident) => incident.status === 'acknowledged')).toBe(true);
    const count = state.incidentCount();
    vi.advanceTimersByTime(5000);
    expect(state.incidentCount()).toBe(count);
  });
});
