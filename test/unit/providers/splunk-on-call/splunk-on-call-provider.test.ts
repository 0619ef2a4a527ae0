/**
 * The Splunk On-Call provider against a scripted fetch: the request each method sends
 * (method, path, headers, query, body), checked by hand and against the published
 * document's paths, required headers and request schemas (skipped with a printed reason
 * when the document is absent); per-incident outcomes; and how it reads 401, 403 and 429:
 * a refused key names what to fix, a rate limit holds the route back a window and retries.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { createSplunkOnCallProvider, type SplunkOnCallConfig } from '../../../../electron/providers/splunk-on-call';
import { fakeFetch, json, type RecordedCall } from '../fake-fetch';
import { SOC_ON_CALL_NOW, SOC_POLICIES, SOC_ROUTING_KEYS, socIncident, socTeam, socUser, transition } from './fixtures';
import { loadSplunkOnCallSwagger } from './swagger';

const swagger = loadSplunkOnCallSwagger('Splunk On-Call request checks against the published document');

const API_ID = 'a1b2c3d4';
const KEY = 'k3y-0f-the-0rg-12345';
const START = Date.parse('2020-03-25T12:00:00Z');

type Route = (call: RecordedCall) => Response | undefined;

/** Answers from the fixtures, each 200 body checked against the document's 200 schema. */
const ANSWERS: Record<string, unknown> = {
  'GET /api-public/v1/incidents': {
    incidents: [
      socIncident('4'),
      socIncident('7', { currentPhase: 'ACKED', transitions: [transition('ACKED', '2020-03-24T19:31:00Z', 'ada')] }),
      socIncident('8', { currentPhase: 'RESOLVED', transitions: [transition('RESOLVED', '2020-03-24T19:40:00Z', 'ada')] }),
    ],
  },
  'GET /api-public/v1/user/ada': socUser('ada', 'Ada', 'Lovelace'),
  'GET /api-public/v1/user': {
    _selfUrl: '/api-public/v1/user',
    users: [socUser('ada', 'Ada', 'Lovelace'), socUser('grace', 'Grace', 'Hopper')],
  },
  'GET /api-public/v1/team': [socTeam('team-KXK4L1qPrbLWwa6w', 'Payments'), socTeam('team-identity', 'Identity')],
  'GET /api-public/v1/team/team-KXK4L1qPrbLWwa6w/members': {
    _selfUrl: '/api-public/v1/team/team-KXK4L1qPrbLWwa6w/members',
    members: [{ firstName: 'Ada', lastName: 'Lovelace', username: 'ada', verified: 'true', version: 1 }],
  },
  'GET /api-public/v1/team/team-identity/members': {
    members: [
      { firstName: 'Ada', lastName: 'Lovelace', username: 'ada', verified: 'true', version: 1 },
      { firstName: 'Grace', lastName: 'Hopper', username: 'grace', verified: 'true', version: 1 },
    ],
  },
  'GET /api-public/v1/policies': SOC_POLICIES,
  'GET /api-public/v1/org/routing-keys': SOC_ROUTING_KEYS,
  'GET /api-public/v1/oncall/current': SOC_ON_CALL_NOW,
  'PATCH /api-public/v1/incidents/ack': {
    results: [
      { cmdAccepted: true, entityId: 'checkout/latency-4', incidentNumber: '4', message: 'Incident acknowledged' },
      { cmdAccepted: false, entityId: 'checkout/latency-8', incidentNumber: '8', message: 'Incident 8 is already resolved' },
    ],
  },
  'PATCH /api-public/v1/incidents/resolve': {
    results: [{ cmdAccepted: true, entityId: 'checkout/latency-4', incidentNumber: '4', message: 'Incident resolved' }],
  },
  'POST /api-public/v1/incidents/reroute': {
    statuses: [
      { incidentNumber: '4', success: true, targetStatus: [{ slug: 'pol-identity', success: true }] },
      { incidentNumber: '7', success: false, message: 'Incident 7 is resolved', targetStatus: [{ slug: 'pol-identity', success: false }] },
    ],
  },
  'GET /api-public/v1/alerts/a1b2c3-7': {
    entityId: 'checkout/latency-7',
    entityDisplayName: 'Checkout latency 7',
    messageType: 'CRITICAL',
    monitoringTool: 'Nagios',
    stateMessage: 'p99 at 2.4 s, see https://grafana.example.com/d/checkout',
    timestamp: 1585078234,
    raw: JSON.stringify({
      message_type: 'CRITICAL',
      entity_id: 'checkout/latency-7',
      'vo_annotate.u.Runbook': 'https://wiki.example.com/runbooks/checkout',
      dashboard: 'javascript:alert(1)',
    }),
  },
  'GET /api-reporting/v2/incidents': {
    incidents: [
      socIncident('2', {
        currentPhase: 'RESOLVED',
        startTime: '2020-03-20T10:00:00Z',
        transitions: [transition('ACKED', '2020-03-20T10:02:00Z', 'ada'), transition('RESOLVED', '2020-03-20T10:30:00Z', 'ada')],
      }),
    ],
  },
};

function setup(routes: Route[] = [], config: Partial<SplunkOnCallConfig> = {}) {
  const { fetch, calls } = fakeFetch((call) => {
    for (const route of routes) {
      const answer = route(call);
      if (answer) return answer;
    }
    const body = ANSWERS[`${call.method} ${call.path}`];
    return body === undefined ? json({ message: 'Path not found' }, 404) : json(body);
  });
  const clock = { t: START };
  const sleeps: number[] = [];
  const provider = createSplunkOnCallProvider({
    apiUrl: 'http://127.0.0.1:9/',
    apiId: API_ID,
    apiKey: KEY,
    username: 'ada',
    orgSlug: 'acme',
    fetch,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    backoff: { baseMs: 100, capMs: 1_000 },
    ...config,
  });
  return { provider, calls, sleeps, clock };
}

async function refusalOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** The request is one the document describes: its path and method, required headers, known query parameters, and body schema. */
function expectDocumented(call: RecordedCall): void {
  if (!swagger) return;
  const operation = swagger.operation(call.method, call.path);
  expect(operation, `${call.method} ${call.path} is in the document`).not.toBeNull();
  for (const header of swagger.requiredHeaders(operation!)) expect(call.headers[header.toLowerCase()], header).toBeTruthy();
  for (const name of call.query.keys()) expect(swagger.queryParameters(operation!), name).toContain(name);
  expect(swagger.bodyProblems(operation!, call.body), `${call.method} ${call.path} body`).toEqual([]);
}

describe('the fixtures the scripted server answers with', () => {
  it.skipIf(!swagger)('fit each route’s 200 schema', () => {
    for (const [route, body] of Object.entries(ANSWERS)) {
      const [method, path] = route.split(' ') as [string, string];
      expect(swagger!.responseProblems(swagger!.operation(method, path)!, body), route).toEqual([]);
    }
  });
});

describe('requests', () => {
  it('sends both credentials on every request, JSON Accept, and Content-Type only with a body', async () => {
    const { provider, calls } = setup();
    await provider.listOpenIncidents();
    await provider.acknowledge(['splunk-on-call:4']);
    const [read] = calls;
    const write = calls.at(-1);
    expect(read?.headers).toEqual({ 'x-vo-api-id': API_ID, 'x-vo-api-key': KEY, accept: 'application/json' });
    expect(write?.headers).toEqual({
      'x-vo-api-id': API_ID,
      'x-vo-api-key': KEY,
      accept: 'application/json',
      'content-type': 'application/json',
    });
    calls.forEach(expectDocumented);
  });

  it('whoAmI reads the configured user once: "Test" says whose name writes carry', async () => {
    const { provider, calls } = setup();
    expect(await provider.whoAmI()).toEqual({ id: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' });
    await provider.whoAmI();
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api-public/v1/user/ada']);
    calls.forEach(expectDocumented);
  });

  it('lists the open incidents (naming people from the user list, once) and reads incidents now from one GET of the current incidents', async () => {
    const { provider, calls } = setup();
    const { incidents: open } = await provider.listOpenIncidents();
    expect(open.map((incident) => [incident.id, incident.status])).toEqual([
      ['splunk-on-call:4', 'triggered'],
      ['splunk-on-call:7', 'acknowledged'],
    ]);
    expect(open[0]?.htmlUrl).toBe('https://portal.victorops.com/ui/acme/incident/4/details');
    const now = await provider.incidentsNow(['splunk-on-call:8', 'splunk-on-call:99']);
    expect([...now.keys()]).toEqual(['splunk-on-call:8']);
    expect(now.get('splunk-on-call:8')?.status).toBe('resolved');
    // Paged users by their names, read from the user list before any directory read.
    expect(open[0]?.assignees).toEqual([{ id: 'ada', name: 'Ada Lovelace' }]);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /api-public/v1/incidents',
      'GET /api-public/v1/user',
      'GET /api-public/v1/incidents',
    ]);
    calls.forEach(expectDocumented);
  });

  it('acknowledges many incidents in one call as the configured user; one resolved meanwhile is refused in Splunk On-Call’s words', async () => {
    const { provider, calls } = setup();
    const refusal = await refusalOf(
      provider.acknowledge(['splunk-on-call:4', 'splunk-on-call:8', 'splunk-on-call:4', 'splunk-on-call:12'], ' on it '),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api-public/v1/incidents/ack',
      body: { userName: 'ada', incidentNames: ['4', '8', '12'], message: 'on it' },
    });
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toBe(
      'Not acknowledged: #8: Incident 8 is already resolved; #12: Splunk On-Call gave no result for it. The other one was acknowledged.',
    );
    calls.forEach(expectDocumented);
  });

  it('resolves without a message when none is given; one already resolved counts as done (safe to replay)', async () => {
    const alreadyResolved: Route = (call) =>
      call.path === '/api-public/v1/incidents/resolve'
        ? json({
            results: (call.body as { incidentNames: string[] }).incidentNames.map((number) =>
              number === '8'
                ? { cmdAccepted: false, incidentNumber: number, message: `Incident ${number} is already resolved` }
                : { cmdAccepted: true, incidentNumber: number, message: 'Incident resolved' },
            ),
          })
        : undefined;
    const { provider, calls } = setup([alreadyResolved]);
    await provider.resolve(['splunk-on-call:4', 'splunk-on-call:8']);
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api-public/v1/incidents/resolve',
      body: { userName: 'ada', incidentNames: ['4', '8'] },
    });
    expect(calls[0]?.body).not.toHaveProperty('message');
    await provider.resolve([]);
    expect(calls).toHaveLength(1);
    calls.forEach(expectDocumented);
  });

  it('when every incident is refused, says so in Splunk On-Call’s words only', async () => {
    const refuseAll: Route = (call) =>
      call.path === '/api-public/v1/incidents/resolve'
        ? json({ results: [{ cmdAccepted: false, incidentNumber: '4', message: 'Incident 4 is locked.' }] })
        : undefined;
    const { provider } = setup([refuseAll]);
    const refusal = await refusalOf(provider.resolve(['splunk-on-call:4'], 'done'));
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toBe('Not resolved: #4: Incident 4 is locked.');
  });

  it('reassigns by rerouting to a policy or to users in one call; a refused incident is named, the others land', async () => {
    const { provider, calls } = setup();
    const refusal = await refusalOf(
      provider.updateIncidents(['splunk-on-call:4', 'splunk-on-call:7'], { assignTo: { escalationPolicyId: 'pol-identity' } }),
    );
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api-public/v1/incidents/reroute',
      body: {
        userName: 'ada',
        reroutes: [
          { incidentNumber: '4', targets: [{ type: 'EscalationPolicy', slug: 'pol-identity' }] },
          { incidentNumber: '7', targets: [{ type: 'EscalationPolicy', slug: 'pol-identity' }] },
        ],
      },
    });
    expect(refusal.message).toBe('Not reassigned: #7: Incident 7 is resolved. The other one was reassigned.');
    await provider.updateIncidents(['splunk-on-call:4'], { assignTo: { userIds: ['grace', 'ada', 'grace'] } });
    expect(calls[1]?.body).toEqual({
      userName: 'ada',
      reroutes: [
        {
          incidentNumber: '4',
          targets: [
            { type: 'User', slug: 'grace' },
            { type: 'User', slug: 'ada' },
          ],
        },
      ],
    });
    calls.forEach(expectDocumented);
  });

  it('refuses what Splunk On-Call has no equivalent for, before sending anything, in words a user sees', async () => {
    const { provider, calls } = setup();
    const id = 'splunk-on-call:4';
    const refusals = await Promise.all([
      refusalOf(provider.addNote(id, 'hello')),
      refusalOf(provider.updateNote(id, 'n1', 'hello')),
      refusalOf(provider.deleteNote(id, 'n1')),
      refusalOf(provider.snooze(id, 600)),
      refusalOf(provider.merge(id, ['splunk-on-call:7'])),
      refusalOf(provider.addResponders(id, { userIds: ['grace'], escalationPolicyIds: [], message: 'help' })),
      refusalOf(provider.reopen([id])),
      refusalOf(provider.updateIncidents([id], { urgency: 'low' })),
      refusalOf(provider.updateIncidents([id], { priorityId: 'P1' })),
      refusalOf(provider.updateIncidents([id], { escalationLevel: 2 })),
      refusalOf(provider.updateIncidents([id], { assignTo: { userIds: ['grace'] }, urgency: 'high' })),
    ]);
    expect(refusals.every((refusal) => refusal.kind === 'rejected')).toBe(true);
    expect(refusals.map((refusal) => refusal.message)).toEqual([
      'Splunk On-Call has no incident notes in its public API: the note was not sent to Splunk On-Call',
      'Splunk On-Call has no incident notes in its public API: there is no note to change in Splunk On-Call',
      'Splunk On-Call has no incident notes in its public API: there is no note to remove in Splunk On-Call',
      "Splunk On-Call's public API has no snooze (only its web app snoozes): the incident was not snoozed",
      "Splunk On-Call's public API cannot merge incidents: nothing was merged",
      "Splunk On-Call's public API cannot add responders (a reroute replaces who is paged): no one was added",
      "Splunk On-Call's public API cannot reopen a resolved incident: it stays resolved",
      'Splunk On-Call has no incident urgency (every incident pages): nothing was changed in Splunk On-Call',
      'Splunk On-Call has no incident priority: nothing was changed in Splunk On-Call',
      "Splunk On-Call's public API cannot move an incident to another escalation level: nothing was changed in Splunk On-Call",
      'Splunk On-Call has no incident urgency (every incident pages): nothing was changed in Splunk On-Call',
    ]);
    expect(await provider.listNotes(id)).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('refuses ids that are not Splunk On-Call’s before sending anything', async () => {
    const { provider, calls } = setup();
    const refusal = await refusalOf(provider.acknowledge(['Q1ABC23DEF45GH']));
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toContain('"Q1ABC23DEF45GH" is not a Splunk On-Call incident id');
    expect(calls).toHaveLength(0);
  });

  it('reads the directory: users with their teams, teams, policies, routing keys as services', async () => {
    const { provider, calls } = setup();
    const directory = await provider.getDirectory();
    expect(directory.users).toEqual([
      {
        id: 'ada',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        teamIds: ['team-KXK4L1qPrbLWwa6w', 'team-identity'],
        contactMethods: [],
      },
      { id: 'grace', name: 'Grace Hopper', email: 'grace@example.com', teamIds: ['team-identity'], contactMethods: [] },
    ]);
    expect(directory.teams.map((team) => team.id)).toEqual(['team-KXK4L1qPrbLWwa6w', 'team-identity']);
    expect(directory.escalationPolicies.map((policy) => policy.id)).toEqual(['pol-payments', 'pol-identity']);
    expect(directory.services.map((service) => service.id)).toEqual(['routingdefault', 'identity']);
    expect(directory.priorities).toEqual([]);
    // The names it learnt show on on-calls.
    const onCalls = await provider.listOnCalls();
    expect(onCalls.find((onCall) => onCall.user.id === 'grace')?.user.name).toBe('Grace Hopper');
    calls.forEach(expectDocumented);
  });

  it('reads the policy list (once a minute) at most every two minutes', async () => {
    const { provider, calls, clock } = setup();
    await provider.getDirectory();
    clock.t += 90_000;
    await provider.getDirectory();
    clock.t += 31_000;
    await provider.getDirectory();
    expect(calls.filter((call) => call.path === '/api-public/v1/policies')).toHaveLength(2);
  });

  it('accepts the users list nested one level deeper, as live servers send it', async () => {
    const nested: Route = (call) =>
      call.path === '/api-public/v1/user'
        ? json({ users: [[socUser('ada', 'Ada', 'Lovelace'), socUser('grace', 'Grace', 'Hopper')]] })
        : undefined;
    const { provider } = setup([nested]);
    expect((await provider.getDirectory()).users.map((user) => user.id)).toEqual(['ada', 'grace']);
  });
});

describe('the queue’s sync, the Resolved view and an incident’s detail', () => {
  /** The current list, changeable between reads. */
  function listing(initial: Record<string, unknown>[]) {
    const state = { incidents: initial };
    const route: Route = (call) => (call.path === '/api-public/v1/incidents' ? json({ incidents: state.incidents }) : undefined);
    return { state, route };
  }

  it('polls with one read of the current list: nothing when idle, else what changed, what is new and what is gone', async () => {
    const list = listing([socIncident('4'), socIncident('7', { currentPhase: 'ACKED' }), socIncident('8', { currentPhase: 'RESOLVED' })]);
    const { provider, calls } = setup([list.route]);
    const { incidents, cursor } = await provider.listOpenIncidents();
    expect(incidents.map((incident) => incident.id)).toEqual(['splunk-on-call:4', 'splunk-on-call:7']);
    const idle = await provider.changesSince(cursor);
    expect(idle).toEqual({ changed: [], leftScope: [], cursor });
    // The first load also read the user list once, for people's names.
    expect(calls.map((call) => call.path)).toEqual(['/api-public/v1/incidents', '/api-public/v1/user', '/api-public/v1/incidents']);

    list.state.incidents = [
      socIncident('4', { currentPhase: 'ACKED', transitions: [transition('ACKED', '2020-03-24T19:35:00Z', 'ada')] }),
      socIncident('8', { currentPhase: 'RESOLVED' }),
      socIncident('9'),
      socIncident('10', { currentPhase: 'RESOLVED', transitions: [transition('RESOLVED', '2020-03-24T19:50:00Z')] }),
    ];
    const next = await provider.changesSince(idle.cursor);
    expect(next.changed.map((incident) => [incident.id, incident.status])).toEqual([
      ['splunk-on-call:4', 'acknowledged'],
      ['splunk-on-call:9', 'triggered'],
      ['splunk-on-call:10', 'resolved'],
    ]);
    expect(next.leftScope).toEqual(['splunk-on-call:7']);
    // A reroute changes who is paged, with no transition: still a change.
    list.state.incidents = [...list.state.incidents.slice(0, 3), socIncident('10', { currentPhase: 'RESOLVED', pagedUsers: ['grace'] })];
    const rerouted = await provider.changesSince(next.cursor);
    expect(rerouted.changed.map((incident) => incident.id)).toEqual(['splunk-on-call:10']);
    expect(calls).toHaveLength(5); // four polls, and the first load's user list
    calls.forEach(expectDocumented);
  });

  it('refuses a cursor it did not write, before sending anything', async () => {
    const { provider, calls } = setup();
    const refusal = await refusalOf(provider.changesSince('{"v":1,"since":"2020-03-24T19:30:34Z","seen":[]}'));
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toContain('run a full load');
    expect(calls).toHaveLength(0);
  });

  it('lists the recently resolved newest first, topped up from the history once, and never waits for the history route', async () => {
    const list = listing([
      socIncident('4'),
      socIncident('8', { currentPhase: 'RESOLVED', transitions: [transition('RESOLVED', '2020-03-24T19:40:00Z', 'ada')] }),
      socIncident('9', { currentPhase: 'RESOLVED', transitions: [transition('RESOLVED', '2020-03-24T19:45:00Z', 'ada')] }),
    ]);
    const history: Route = (call) =>
      call.path === '/api-reporting/v2/incidents' && call.query.get('currentPhase') === 'resolved'
        ? json({
            incidents: [
              socIncident('3', { currentPhase: 'RESOLVED', endTime: '2020-03-20T10:30:00Z' }),
              socIncident('8', { currentPhase: 'RESOLVED', endTime: '2020-03-24T19:40:00Z' }),
              socIncident('2', { currentPhase: 'RESOLVED', endTime: '2020-03-19T10:30:00Z' }),
            ],
            total: 3,
          })
        : undefined;
    const { provider, calls, sleeps, clock } = setup([list.route, history]);
    expect((await provider.listRecentlyResolved(2)).map((incident) => incident.id)).toEqual(['splunk-on-call:9', 'splunk-on-call:8']);
    expect(calls.map((call) => call.path)).toEqual(['/api-public/v1/incidents']);

    const five = await provider.listRecentlyResolved(5);
    expect(five.map((incident) => incident.id)).toEqual(['splunk-on-call:9', 'splunk-on-call:8', 'splunk-on-call:3', 'splunk-on-call:2']);
    expect(five[2]?.updatedAt).toBe('2020-03-20T10:30:00Z');
    const historyReads = () => calls.filter((call) => call.path === '/api-reporting/v2/incidents');
    expect([...historyReads()[0]!.query.entries()]).toEqual([
      ['offset', '0'],
      ['limit', '5'],
      ['currentPhase', 'resolved'],
    ]);
    // Kept for a while: the next read is the current list alone.
    clock.t += 5 * 60_000;
    expect(await provider.listRecentlyResolved(5)).toHaveLength(4);
    expect(historyReads()).toHaveLength(1);
    // Later, with the once-a-minute route just used by the metrics: not waited for, the kept read serves.
    clock.t += 11 * 60_000;
    await provider.listIncidentTimes(clock.t - 86_400_000);
    expect(historyReads()).toHaveLength(2);
    expect(await provider.listRecentlyResolved(5)).toHaveLength(4);
    expect(historyReads()).toHaveLength(2);
    expect(sleeps).toEqual([]);
    calls.forEach(expectDocumented);
  });

  it('an incident’s detail: its start and transitions as the timeline, its last alert, and nothing for what the API lacks', async () => {
    const list = listing([
      socIncident('7', {
        currentPhase: 'RESOLVED',
        lastAlertId: 'a1b2c3-7',
        transitions: [
          {
            name: 'RESOLVED',
            at: '2020-03-24T19:40:00Z',
            manually: false,
            alertId: 'a1b2c3-7',
            alertUrl: '/api-public/v1/alerts/a1b2c3-7',
          },
          transition('ACKED', '2020-03-24T19:31:00Z', 'ada'),
        ],
      }),
    ]);
    const { provider, calls } = setup([list.route]);
    await provider.getDirectory();
    calls.length = 0;
    const detail = await provider.getIncidentDetail('splunk-on-call:7');
    expect(detail.incident).toMatchObject({ id: 'splunk-on-call:7', status: 'resolved', updatedAt: '2020-03-24T19:40:00Z' });
    expect(detail.logEntries).toEqual([
      {
        id: 'splunk-on-call:7:start',
        type: 'trigger',
        summary: 'Triggered by an alert routed by routingdefault.',
        createdAt: '2020-03-24T19:30:34Z',
        agent: null,
      },
      {
        id: 'splunk-on-call:7:transition:1',
        type: 'acknowledge',
        summary: 'Acknowledged by Ada Lovelace: ACKED by ada',
        createdAt: '2020-03-24T19:31:00Z',
        agent: { id: 'ada', name: 'Ada Lovelace' },
      },
      {
        id: 'splunk-on-call:7:transition:0',
        type: 'resolve',
        summary: 'Resolved by an alert.',
        createdAt: '2020-03-24T19:40:00Z',
        agent: null,
      },
    ]);
    expect(detail.alerts).toEqual([
      {
        id: 'a1b2c3-7',
        summary: 'Checkout latency 7',
        status: 'triggered',
        createdAt: '2020-03-24T19:30:34.000Z',
        severity: 'CRITICAL',
        details: expect.objectContaining({ entity_id: 'checkout/latency-7' }),
        links: [
          { href: 'https://wiki.example.com/runbooks/checkout', text: 'Runbook' },
          { href: 'https://grafana.example.com/d/checkout', text: 'https://grafana.example.com/d/checkout' },
        ],
      },
    ]);
    expect(detail).toMatchObject({ notes: [], responders: [], escalation: null });
    expect(calls.map((call) => call.path)).toEqual(['/api-public/v1/incidents', '/api-public/v1/alerts/a1b2c3-7']);
    calls.forEach(expectDocumented);
  });

  it('the detail of an incident no longer listed comes from the history; one it does not know is refused', async () => {
    const history: Route = (call) =>
      call.path === '/api-reporting/v2/incidents'
        ? json({
            incidents:
              call.query.get('incidentNumber') === '2' ? [socIncident('2', { currentPhase: 'RESOLVED', lastAlertId: 'gone' })] : [],
          })
        : undefined;
    const { provider, calls, clock } = setup([history]);
    const detail = await provider.getIncidentDetail('splunk-on-call:2');
    expect(detail.incident.status).toBe('resolved');
    expect(detail.alerts).toEqual([]);
    expect([...calls[1]!.query.entries()]).toEqual([
      ['incidentNumber', '2'],
      ['currentPhase', 'triggered,acknowledged,resolved'],
      ['limit', '1'],
    ]);
    clock.t += 61_000;
    const refusal = await refusalOf(provider.getIncidentDetail('splunk-on-call:99'));
    expect(refusal.kind).toBe('rejected');
    expect(refusal.message).toBe('Splunk On-Call has no incident 99');
    calls.forEach(expectDocumented);
  });
});

describe('incident history for response metrics', () => {
  it('asks the reporting API for every phase started since then, and maps the times', async () => {
    const { provider, calls } = setup();
    const since = Date.parse('2020-03-01T00:00:00Z');
    const times = await provider.listIncidentTimes(since);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.path).toBe('/api-reporting/v2/incidents');
    expect([...calls[0]!.query.entries()]).toEqual([
      ['offset', '0'],
      ['limit', '100'],
      ['startedAfter', '2020-03-01T00:00:00.000Z'],
      ['currentPhase', 'triggered,acknowledged,resolved'],
    ]);
    expect(times).toEqual([
      expect.objectContaining({
        incidentId: 'splunk-on-call:2',
        triggeredAt: Date.parse('2020-03-20T10:00:00Z'),
        acknowledgedAt: Date.parse('2020-03-20T10:02:00Z'),
        resolvedAt: Date.parse('2020-03-20T10:30:00Z'),
      }),
    ]);
    // A narrower ask within two minutes is served from that read.
    await provider.listIncidentTimes(since + 1);
    expect(calls).toHaveLength(1);
    calls.forEach(expectDocumented);
  });

  it('pages 100 at a time, each page a minute after the last', async () => {
    const items = Array.from({ length: 130 }, (_, index) => socIncident(String(index + 1), { currentPhase: 'RESOLVED' }));
    const paged: Route = (call) => {
      if (call.path !== '/api-reporting/v2/incidents') return undefined;
      const offset = Number(call.query.get('offset'));
      return json({ incidents: items.slice(offset, offset + 100), offset, limit: 100, total: items.length });
    };
    const { provider, calls, sleeps } = setup([paged]);
    const times = await provider.listIncidentTimes(Date.parse('2020-03-01T00:00:00Z'));
    expect(times).toHaveLength(130);
    expect(calls.map((call) => call.query.get('offset'))).toEqual(['0', '100']);
    expect(sleeps).toEqual([61_000]);
  });

  it('refuses a history longer than reportMaxPages pages instead of cutting it short', async () => {
    const full: Route = (call) =>
      call.path === '/api-reporting/v2/incidents'
        ? json({ incidents: Array.from({ length: 100 }, (_, index) => socIncident(String(Number(call.query.get('offset')) + index + 1))) })
        : undefined;
    const { provider, calls } = setup([full], { reportMaxPages: 2 });
    const refusal = await refusalOf(provider.listIncidentTimes(Date.parse('2020-03-01T00:00:00Z')));
    expect(refusal.message).toContain('more than 200 incidents');
    expect(refusal.message).toContain('raise reportMaxPages');
    expect(calls).toHaveLength(2);
  });
});

describe('refusals', () => {
  it('401: names the API ID and key to fix', async () => {
    const { provider, calls } = setup([() => json({ message: 'Authentication parameters missing' }, 401)]);
    const refusal = await refusalOf(provider.listOpenIncidents());
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toContain('SPLUNK_ONCALL_API_ID');
    expect(refusal.message).toContain('SPLUNK_ONCALL_API_KEY');
    expect(calls).toHaveLength(1);
  });

  it('403 saying the key is wrong: an auth failure naming the API ID and key, without echoing the key', async () => {
    const { provider } = setup([() => json({ message: `Invalid API key ${KEY}` }, 403)]);
    const refusal = await refusalOf(provider.listOpenIncidents());
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toMatch(/refused the API ID and key for GET \/api-public\/v1\/incidents \(403: Invalid API key \[redacted\]\)/);
    expect(refusal.message).toContain('check the API ID (SPLUNK_ONCALL_API_ID) and API key (SPLUNK_ONCALL_API_KEY)');
    expect(refusal.message).not.toContain(KEY);
  });

  it('403 with no words on a route not used at its limit: a refused key; on a write it mentions read-only keys', async () => {
    const { provider } = setup([() => new Response('', { status: 403 })]);
    const refusal = await refusalOf(provider.acknowledge(['splunk-on-call:4']));
    expect(refusal.kind).toBe('auth');
    expect(refusal.message).toContain('a read-only API key can read but not acknowledge, resolve or reroute');
  });

  it('404 on a write or on whoAmI: the username to fix', async () => {
    const { provider } = setup([
      (call) =>
        call.method !== 'GET' || call.path.startsWith('/api-public/v1/user/') ? json({ message: 'User not found' }, 404) : undefined,
    ]);
    for (const attempt of [provider.acknowledge(['splunk-on-call:4']), provider.whoAmI()]) {
      const refusal = await refusalOf(attempt);
      expect(refusal.kind).toBe('rejected');
      expect(refusal.message).toMatch(/knows no user "ada" .*404: User not found.*set the username \(SPLUNK_ONCALL_USER\)/);
    }
  });
});

describe('rate limits', () => {
  it('403 "Too Many Requests": holds the route back a whole window, then retries and succeeds', async () => {
    let refused = 0;
    const once: Route = (call) =>
      call.path === '/api-public/v1/incidents' && refused++ === 0 ? json({ message: 'Too Many Requests' }, 403) : undefined;
    const { provider, calls, sleeps } = setup([once]);
    expect((await provider.listOpenIncidents()).incidents).toHaveLength(2);
    expect(calls.filter((call) => call.path === '/api-public/v1/incidents')).toHaveLength(2);
    // The retry loop's short backoff, then the rest of the window.
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(61_000);
  });

  it('429 is a rate limit too (the official Go client retries on it)', async () => {
    let refused = 0;
    const once: Route = (call) => (call.method === 'PATCH' && refused++ === 0 ? json({ message: 'Too Many Requests' }, 429) : undefined);
    const { provider, calls } = setup([once]);
    await provider.acknowledge(['splunk-on-call:4']);
    expect(calls).toHaveLength(2);
  });

  it('403 with no words on a route just used at its limit is a rate limit, not a refused key', async () => {
    let served = 0;
    const sixtyThenRefuse: Route = (call) =>
      call.path === '/api-public/v1/incidents' && ++served === 60 ? new Response('', { status: 403 }) : undefined;
    const { provider, sleeps } = setup([sixtyThenRefuse], { rateLimits: { 'GET /api-public/v1/incidents': 60 } });
    for (let i = 0; i < 59; i++) await provider.listOpenIncidents();
    expect(sleeps).toEqual([]);
    expect((await provider.listOpenIncidents()).incidents).toHaveLength(2);
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(61_000);
  });

  it('on a once-a-minute route, a wordless 403 is a rate limit only after a recent success with the same key', async () => {
    const refuse: Route = (call) => (call.path === '/api-reporting/v2/incidents' ? new Response('', { status: 403 }) : undefined);
    const cold = setup([refuse], { maxRetries: 0 });
    const coldRefusal = await refusalOf(cold.provider.listIncidentTimes(START - 86_400_000));
    expect(coldRefusal.kind).toBe('auth');
    const warm = setup([refuse], { maxRetries: 0 });
    await warm.provider.listOpenIncidents();
    const warmRefusal = await refusalOf(warm.provider.listIncidentTimes(START - 86_400_000));
    expect(warmRefusal.kind).toBe('transient');
    expect(warmRefusal.message).toContain('rate limiting GET /api-reporting/v2/incidents (403)');
  });

  it('never earns a refusal from a server enforcing the documented limits, however fast it is asked', async () => {
    const windows = new Map<string, { start: number; count: number }>();
    const statuses: number[] = [];
    let clockRef: { t: number } = { t: 0 };
    const enforcing: Route = (call) => {
      const route = call.path.startsWith('/api-public/v1/team/') ? 'members' : `${call.method} ${call.path}`;
      const limit = call.path === '/api-public/v1/policies' || call.path === '/api-reporting/v2/incidents' ? 1 : 60;
      const window = windows.get(route);
      // A fixed minute from the route's first call, the server's clock a little ahead of ours.
      const now = clockRef.t + 500;
      const current = window && now - window.start < 60_000 ? window : { start: now, count: 0 };
      current.count += 1;
      windows.set(route, current);
      const allowed = current.count <= limit;
      statuses.push(allowed ? 200 : 403);
      return allowed ? undefined : json({ message: 'Too Many Requests' }, 403);
    };
    const { provider, clock } = setup([enforcing]);
    clockRef = clock;
    for (let i = 0; i < 150; i++) await provider.listOpenIncidents();
    for (let i = 0; i < 3; i++) await provider.acknowledge(['splunk-on-call:4']);
    for (let i = 0; i < 3; i++) {
      await provider.getDirectory();
      clock.t += 130_000;
    }
    await provider.listIncidentTimes(clock.t - 86_400_000);
    await provider.listIncidentTimes(clock.t - 2 * 86_400_000);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(150);
  });

  it('does not hold a request back longer than allowed: it says when the route is free', async () => {
    const { provider } = setup([], { maxPaceWaitMs: 5_000 });
    await provider.listIncidentTimes(START - 86_400_000);
    const refusal = await refusalOf(provider.listIncidentTimes(START - 10 * 86_400_000));
    expect(refusal.kind).toBe('transient');
    expect(refusal.retryAt).toBe(START + 61_000);
  });
});
