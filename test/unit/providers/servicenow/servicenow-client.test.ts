import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../../../electron/engine/ports';
import type { ServiceNowAuth } from '../../../../electron/providers/servicenow/config';
import { ServiceNowClient, ServiceNowRefusal } from '../../../../electron/providers/servicenow/servicenow-client';
import { fakeFetch, json, type Handler } from '../fake-fetch';

const Any = z.object({ result: z.array(z.unknown()) });

function client(handler: Handler, auth: ServiceNowAuth = { kind: 'basic', user: 'svc', password: 'p@ss' }, maxRetries = 2) {
  const fake = fakeFetch(handler);
  const sleeps: number[] = [];
  const snClient = new ServiceNowClient({
    instanceUrl: 'https://acme.service-now.com/',
    auth,
    timeoutMs: 1_000,
    maxRetries,
    fetch: fake.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    now: () => 1_000_000,
  });
  return { snClient, calls: fake.calls, sleeps };
}

describe('ServiceNowClient', () => {
  it('sends Basic, Bearer or x-sn-apikey credentials, and JSON Accept', async () => {
    for (const [auth, header, value] of [
      [{ kind: 'basic', user: 'svc', password: 'p@ss' }, 'authorization', `Basic ${Buffer.from('svc:p@ss').toString('base64')}`],
      [{ kind: 'bearer', token: 'tok' }, 'authorization', 'Bearer tok'],
      [{ kind: 'api-key', key: 'k' }, 'x-sn-apikey', 'k'],
    ] as const) {
      const { snClient, calls } = client(() => json({ result: [] }), auth);
      await snClient.request({ method: 'GET', path: '/api/now/table/incident', schema: Any });
      expect(calls[0]?.headers[header]).toBe(value);
      expect(calls[0]?.headers.accept).toBe('application/json');
    }
  });

  it('waits at least Retry-After on 429, and retries a POST on 429 (not on 500)', async () => {
    let count = 0;
    const { snClient, sleeps } = client(() =>
      ++count === 1
        ? json({ error: { message: 'Rate limit exceeded', detail: 'x' }, status: 'failure' }, 429, { 'Retry-After': '7' })
        : json({ result: [] }),
    );
    await snClient.request({ method: 'POST', path: '/api/now/table/incident', body: {}, schema: Any });
    expect(sleeps).toEqual([7_000]);
    const failing = client(() => json({ error: { message: 'Internal server error', detail: null }, status: 'failure' }, 500));
    await expect(
      failing.snClient.request({ method: 'POST', path: '/api/now/table/incident', body: {}, schema: Any }),
    ).rejects.toMatchObject({ kind: 'transient', status: 500 });
    expect(failing.calls).toHaveLength(1);
  });

  it("classifies refusals and keeps ServiceNow's message and detail; never puts the secret in a message", async () => {
    const { snClient } = client(() =>
      json(
        {
          error: { message: 'Operation Failed p@ss', detail: 'ACL Exception Update Failed due to security constraints' },
          status: 'failure',
        },
        403,
      ),
    );
    const error = (await snClient
      .request({ method: 'PATCH', path: '/api/now/table/incident/abc', body: {}, schema: Any })
      .catch((caught: unknown) => caught)) as ServiceNowRefusal;
    expect(error).toBeInstanceOf(ServiceNowRefusal);
    expect(error.kind).toBe('rejected');
    expect(error.vendorDetail).toBe('ACL Exception Update Failed due to security constraints');
    expect(error.message).not.toContain('p@ss');
    const unauthorized = client(() =>
      json({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' }, 401),
    );
    await expect(unauthorized.snClient.request({ method: 'GET', path: '/api/now/table/incident', schema: Any })).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
    });
  });

  it('treats an unexpected body as transient, and refuses to follow a link off the instance', async () => {
    const { snClient, calls } = client(() => json({ records: [] }), undefined, 1);
    const error = (await snClient
      .request({ method: 'GET', path: '/api/now/table/incident', schema: Any })
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/unexpected body: result/);
    expect(calls).toHaveLength(2);
    await expect(snClient.request({ method: 'GET', path: 'https://evil.example.com/api/now/table/incident', schema: Any })).rejects.toThrow(
      /outside the instance/,
    );
  });
});
