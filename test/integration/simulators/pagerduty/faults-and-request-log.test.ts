// Fault injection (429 storms, 5xx, slow, dropped and malformed responses), in-process and over the
// /_simulator control routes, and the request log tests use to count calls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator, type RecordedRequest } from '../../../../electron/simulators/pagerduty';
import { DANA, pd, sendEvent } from './pd-http';

let sim: PagerDutySimulator;
beforeEach(async () => {
  sim = await startPagerDutySimulator({ seedIncidents: 3 });
});
afterEach(async () => {
  await sim.close();
});

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.baseUrl}/_simulator/${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
  });
}

describe('faults', () => {
  it('rate-limit: the next N matching requests get 429 with code 2020, others pass', async () => {
    sim.faults.inject({ kind: 'rate-limit', count: 2, path: '/incidents' });
    expect((await pd(sim, '/users/me')).status).toBe(200);
    const first = await pd(sim, '/incidents');
    expect(first.status).toBe(429);
    expect(first.body).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect(first.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect((await pd(sim, '/incidents/anything')).status).toBe(429);
    expect((await pd(sim, '/incidents')).status).toBe(200);
  });

  it('server-error: 500 with a JSON body by default, gateway errors as HTML', async () => {
    sim.faults.inject({ kind: 'server-error', count: 1 });
    sim.faults.inject({ kind: 'server-error', count: 1, status: 503 });
    const internal = await fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: 'Token token=t' } });
    expect(internal.status).toBe(500);
    expect(await internal.json()).toEqual({ error: { message: 'Internal Server Error', code: 2000 } });
    const unavailable = await fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: 'Token token=t' } });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: 'Token token=t' } })).status).toBe(200);
  });

  it('slow: delays the response, then answers normally', async () => {
    sim.faults.inject({ kind: 'slow', count: 1, delayMs: 300 });
    const started = performance.now();
    const response = await pd(sim, '/priorities');
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(response.status).toBe(200);
  });

  it('drop: destroys the connection without a response', async () => {
    sim.faults.inject({ kind: 'drop', count: 1 });
    await expect(fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: 'Token token=t' } })).rejects.toThrow();
    expect(sim.requests.at(-1)?.status).toBe(0);
    expect((await pd(sim, '/incidents')).status).toBe(200);
  });

  it('malformed: 200 with a truncated JSON body', async () => {
    sim.faults.inject({ kind: 'malformed', count: 1 });
    const response = await fetch(`${sim.baseUrl}/incidents`, { headers: { Authorization: 'Token token=t' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('applies to the Events API too, and clear() disarms everything', async () => {
    sim.faults.inject({ kind: 'server-error', count: 5, status: 502, path: '/v2/enqueue' });
    const service = sim.state.services[0]!;
    const event = {
      routing_key: sim.state.routingKeyFor(service.id),
      event_action: 'trigger',
      payload: { summary: 's', source: 'h', severity: 'info' },
    };
    expect((await fetch(sim.eventsUrl, { method: 'POST', body: JSON.stringify(event) })).status).toBe(502);
    sim.faults.clear();
    expect((await sendEvent(sim, event)).status).toBe(202);
  });

  it('rejects an invalid fault with a message saying what to fix', () => {
    expect(() => sim.faults.inject({ kind: 'slow', count: 0, delayMs: 10 })).toThrow(/count/);
  });
});

describe('control routes', () => {
  it('injects and clears faults over HTTP, without token, rate limit or recording', async () => {
    expect((await control('POST', 'faults', { kind: 'server-error', count: 3, status: 504, path: '/log_entries' })).status).toBe(204);
    expect((await pd(sim, '/log_entries')).status).toBe(504);
    expect((await control('DELETE', 'faults')).status).toBe(204);
    expect((await pd(sim, '/log_entries')).status).toBe(200);
    const invalid = await control('POST', 'faults', { kind: 'meteor', count: 1 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toContain('Invalid fault');
  });

  it('exposes and resets the request log', async () => {
    sim.resetRequestLog();
    await pd(sim, '/incidents?limit=10&statuses[]=triggered');
    const [incident] = sim.state.listIncidents();
    await pd(sim, `/incidents/${incident?.id}/notes`, { method: 'POST', body: { note: { content: 'x' } } });
    await control('GET', 'requests');
    expect(sim.requests).toHaveLength(2);
    const [list, note] = sim.requests as RecordedRequest[];
    expect(list).toMatchObject({ method: 'GET', path: '/incidents', query: 'limit=10&statuses[]=triggered', status: 200 });
    expect(list!.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(note).toMatchObject({ method: 'POST', status: 200, body: JSON.stringify({ note: { content: 'x' } }) });
    expect(note!.headers.from).toBe(DANA);

    const over = (await (await control('GET', 'requests')).json()) as { requests: RecordedRequest[] };
    expect(over.requests.map((request) => request.path)).toEqual(['/incidents', `/incidents/${incident?.id}/notes`]);
    expect((await control('POST', 'reset-request-log')).status).toBe(204);
    expect(sim.requests).toHaveLength(0);
  });
});
