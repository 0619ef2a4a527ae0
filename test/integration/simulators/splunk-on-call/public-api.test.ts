// The public and reporting API over real HTTP: the reads, ack and resolve by number with per-incident results, reroute.
import { afterEach, describe, expect, it } from 'vitest';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../../electron/simulators/splunk-on-call';
import { CREDENTIALS, currentIncidents, postAlert, vo, type WireIncident } from './vo-http';

let sim: SplunkOnCallSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const start = (options: Parameters<typeof startSplunkOnCallSimulator>[0] = {}) =>
  startSplunkOnCallSimulator({ credentials: CREDENTIALS, rateLimits: false, ...options });

interface AckOrResolveResponse {
  results: { cmdAccepted: boolean; entityId?: string; incidentNumber: string; message: string }[];
}

describe('reads', () => {
  it('lists the demo queue: per team two triggered, one acknowledged, one recently resolved', async () => {
    sim = await start({ historyDays: 0 });
    const incidents = await currentIncidents(sim);
    expect(incidents).toHaveLength(8);
    const count = (phase: string) => incidents.filter((incident) => incident.currentPhase === phase).length;
    expect([count('UNACKED'), count('ACKED'), count('RESOLVED')]).toEqual([4, 2, 2]);
    const acked = incidents.find((incident) => incident.currentPhase === 'ACKED')!;
    expect(acked.transitions).toEqual([expect.objectContaining({ name: 'ACKED', manually: true, by: acked.pagedUsers[0] })]);
    for (const incident of incidents) {
      expect(incident.incidentNumber).toMatch(/^\d+$/);
      expect(incident.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(incident.entityDisplayName.length).toBeGreaterThan(0);
      expect(incident.pagedPolicies.length).toBeGreaterThan(0);
    }
  });

  it('spells phases as the SPEC does when asked, and drops resolved incidents after the recent window', async () => {
    sim = await start({ historyDays: 0, phaseSpelling: 'spec', recentlyResolvedMs: 60 * 60_000 });
    const incidents = await currentIncidents(sim);
    expect(new Set(incidents.map((incident) => incident.currentPhase))).toEqual(new Set(['triggered', 'acknowledged']));
  });

  it('answers who is on call now, per team and policy, following the weekly rotation', async () => {
    let now = Date.UTC(2026, 2, 2, 10, 0, 0); // a Monday, after the 09:00 handover
    sim = await start({ seedIncidents: false, historyDays: 0, now: () => now });
    type OnCall = {
      teamsOnCall: {
        team: { name: string };
        onCallNow: { escalationPolicy: { name: string }; users: { onCallUser: { username: string } }[] }[];
      }[];
    };
    const read = async () => (await vo<OnCall>(sim!, '/api-public/v1/oncall/current')).body.teamsOnCall;
    const first = await read();
    expect(first.map((team) => team.team.name)).toEqual(['Data Platform', 'Merchant Platform']);
    const dataOnCall = () => first[0]!.onCallNow.find((policy) => policy.escalationPolicy.name === 'Data Platform On-Call')!;
    expect(dataOnCall().users).toHaveLength(1);
    const before = dataOnCall().users[0]!.onCallUser.username;
    now += 7 * 24 * 3600_000;
    const after = (await read())[0]!.onCallNow.find((policy) => policy.escalationPolicy.name === 'Data Platform On-Call')!.users[0]!
      .onCallUser.username;
    expect(after).not.toBe(before);
  });

  it('lists teams, their members and policies, users, a user, policies and routing keys', async () => {
    sim = await start({ seedIncidents: false, historyDays: 0 });
    const teams = await vo<{ name: string; slug: string; memberCount: number; _membersUrl: string }[]>(sim, '/api-public/v1/team');
    expect(teams.status).toBe(200);
    expect(teams.body.map((team) => [team.name, team.memberCount])).toEqual([
      ['Data Platform', 4],
      ['Merchant Platform', 4],
    ]);
    const data = teams.body[0]!;
    expect(data.slug).toMatch(/^team-[A-Za-z0-9]{16}$/);
    const members = await vo<{ members: { username: string }[] }>(sim, data._membersUrl);
    expect(members.body.members.map((member) => member.username)).toContain('oskar.nilsson');
    const teamPolicies = await vo<{ policies: { name: string; slug: string }[] }>(sim, `/api-public/v1/team/${data.slug}/policies`);
    expect(teamPolicies.body.policies.map((policy) => policy.name)).toEqual(['Data Platform On-Call', 'Data Platform Leads']);
    expect((await vo(sim, '/api-public/v1/team/team-nope/members')).status).toBe(404);

    const users = await vo<{ users: { username: string; email: string }[] }>(sim, '/api-public/v1/user');
    // Two teams of four, two incident managers, and the demo console's own person.
    expect(users.body.users).toHaveLength(11);
    const grace = await vo<{ username: string; firstName: string; lastName: string }>(sim, '/api-public/v1/user/grace.liu');
    expect(grace.body).toMatchObject({ username: 'grace.liu', firstName: 'Grace', lastName: 'Liu' });
    expect(await vo(sim, '/api-public/v1/user/nobody')).toEqual({ status: 404, body: { message: 'User not found' } });

    const policies = await vo<{ policies: { policy: { name: string }; team: { name: string } }[] }>(sim, '/api-public/v1/policies');
    expect(policies.body.policies.map((each) => `${each.team.name}: ${each.policy.name}`)).toEqual([
      'Data Platform: Data Platform On-Call',
      'Data Platform: Data Platform Leads',
      'Merchant Platform: Merchant Platform On-Call',
      'Merchant Platform: Merchant Platform Leads',
    ]);
    const keys = await vo<{ routingKeys: { routingKey: string; isDefault: boolean; targets: { policyName: string }[] }[] }>(
      sim,
      '/api-public/v1/org/routing-keys',
    );
    expect(keys.body.routingKeys.find((key) => key.isDefault)?.routingKey).toBe('routingdefault');
    expect(keys.body.routingKeys.find((key) => key.routingKey === 'payouts')?.targets.map((target) => target.policyName)).toEqual([
      'Merchant Platform On-Call',
      'Merchant Platform Leads',
    ]);
  });

  it('returns an alert by the uuid a transition points at', async () => {
    sim = await start({ seedIncidents: false, historyDays: 0 });
    await postAlert(sim, 'payouts', { message_type: 'CRITICAL', entity_id: 'payouts/late', monitoring_tool: 'Prometheus' });
    await postAlert(sim, 'payouts', {
      message_type: 'ACKNOWLEDGEMENT',
      entity_id: 'payouts/late',
      ack_author: 'grace.liu',
      ack_msg: 'seen',
    });
    const [incident] = await currentIncidents(sim);
    const alertUrl = incident!.transitions[0]!.alertUrl!;
    const alert = await vo<{ messageType: string; entityId: string; ackAuthor: string; raw: string }>(sim, alertUrl);
    expect(alert.body).toMatchObject({ messageType: 'ACKNOWLEDGEMENT', entityId: 'payouts/late', ackAuthor: 'grace.liu' });
    expect(JSON.parse(alert.body.raw)).toMatchObject({ ack_msg: 'seen' });
    expect((await vo(sim, '/api-public/v1/alerts/no-such-alert')).status).toBe(404);
  });
});

describe('reporting history', () => {
  it('pages resolved incidents newest first, with total, and filters by phase, number ranges, time and routing key', async () => {
    sim = await start({ historyDays: 14 });
    type Page = { offset: number; limit: number; total: number; incidents: WireIncident[] };
    const first = await vo<Page>(sim, '/api-reporting/v2/incidents?limit=5');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ offset: 0, limit: 5 });
    expect(first.body.total).toBeGreaterThan(10);
    expect(first.body.incidents).toHaveLength(5);
    expect(first.body.incidents.every((incident) => incident.currentPhase === 'RESOLVED' && incident.endTime)).toBe(true);
    const starts = first.body.incidents.map((incident) => Date.parse(incident.startTime));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);

    const all: WireIncident[] = [];
    for (let offset = 0; offset < first.body.total; offset += 100) {
      all.push(...(await vo<Page>(sim, `/api-reporting/v2/incidents?limit=100&offset=${offset}`)).body.incidents);
    }
    expect(all).toHaveLength(first.body.total);
    expect(new Set(all.map((incident) => incident.incidentNumber)).size).toBe(all.length);

    const open = await vo<Page>(sim, '/api-reporting/v2/incidents?currentPhase=triggered,acknowledged');
    expect(open.body.total).toBe(6);
    const ranged = await vo<Page>(sim, '/api-reporting/v2/incidents?incidentNumber=1,3:5');
    expect(ranged.body.incidents.map((incident) => incident.incidentNumber).sort()).toEqual(['1', '3', '4', '5']);
    const payouts = await vo<Page>(sim, '/api-reporting/v2/incidents?routingKey=payouts&limit=100');
    expect(payouts.body.incidents.every((incident) => incident.routingKey === 'payouts')).toBe(true);
    const cutoff = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const recent = await vo<Page>(sim, `/api-reporting/v2/incidents?startedAfter=${cutoff}&limit=100`);
    expect(recent.body.incidents.every((incident) => Date.parse(incident.startTime) > Date.parse(cutoff))).toBe(true);
    expect(recent.body.total).toBeLessThan(first.body.total);

    expect((await vo(sim, '/api-reporting/v2/incidents?limit=101')).status).toBe(400);
    expect((await vo(sim, '/api-reporting/v2/incidents?startedAfter=yesterday')).status).toBe(400);
    expect((await vo(sim, '/api-reporting/v2/incidents?currentPhase=snoozed')).status).toBe(400);
  });
});

describe('acknowledge and resolve by incident number', () => {
  it('acknowledges several at once; an incident resolved meanwhile gets its own refused result while the others land', async () => {
    sim = await start({ historyDays: 0 });
    const incidents = await currentIncidents(sim);
    const triggered = incidents.filter((incident) => incident.currentPhase === 'UNACKED').map((incident) => incident.incidentNumber);
    const resolved = incidents.find((incident) => incident.currentPhase === 'RESOLVED')!.incidentNumber;
    const ack = await vo<AckOrResolveResponse>(sim, '/api-public/v1/incidents/ack', {
      method: 'PATCH',
      body: { userName: 'grace.liu', incidentNames: [triggered[0], resolved, triggered[1], '9999'], message: 'Looking now' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.results.map((result) => [result.incidentNumber, result.cmdAccepted])).toEqual([
      [triggered[0], true],
      [resolved, false],
      [triggered[1], true],
      ['9999', false],
    ]);
    expect(ack.body.results[1]!.message).toMatch(/already resolved/);
    const after = await currentIncidents(sim);
    const first = after.find((incident) => incident.incidentNumber === triggered[0])!;
    expect(first.currentPhase).toBe('ACKED');
    expect(first.transitions.at(-1)).toMatchObject({ name: 'ACKED', by: 'grace.liu', manually: true, message: 'Looking now' });

    const resolve = await vo<AckOrResolveResponse>(sim, '/api-public/v1/incidents/resolve', {
      method: 'PATCH',
      body: { userName: 'GRACE.LIU', incidentNames: [triggered[0], triggered[0]], message: 'Rolled back' },
    });
    expect(resolve.body.results.map((result) => result.cmdAccepted)).toEqual([true, false]);
    const gone = (await currentIncidents(sim)).find((incident) => incident.incidentNumber === triggered[0])!;
    expect(gone.currentPhase).toBe('RESOLVED');
    expect(gone.transitions.at(-1)).toMatchObject({ name: 'RESOLVED', by: 'grace.liu', message: 'Rolled back' });
  });

  it('refuses an unknown user with 404 and a malformed body with 400, changing nothing', async () => {
    sim = await start({ historyDays: 0 });
    const [incident] = (await currentIncidents(sim)).filter((each) => each.currentPhase === 'UNACKED');
    const unknown = await vo(sim, '/api-public/v1/incidents/ack', {
      method: 'PATCH',
      body: { userName: 'mallory', incidentNames: [incident!.incidentNumber] },
    });
    expect(unknown).toEqual({ status: 404, body: { message: 'User not found' } });
    const numbers = await vo<{ message: string }>(sim, '/api-public/v1/incidents/resolve', {
      method: 'PATCH',
      body: { userName: 'grace.liu', incidentNames: [Number(incident!.incidentNumber)] },
    });
    expect(numbers.status).toBe(400);
    expect(numbers.body.message).toMatch(/incidentNames/);
    expect((await currentIncidents(sim)).find((each) => each.incidentNumber === incident!.incidentNumber)?.currentPhase).toBe('UNACKED');
  });
});

describe('reroute', () => {
  it('pages a user or a policy instead, reports each target, and refuses resolved incidents and unknown targets', async () => {
    sim = await start({ historyDays: 0 });
    const incidents = await currentIncidents(sim);
    const acked = incidents.find((incident) => incident.currentPhase === 'ACKED')!;
    const triggered = incidents.find((incident) => incident.currentPhase === 'UNACKED')!;
    const resolved = incidents.find((incident) => incident.currentPhase === 'RESOLVED')!;
    const leads = sim.state.policies.find((policy) => policy.name === 'Merchant Platform Leads')!;
    type Statuses = {
      statuses: { incidentNumber: string; success: boolean; message: string; targetStatus: { slug: string; success: boolean }[] }[];
    };
    const answer = await vo<Statuses>(sim, '/api-public/v1/incidents/reroute', {
      body: {
        userName: 'isabel.moreno',
        reroutes: [
          {
            incidentNumber: acked.incidentNumber,
            targets: [
              { type: 'User', slug: 'kenji.watanabe' },
              { type: 'User', slug: 'ghost' },
            ],
          },
          { incidentNumber: triggered.incidentNumber, targets: [{ type: 'EscalationPolicy', slug: leads.slug }] },
          { incidentNumber: resolved.incidentNumber, targets: [{ type: 'User', slug: 'kenji.watanabe' }] },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.statuses.map((status) => [status.incidentNumber, status.success])).toEqual([
      [acked.incidentNumber, true],
      [triggered.incidentNumber, true],
      [resolved.incidentNumber, false],
    ]);
    expect(answer.body.statuses[0]!.targetStatus).toEqual([
      expect.objectContaining({ slug: 'kenji.watanabe', success: true }),
      expect.objectContaining({ slug: 'ghost', success: false }),
    ]);
    const after = await currentIncidents(sim);
    const toUser = after.find((incident) => incident.incidentNumber === acked.incidentNumber)!;
    expect(toUser.currentPhase).toBe('UNACKED');
    expect(toUser.pagedUsers).toEqual(['kenji.watanabe']);
    expect(toUser.pagedPolicies).toEqual([
      { policy: { name: 'Generated Direct User Policy for kenji.watanabe', slug: 'directUserPolicySlug-kenji.watanabe' } },
    ]);
    const toPolicy = after.find((incident) => incident.incidentNumber === triggered.incidentNumber)!;
    expect(toPolicy.pagedPolicies.map((each) => each.policy.slug)).toEqual([leads.slug]);
    expect(toPolicy.pagedUsers).toEqual(['amara.nwosu']);

    const nobody = await vo<Statuses>(sim, '/api-public/v1/incidents/reroute', {
      body: {
        userName: 'isabel.moreno',
        reroutes: [{ incidentNumber: triggered.incidentNumber, targets: [{ type: 'EscalationPolicy', slug: 'pol-nope' }] }],
      },
    });
    expect(nobody.body.statuses[0]).toMatchObject({ success: false, targetStatus: [{ slug: 'pol-nope', success: false }] });
  });
});
