/**
 * The JSM client's pure parts with a fake fetch: Basic auth header, Jira error bodies in
 * messages, classification (auth, rejected, transient), retries and what is never retried,
 * and the token scrubbed from every message.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../../../electron/engine/ports';
import { describeJiraError, JsmClient } from '../../../../electron/providers/jira-service-management/jsm-client';
import { fakeFetch, json } from '../fake-fetch';

const TOKEN = 'ATATT-secret';

function client(handler: Parameters<typeof fakeFetch>[0], maxRetries = 2) {
  const { fetch, calls } = fakeFetch(handler);
  const sleeps: number[] = [];
  const jsm = new JsmClient({
    siteUrl: 'https://acme.atlassian.net/',
    assetsBaseUrl: 'https://api.atlassian.com',
    email: 'bot@acme.com',
    apiToken: TOKEN,
    timeoutMs: 1_000,
    maxRetries,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => 0,
  });
  return { jsm, calls, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('JsmClient', () => {
  it('sends Basic email:token, JSON headers and the query; validates the answer', async () => {
    const { jsm, calls } = client(() => json({ accountId: 'a1' }));
    const me = await jsm.request({
      method: 'GET',
      path: '/rest/api/3/myself',
      query: [['expand', 'groups']],
      schema: z.object({ accountId: z.string() }),
      action: 'read me',
    });
    expect(me.accountId).toBe('a1');
    expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`bot@acme.com:${TOKEN}`).toString('base64')}`);
    expect(calls[0]!.headers.accept).toBe('application/json');
    expect(calls[0]!.query.get('expand')).toBe('groups');
  });

  it('turns Jira errors into rejected errors that quote errorMessages and field errors', async () => {
    const { jsm } = client(() => json({ errorMessages: ['Bad thing'], errors: { priority: 'Invalid' } }, 400));
    const error = await failure(
      jsm.request({ method: 'PUT', path: '/rest/api/3/issue/ITSM-1', body: {}, schema: z.unknown(), action: 'update ITSM-1' }),
    );
    expect(error).toMatchObject({ kind: 'rejected', status: 400 });
    expect(error.message).toBe('Jira Service Management refused to update ITSM-1 (400: Bad thing; priority: Invalid).');
  });

  it('classifies 401 and 403 as auth, with the hint, never the token', async () => {
    const { jsm } = client(() => new Response(`denied ${TOKEN}`, { status: 403 }));
    const error = await failure(
      jsm.request({ method: 'GET', path: '/x', schema: z.unknown(), action: 'read ITSM-2', forbiddenHint: 'grant Browse projects' }),
    );
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('grant Browse projects');
    expect(error.message).not.toContain(TOKEN);
    const { jsm: other } = client(() => new Response('Client must be authenticated to access this resource.', { status: 401 }));
    expect((await failure(other.request({ method: 'GET', path: '/x', schema: z.unknown(), action: 'read' }))).kind).toBe('auth');
  });

  it('retries 5xx and network errors on reads, waits at least Retry-After on 429', async () => {
    let n = 0;
    const { jsm, sleeps } = client(() => {
      n += 1;
      if (n === 1) return new Response('', { status: 429, headers: { 'retry-after': '7' } });
      if (n === 2) throw new TypeError('fetch failed');
      return json({ ok: true });
    });
    await jsm.request({ method: 'GET', path: '/x', schema: z.object({ ok: z.boolean() }), action: 'read' });
    expect(n).toBe(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('does not resend a POST after a 5xx (it may have landed), but does after a 429', async () => {
    const { jsm, calls } = client(() => new Response('<html><title>502 Bad Gateway</title></html>', { status: 502 }));
    const error = await failure(
      jsm.request({ method: 'POST', path: '/rest/servicedeskapi/request', body: {}, schema: z.unknown(), action: 'raise a request' }),
    );
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('502 Bad Gateway');
    expect(calls).toHaveLength(1);
    let n = 0;
    const { jsm: limited } = client(() => (++n === 1 ? new Response('', { status: 429, headers: { 'retry-after': '1' } }) : json({})));
    await limited.request({
      method: 'POST',
      path: '/rest/servicedeskapi/request',
      body: {},
      schema: z.unknown(),
      action: 'raise a request',
    });
    expect(n).toBe(2);
  });

  it('treats a body that fails validation as transient', async () => {
    const { jsm } = client(() => new Response('{"issues":[{"id":"1', { status: 200 }), 0);
    expect((await failure(jsm.request({ method: 'GET', path: '/x', schema: z.unknown(), action: 'read' }))).kind).toBe('transient');
  });

  it('sends Assets requests to the Assets base URL', async () => {
    const { jsm, calls } = client(() => json({}));
    await jsm.request({
      method: 'POST',
      api: 'assets',
      path: '/jsm/assets/workspace/w/v1/object/aql',
      body: { qlQuery: 'x' },
      schema: z.unknown(),
      action: 'list',
      idempotent: true,
    });
    expect(calls[0]!.path).toBe('/jsm/assets/workspace/w/v1/object/aql');
  });
});

describe('describeJiraError', () => {
  it('reads Jira bodies, plain text and HTML error pages', () => {
    expect(describeJiraError('{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}}')).toBe(
      'summary: You must specify a summary of the issue.',
    );
    expect(describeJiraError('Client must be authenticated to access this resource.')).toBe(
      'Client must be authenticated to access this resource.',
    );
    expect(describeJiraError('<html><head><title>503 Service Unavailable</title></head></html>')).toBe('503 Service Unavailable');
  });
});
