import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../../../electron/engine/ports';
import { PagerDutyClient, describeErrorBody, type PagerDutyClientOptions } from '../../../../electron/providers/pagerduty/pagerduty-client';
import { fakeFetch, json, type Handler } from '../fake-fetch';

const TOKEN = 'u+s3cr3t-token-value';
const Body = z.object({ ok: z.boolean() });

function clientWith(handler: Handler, overrides: Partial<PagerDutyClientOptions> = {}) {
  const { fetch, calls } = fakeFetch(handler);
  const sleeps: number[] = [];
  const clock = { t: 1_000_000 };
  const client = new PagerDutyClient({
    baseUrl: 'http://127.0.0.1:9/',
    token: TOKEN,
    from: 'ada@example.com',
    timeoutMs: 1_000,
    maxRetries: 3,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    random: () => 0.5,
    now: () => clock.t,
    backoff: { baseMs: 100, capMs: 10_000 },
    ...overrides,
  });
  return { client, calls, sleeps };
}

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('PagerDutyClient headers and URLs', () => {
  it('sends the token and the versioned Accept on reads, without From or Content-Type', async () => {
    const { client, calls } = clientWith(() => json({ ok: true }));
    await client.request({
      method: 'GET',
      path: '/incidents',
      query: [
        ['statuses[]', 'triggered'],
        ['statuses[]', 'acknowledged'],
        ['limit', 100],
      ],
      schema: Body,
    });
    const call = calls[0]!;
    expect(call.path).toBe('/incidents');
    expect(call.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(call.query.get('limit')).toBe('100');
    expect(call.headers.authorization).toBe(`Token token=${TOKEN}`);
    expect(call.headers.accept).toBe('application/vnd.pagerduty+json;version=2');
    expect(call.headers.from).toBeUndefined();
    expect(call.headers['content-type']).toBeUndefined();
  });

  it('adds From and Content-Type on writes with a body', async () => {
    const { client, calls } = clientWith(() => json({ ok: true }));
    await client.request({ method: 'PUT', path: '/incidents', body: { incidents: [] }, schema: Body });
    expect(calls[0]!.headers.from).toBe('ada@example.com');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toEqual({ incidents: [] });
  });
});

describe('PagerDutyClient error classification', () => {
  it('401 is an auth error that tells what to do and never contains the token', async () => {
    const { client, calls } = clientWith(() => json({ error: { message: `Bad token ${TOKEN}`, code: 2006 } }, 401));
    const error = await caught(client.request({ method: 'GET', path: '/users/me', schema: Body }));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/PagerDuty rejected the token \(401\): check the token/);
    expect(error.message).not.toContain(TOKEN);
    expect(calls).toHaveLength(1);
  });

  it('403 is an auth error, and a token echoed by the server is scrubbed', async () => {
    const { client } = clientWith(() => json({ error: { message: `Forbidden for ${TOKEN}`, code: 2010 } }, 403));
    const error = await caught(client.request({ method: 'PUT', path: '/incidents', body: {}, schema: Body }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('403');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
  });

  it("other 4xx are rejected, with PagerDuty's own message, code and details, and not retried", async () => {
    const { client, calls } = clientWith(() =>
      json({ error: { message: 'Invalid Input Provided', code: 2001, errors: ['Offset must be less than 10000.'] } }, 400),
    );
    const error = await caught(client.request({ method: 'GET', path: '/incidents', schema: Body }));
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'PagerDuty refused GET /incidents (400): Invalid Input Provided (code 2001): Offset must be less than 10000.',
    );
    expect(calls).toHaveLength(1);
  });

  it('retries 5xx with full-jitter backoff, then gives up as transient', async () => {
    const { client, calls, sleeps } = clientWith(() => json({ error: { message: 'Oops' } }, 503));
    const error = await caught(client.request({ method: 'GET', path: '/incidents', schema: Body }));
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/failed with 503.*gave up after 4 attempts/);
    expect(calls).toHaveLength(4);
    // random() = 0.5 over ceilings 100, 200, 400.
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('recovers from a 429 by waiting at least what ratelimit-reset says', async () => {
    let n = 0;
    const { client, calls, sleeps } = clientWith(() =>
      n++ === 0 ? json({ error: { message: 'Rate Limit Exceeded', code: 2020 } }, 429, { 'ratelimit-reset': '3' }) : json({ ok: true }),
    );
    await expect(client.request({ method: 'GET', path: '/incidents', schema: Body })).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(sleeps[0]).toBe(3_000);
  });

  it('treats network errors, timeouts and malformed bodies as transient and retries them', async () => {
    let n = 0;
    const { client, calls } = clientWith(() => {
      n++;
      if (n === 1) throw new TypeError('fetch failed');
      if (n === 2) throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      if (n === 3) return new Response('{"ok": tru', { status: 200 });
      return json({ ok: true });
    });
    await expect(client.request({ method: 'GET', path: '/x', schema: Body })).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(4);
  });

  it('says what was wrong with a body that does not match the schema', async () => {
    const { client } = clientWith(() => json({ ok: 'yes' }), { maxRetries: 0 });
    const error = await caught(client.request({ method: 'GET', path: '/x', schema: Body }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/unexpected body: ok: /);
  });

  it('says a timeout was a timeout', async () => {
    const { client } = clientWith(
      () => {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
      { maxRetries: 0 },
    );
    const error = await caught(client.request({ method: 'GET', path: '/x', schema: Body }));
    expect(error.message).toMatch(/no answer within 1000 ms/);
  });

  it('aborts a real slow answer with the per-request timeout', async () => {
    const slow: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      });
    const { client } = clientWith(() => json({}), { fetch: slow, timeoutMs: 30, maxRetries: 0 });
    const error = await caught(client.request({ method: 'GET', path: '/x', schema: Body }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/no answer within 30 ms/);
  });

  it('does not resend a POST after an ambiguous failure, but does after a 429', async () => {
    const five = clientWith(() => json({ error: { message: 'Oops' } }, 500));
    await caught(five.client.request({ method: 'POST', path: '/incidents/P1/notes', body: {}, schema: Body }));
    expect(five.calls).toHaveLength(1);

    let n = 0;
    const limited = clientWith(() => (n++ === 0 ? json({ error: { code: 2020 } }, 429) : json({ ok: true })));
    await expect(limited.client.request({ method: 'POST', path: '/incidents/P1/notes', body: {}, schema: Body })).resolves.toEqual({
      ok: true,
    });
    expect(limited.calls).toHaveLength(2);
  });

  it('reports every exchange to onRequest without headers', async () => {
    const seen: unknown[] = [];
    let n = 0;
    const { client } = clientWith(() => (n++ === 0 ? json({}, 502) : json({ ok: true })), { onRequest: (info) => seen.push(info) });
    await client.request({ method: 'GET', path: '/users/me', schema: Body });
    expect(seen).toEqual([
      { method: 'GET', path: '/users/me', status: 502, durationMs: 0 },
      { method: 'GET', path: '/users/me', status: 200, durationMs: 0 },
    ]);
  });
});

describe('describeErrorBody', () => {
  it('reads errors given as an object of field -> messages', () => {
    expect(
      describeErrorBody(JSON.stringify({ error: { message: 'Invalid Request', code: 2001, errors: { since: ['is invalid'] } } })),
    ).toBe('Invalid Request (code 2001): since: is invalid');
  });
  it('falls back to the text of a non-JSON body, or the title of an HTML page', () => {
    expect(describeErrorBody('Bad gateway')).toBe('Bad gateway');
    expect(describeErrorBody('<html><head><title>503 Service Unavailable</title></head><body>...</body></html>')).toBe(
      '503 Service Unavailable',
    );
    expect(describeErrorBody('<html><body>oops</body></html>')).toBe('an HTML error page');
  });
});
