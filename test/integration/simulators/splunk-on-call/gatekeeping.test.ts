// The API's gatekeeping over real HTTP: the API ID / key pair, read-only keys, per-route rate limits, faults and the request log.
import { afterEach, describe, expect, it } from 'vitest';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../../electron/simulators/splunk-on-call';
import { API_ID, API_KEY, CREDENTIALS, vo } from './vo-http';

let sim: SplunkOnCallSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const quiet = { seedIncidents: false, historyDays: 0 } as const;

describe('authentication', () => {
  it('answers 401 when a header is missing and 403 "Authentication failed" for a pair the org did not issue', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet, credentials: CREDENTIALS });
    expect(await vo(sim, '/api-public/v1/incidents', { apiKey: null })).toEqual({
      status: 401,
      body: { message: 'Authentication parameters missing' },
    });
    expect((await vo(sim, '/api-public/v1/incidents', { apiId: null })).status).toBe(401);
    expect(await vo(sim, '/api-public/v1/incidents', { apiKey: 'revoked-key' })).toEqual({
      status: 403,
      body: { message: 'Authentication failed' },
    });
    expect((await vo(sim, '/api-public/v1/incidents', { apiId: 'other-org' })).status).toBe(403);
    expect((await vo(sim, '/api-public/v1/incidents')).status).toBe(200);
  });

  it('accepts any pair when no credentials are configured, and lets a read-only key only read', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet });
    expect((await vo(sim, '/api-public/v1/team', { apiId: 'any', apiKey: 'thing' })).status).toBe(200);
    await sim.close();
    sim = await startSplunkOnCallSimulator({ ...quiet, credentials: [{ apiId: API_ID, apiKey: 'read-only-key', readOnly: true }] });
    expect((await vo(sim, '/api-public/v1/incidents', { apiKey: 'read-only-key' })).status).toBe(200);
    const write = await vo<{ message: string }>(sim, '/api-public/v1/incidents/ack', {
      method: 'PATCH',
      apiKey: 'read-only-key',
      body: { userName: 'grace.liu', incidentNames: ['1'] },
    });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/read-only/);
  });

  it('answers 404 "Path not found" for a route it does not serve', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet, credentials: CREDENTIALS });
    expect(await vo(sim, '/api-public/v1/incidentz')).toEqual({ status: 404, body: { message: 'Path not found' } });
    expect((await vo(sim, '/api-public/v1/incidents', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('allows 60 incident lists a minute per API ID and answers the 61st with 403 "Too Many Requests", until the minute is over', async () => {
    let now = Date.UTC(2026, 2, 3, 12, 0, 0);
    sim = await startSplunkOnCallSimulator({ ...quiet, now: () => now });
    expect(sim.rateLimits.get('GET /api-public/v1/incidents')).toBe(60);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i += 1) statuses.push((await vo(sim, '/api-public/v1/incidents')).status);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(await vo(sim, '/api-public/v1/incidents')).toEqual({ status: 403, body: { message: 'Too Many Requests' } });
    expect(statuses[60]).toBe(403);
    // Other routes and other API IDs have their own windows.
    expect((await vo(sim, '/api-public/v1/team')).status).toBe(200);
    expect((await vo(sim, '/api-public/v1/incidents', { apiId: 'second-org' })).status).toBe(200);
    now += 60_000;
    expect((await vo(sim, '/api-public/v1/incidents')).status).toBe(200);
  });

  it('allows the policy list and the reporting history once a minute', async () => {
    let now = Date.UTC(2026, 2, 3, 12, 0, 0);
    sim = await startSplunkOnCallSimulator({ ...quiet, now: () => now });
    for (const path of ['/api-public/v1/policies', '/api-reporting/v2/incidents']) {
      expect((await vo(sim, path)).status).toBe(200);
      expect(await vo(sim, `${path}?offset=20`)).toEqual({ status: 403, body: { message: 'Too Many Requests' } });
    }
    now += 60_000;
    expect((await vo(sim, '/api-reporting/v2/incidents?offset=20')).status).toBe(200);
  });

  it('can answer 429 instead, change a limit, or switch limits off', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet, rateLimitStatus: 429, rateLimits: { 'GET /api-public/v1/team': 2 } });
    expect(sim.rateLimits.get('GET /api-public/v1/team')).toBe(2);
    expect(sim.rateLimits.get('GET /api-public/v1/policies')).toBe(1);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await vo(sim, '/api-public/v1/team')).status);
    expect(statuses).toEqual([200, 200, 429]);
    await sim.close();
    sim = await startSplunkOnCallSimulator({ ...quiet, rateLimits: false });
    expect(sim.rateLimits.size).toBe(0);
    for (let i = 0; i < 3; i += 1) expect((await vo(sim, '/api-public/v1/policies')).status).toBe(200);
  });
});

describe('faults and the request log', () => {
  it('injects server errors, a rate limit, slow answers, dropped connections and malformed JSON, then recovers', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet, credentials: CREDENTIALS, rateLimits: false });
    sim.faults.inject({ kind: 'server-error', count: 1, status: 503, path: '/api-public/v1/incidents' });
    sim.faults.inject({ kind: 'server-error', count: 1, path: '/api-public/v1/incidents' });
    sim.faults.inject({ kind: 'rate-limit', count: 1, path: '/api-public/v1/incidents' });
    sim.faults.inject({ kind: 'malformed', count: 1, path: '/api-public/v1/incidents' });
    const gateway = await vo(sim, '/api-public/v1/incidents');
    expect(gateway.status).toBe(503);
    expect(String(gateway.body)).toContain('Service Unavailable');
    expect(await vo(sim, '/api-public/v1/incidents')).toEqual({ status: 500, body: { message: 'Internal Server Error' } });
    expect(await vo(sim, '/api-public/v1/incidents')).toEqual({ status: 403, body: { message: 'Too Many Requests' } });
    const malformed = await vo(sim, '/api-public/v1/incidents');
    expect(malformed.status).toBe(200);
    expect(typeof malformed.body).toBe('string');
    expect((await vo(sim, '/api-public/v1/team')).status).toBe(200);

    sim.faults.inject({ kind: 'drop', count: 1_000 });
    await expect(vo(sim, '/api-public/v1/incidents')).rejects.toThrow();
    await expect(vo(sim, '/api-public/v1/team')).rejects.toThrow();
    sim.faults.clear();

    sim.faults.inject({ kind: 'slow', count: 1, delayMs: 300 });
    const started = Date.now();
    expect((await vo(sim, '/api-public/v1/incidents')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('takes faults over HTTP, validates them, and logs each request with its route (control routes excepted)', async () => {
    sim = await startSplunkOnCallSimulator({ ...quiet, credentials: CREDENTIALS, rateLimits: false });
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sim!.apiUrl}/_simulator/${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    expect((await control('POST', 'faults', { kind: 'server-error', count: 1, status: 502 })).status).toBe(204);
    expect((await control('POST', 'faults', { kind: 'server-error', count: 0 })).status).toBe(400);
    expect((await vo(sim, '/api-public/v1/user')).status).toBe(502);
    expect((await vo(sim, '/api-public/v1/user/grace.liu')).status).toBe(200);
    await vo(sim, '/api-public/v1/team/team-nope/members');
    const logged = (await (await control('GET', 'requests')).json()) as { requests: { route: string | null; status: number }[] };
    expect(logged.requests.map((request) => [request.route, request.status])).toEqual([
      ['GET /api-public/v1/user', 502],
      ['GET /api-public/v1/user/{user}', 200],
      ['GET /api-public/v1/team/{team}/members', 404],
    ]);
    expect(sim.requestsByRoute().get('GET /api-public/v1/user/{user}')?.[0]?.headers['x-vo-api-key']).toBe(API_KEY);
    expect((await control('POST', 'reset-request-log')).status).toBe(204);
    expect(sim.requests).toHaveLength(0);
  });
});
