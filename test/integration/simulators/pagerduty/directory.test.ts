// The demo organisation as the REST API shows it: /users/me, users, teams, services with their
// Events API v2 integrations, escalation policies, schedules, who is on call, and priorities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { pd } from './pd-http';

let sim: PagerDutySimulator;
const startedAt = Date.UTC(2026, 4, 20, 15, 30, 0);
beforeAll(async () => {
  sim = await startPagerDutySimulator({ seedIncidents: 10, now: () => startedAt });
});
afterAll(async () => {
  await sim.close();
});

interface Named {
  id: string;
  type: string;
  name: string;
  description?: string;
}

describe('people and teams', () => {
  it('answers /users/me with the demo on-call developer', async () => {
    const me = await pd<{ user: Named & { email: string; teams: { summary: string }[]; contact_methods: { type: string }[] } }>(
      sim,
      '/users/me',
    );
    expect(me.body.user).toMatchObject({ name: 'Dana Developer', email: 'dana.developer@example.com', type: 'user' });
    expect(me.body.user.teams.map((team) => team.summary)).toEqual(['Payments']);
    expect(me.body.user.contact_methods.map((method) => method.type)).toContain('email_contact_method_reference');
  });

  it('lists about 20 users and the 8 teams, with query and team filters', async () => {
    const users = await pd<{ users: (Named & { email: string })[]; total: number }>(sim, '/users?limit=100&total=true');
    expect(users.body.total).toBeGreaterThanOrEqual(18);
    expect(users.body.users.every((user) => user.email.endsWith('@example.com'))).toBe(true);
    const teams = await pd<{ teams: Named[] }>(sim, '/teams?limit=100');
    expect(teams.body.teams.map((team) => team.name)).toEqual([
      'Payments',
      'Checkout',
      'Identity',
      'Search',
      'Mobile Platform',
      'Database Administration',
      'Network Engineering',
      'Incident Management',
    ]);
    const dba = teams.body.teams.find((team) => team.name === 'Database Administration')!;
    const dbas = await pd<{ users: Named[] }>(sim, `/users?team_ids[]=${dba.id}`);
    expect(dbas.body.users.length).toBeGreaterThanOrEqual(2);
    expect((await pd<{ users: Named[] }>(sim, '/users?query=priya')).body.users.map((user) => user.name)).toEqual(['Priya Patel']);
  });
});

describe('services', () => {
  it('lists digital, COTS and foundational services, each with an Events API v2 integration key', async () => {
    const response = await pd<{ services: (Named & { integrations: { type: string; integration_key?: string }[] })[] }>(
      sim,
      '/services?limit=100&include[]=integrations',
    );
    const services = response.body.services;
    const names = services.map((service) => service.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Payments API',
        'Checkout Web',
        'Identity Service',
        'SAP ERP',
        'Salesforce CRM',
        'ServiceNow',
        'Core Network',
        'Oracle Database Cluster',
        'Active Directory',
        'Kubernetes Platform',
      ]),
    );
    for (const kind of ['Digital service', 'COTS application', 'Foundational system']) {
      expect(services.some((service) => service.description?.startsWith(kind))).toBe(true);
    }
    for (const service of services) {
      const [integration] = service.integrations;
      expect(integration?.type).toBe('events_api_v2_inbound_integration');
      expect(integration?.integration_key).toBe(sim.state.routingKeyFor(service.id));
      expect(integration?.integration_key).toMatch(/^[0-9a-f]{32}$/);
    }
    const plain = await pd<{ services: { integrations: { type: string; integration_key?: string }[] }[] }>(sim, '/services?limit=1');
    expect(plain.body.services[0]!.integrations[0]).toMatchObject({ type: 'events_api_v2_inbound_integration_reference' });
    expect(plain.body.services[0]!.integrations[0]!.integration_key).toBeUndefined();
  });
});

describe('on call', () => {
  it('has an escalation policy per team with 2-3 levels, and an Incident Managers policy', async () => {
    const policies = await pd<{ escalation_policies: (Named & { escalation_rules: unknown[] })[] }>(sim, '/escalation_policies?limit=100');
    expect(policies.body.escalation_policies.map((policy) => policy.name)).toEqual(
      expect.arrayContaining(['Payments Escalation Policy', 'Incident Managers']),
    );
    for (const policy of policies.body.escalation_policies) {
      expect(policy.escalation_rules.length).toBeGreaterThanOrEqual(2);
      expect(policy.escalation_rules.length).toBeLessThanOrEqual(3);
    }
    const schedules = await pd<{ schedules: Named[] }>(sim, '/schedules?limit=100');
    expect(schedules.body.schedules.map((schedule) => schedule.name)).toContain('Incident Managers');
  });

  it('says who is on call now and until when', async () => {
    const me = sim.state.me;
    const response = await pd<{
      oncalls: {
        user: { id: string };
        escalation_level: number;
        start: string | null;
        end: string | null;
        schedule: { summary: string } | null;
      }[];
    }>(sim, `/oncalls?user_ids[]=${me.id}&earliest=true`);
    const primary = response.body.oncalls.find((oncall) => oncall.schedule?.summary === 'Payments Primary');
    expect(primary).toBeDefined();
    expect(primary!.escalation_level).toBe(1);
    expect(Date.parse(primary!.start!)).toBeLessThanOrEqual(startedAt);
    expect(Date.parse(primary!.end!)).toBeGreaterThan(startedAt);

    const week = await pd<{ oncalls: { user: { id: string }; start: string }[] }>(
      sim,
      `/oncalls?schedule_ids[]=${sim.state.schedules.find((schedule) => schedule.name === 'Payments Primary')!.id}&since=${new Date(startedAt).toISOString()}&until=${new Date(startedAt + 3 * 86_400_000).toISOString()}`,
    );
    const people = new Set(week.body.oncalls.map((oncall) => oncall.user.id));
    expect(week.body.oncalls.length).toBeGreaterThanOrEqual(3);
    expect(people.size).toBeGreaterThan(1);
  });

  it('lists priorities P1 to P5', async () => {
    const response = await pd<{ priorities: Named[] }>(sim, '/priorities');
    expect(response.body.priorities.map((priority) => priority.name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});
