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
    const [read, write] = calls;
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

  it('lists the open incidents and reads incidents now from one GET of the current incidents', async () => {
    const { provider, calls } = setup();
    const open = await provider.listOpenIncidents();
    expect(open.map((incident) => [incident.id, incident.status])).toEqual([
      ['splunk-on-call:4', 'triggered'],
      ['splunk-on-call:7', 'acknowledged'],
    ]);
    expect(open[0]?.htmlUrl).toBe('https://portal.victorops.com/ui/acme/incident/4/details');
    const now = await provider.incidentsNow(['splunk-on-call:8', 'splunk-on-call:99']);
    expect([...now.keys()]).toEqual(['splunk-on-call:8']);
    expect(now.get('splunk-on-call:8')?.status).toBe('resolved');
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api-public/v1/incidents', 'GET /api-public/v1/incidents']);
    calls.forEach(expectDocumented);
  });

  it('acknowledges many incidents in one call as the configured user; one resolved meanwhile is refused in Splunk On-Call’s words', async () => {
    const { provider, calls } = setup();
    const outcomes = await provider.acknowledge(
      ['splunk-on-call:4', 'splunk-on-call:8', 'splunk-on-call:4', 'splunk-on-call:12'],
      ' on it ',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api-public/v1/incidents/ack',
      body: { userName: 'ada', incidentNames: ['4', '8', '12'], message: 'on it' },
    });
    expect(outcomes).toEqual([
      { incidentId: 'splunk-on-call:4', landed: true, refusal: null },
      { incidentId: 'splunk-on-call:8', landed: false, refusal: 'Incident 8 is already resolved' },
      { incidentId: 'splunk-on-call:12', landed: false, refusal: 'Splunk On-Call gave no result for this incident' },
    ]);
    calls.forEach(expectDocumented);
  });

  it('resolves without a message when none is given', async () => {
    const { provider, calls } = setup();
    expect(await provider.resolve(['splunk-on-call:4'])).toEqual([{ incidentId: 'splunk-on-call:4', landed: true, refusal: null }]);
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api-public/v1/incidents/resolve',
      body: { userName: 'ada', incidentNames: ['4'] },
    });
    expect(calls[0]?.body).not.toHaveProperty('message');
    expect(await provider.resolve([])).toEqual([]);
    expect(calls).toHaveLength(1);
    calls.forEach(expectDocumented);
  });

  it('reroutes to a policy or a user in one call, with each incident’s outcome', async () => {
    const { provider, calls } = setup();
    const outcomes = await provider.reroute(['splunk-on-call:4', 'splunk-on-call:7'], { kind: 'escalation-policy', slug: 'pol-identity' });
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
    expect(outcomes).toEqual([
      { incidentId: 'splunk-on-call:4', landed: true, refusal: null },
      { incidentId: 'splunk-on-call:7', landed: false, refusal: 'Incident 7 is resolved' },
    ]);
    await provider.reroute(['splunk-on-call:4'], { kind: 'user', username: 'grace' });
    expect(calls[1]?.body).toEqual({ userName: 'ada', reroutes: [{ incidentNumber: '4', targets: [{ type: 'User', slug: 'grace' }] }] });
    calls.forEach(expectDocumented);
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
    expect(await provider.listOpenIncidents()).toHaveLength(2);
    expect(calls).toHaveLength(2);
    // The retry loop's short backoff, then the rest of the window.
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(61_000);
  });

  it('429 is a rate limit too (the official Go client retries on it)', async () => {
    let refused = 0;
    const once: Route = (call) => (call.method === 'PATCH' && refused++ === 0 ? json({ message: 'Too Many Requests' }, 429) : undefined);
    const { provider, calls } = setup([once]);
    expect((await provider.acknowledge(['splunk-on-call:4']))[0]?.landed).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('403 with no words on a route just used at its limit is a rate limit, not a refused key', async () => {
    let served = 0;
    const sixtyThenRefuse: Route = (call) =>
      call.path === '/api-public/v1/incidents' && ++served === 60 ? new Response('', { status: 403 }) : undefined;
    const { provider, sleeps } = setup([sixtyThenRefuse], { rateLimits: { 'GET /api-public/v1/incidents': 60 } });
    for (let i = 0; i < 59; i++) await provider.listOpenIncidents();
    expect(sleeps).toEqual([]);
    expect(await provider.listOpenIncidents()).toHaveLength(2);
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
