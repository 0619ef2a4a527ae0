// The REST API's gatekeeping: tokens, the From header on writes, per-token rate limits and unknown routes.
import { afterEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { DANA, pd, TOKEN, type IncidentPage } from './pd-http';

let sim: PagerDutySimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('authentication', () => {
  it('refuses missing, malformed and unknown tokens with 401 when validTokens is set', async () => {
    sim = await startPagerDutySimulator({ validTokens: [TOKEN], seedIncidents: 3 });
    const missing = await pd(sim, '/incidents', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { message: 'Unauthorized', code: 2006 } });
    const malformed = await fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: TOKEN } });
    expect(malformed.status).toBe(401);
    const unknown = await pd(sim, '/incidents', { token: 'someone-elses-token' });
    expect(unknown.status).toBe(401);
    const good = await pd<IncidentPage>(sim, '/incidents');
    expect(good.status).toBe(200);
    expect(good.body.incidents).toHaveLength(3);
  });

  it('accepts any well-formed token when no validTokens are configured', async () => {
    sim = await startPagerDutySimulator({ seedIncidents: 1 });
    expect((await pd(sim, '/users/me', { token: 'anything-goes' })).status).toBe(200);
    expect((await pd(sim, '/users/me', { token: null })).status).toBe(401);
  });
});

describe('personal API tokens', () => {
  it('act as their user: /users/me answers with them; other tokens act as the demo user', async () => {
    sim = await startPagerDutySimulator({ validTokens: [TOKEN], seedIncidents: 1 });
    const issue = async (email: unknown) =>
      fetch(`${sim!.baseUrl}/_simulator/user-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    const issued = await issue('victor.alvarez@example.com');
    expect(issued.status).toBe(201);
    const { token, user } = (await issued.json()) as { token: string; user: { email: string } };
    expect(user.email).toBe('victor.alvarez@example.com');
    expect((await pd<{ user: { email: string } }>(sim, '/users/me', { token })).body.user.email).toBe('victor.alvarez@example.com');
    expect((await pd<{ user: { email: string } }>(sim, '/users/me')).body.user.email).toBe(DANA);
    expect((await issue('nobody@elsewhere.test')).status).toBe(404);
    expect((await issue(42)).status).toBe(400);
  });
});

describe('From header on writes', () => {
  it('answers 400 without a From header and with an email that is not a user', async () => {
    sim = await startPagerDutySimulator({ seedIncidents: 2 });
    const [incident] = sim.state.listIncidents({ statuses: ['triggered', 'acknowledged'] });
    const path = `/incidents/${incident?.id}/notes`;
    const noFrom = await pd<{ error: { code: number; message: string } }>(sim, path, {
      method: 'POST',
      from: null,
      body: { note: { content: 'hi' } },
    });
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error.message).toContain('"From" header');
    const stranger = await pd<{ error: { code: number } }>(sim, path, {
      method: 'POST',
      from: 'nobody@elsewhere.test',
      body: { note: { content: 'hi' } },
    });
    expect(stranger.status).toBe(400);
    expect(sim.state.notesOf(incident!)).toHaveLength(0);
    const ok = await pd(sim, path, { method: 'POST', from: DANA.toUpperCase(), body: { note: { content: 'hi' } } });
    expect(ok.status).toBe(200);
    expect(sim.state.notesOf(incident!)).toHaveLength(1);
  });

  it('refuses a write whose body is not JSON', async () => {
    sim = await startPagerDutySimulator({ seedIncidents: 1 });
    const [incident] = sim.state.listIncidents();
    const bad = await pd<{ error: { code: number } }>(sim, `/incidents/${incident?.id}`, {
      method: 'PUT',
      body: '{"incident":',
      headers: {},
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe(2001);
  });
});

describe('rate limits', () => {
  it('reports the default of 960 requests per minute on every response', async () => {
    sim = await startPagerDutySimulator({ seedIncidents: 0 });
    const first = await pd(sim, '/priorities');
    expect(first.headers.get('ratelimit-limit')).toBe('960');
    expect(first.headers.get('ratelimit-remaining')).toBe('959');
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    const second = await pd(sim, '/users/me');
    expect(second.headers.get('ratelimit-remaining')).toBe('958');
  });

  it('answers 429 with code 2020 past the limit, per token, until the window resets', async () => {
    let clock = Date.UTC(2026, 0, 5, 12, 0, 0);
    sim = await startPagerDutySimulator({ seedIncidents: 0, rateLimitPerMinute: 5, now: () => clock });
    for (let i = 0; i < 5; i += 1) expect((await pd(sim, '/priorities')).status).toBe(200);
    const limited = await pd(sim, '/priorities');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe('60');
    expect((await pd(sim, '/priorities', { token: 'another-users-token' })).status).toBe(200);
    clock += 30_000;
    const stillLimited = await pd(sim, '/priorities');
    expect(stillLimited.status).toBe(429);
    expect(stillLimited.headers.get('ratelimit-reset')).toBe('30');
    clock += 30_000;
    const again = await pd(sim, '/priorities');
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('4');
  });
});

describe('unknown routes', () => {
  it("answers 404 with PagerDuty's not-found body", async () => {
    sim = await startPagerDutySimulator({ seedIncidents: 0 });
    const response = await pd(sim, '/no_such_thing');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { message: 'Not Found', code: 2100 } });
    expect((await pd(sim, '/incidents/QDOESNOTEXIST01')).status).toBe(404);
  });
});
