/** The one HTTP transport: cancellation, the attempt reports a health check listens to, and the dialect's say over refusals. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../../../electron/engine/ports';
import { Cancelled, withRequestContext, type AttemptReport } from '../../../../electron/engine/ports/request-context';
import { HttpTransport, type TransportOptions, type VendorDialect } from '../../../../electron/providers/http/transport';
import { fakeFetch, json, type Handler } from '../fake-fetch';

const Body = z.object({ ok: z.boolean() });
const dialect: VendorDialect = {
  errorText: (body) => (body as { message?: string }).message ?? '',
  refusal: ({ status, label, said }) => new ProviderError('rejected', `Acme refused ${label} (${status})${said}`, status),
};

function transportWith(handler: Handler, overrides: Partial<TransportOptions> = {}) {
  const { fetch, calls } = fakeFetch(handler);
  const clock = { t: 1_000_000 };
  const transport = new HttpTransport({
    vendor: 'Acme',
    dialect,
    timeoutMs: 1_000,
    maxRetries: 2,
    secrets: ['s3cr3t'],
    fetch,
    sleep: async (ms) => void (clock.t += ms),
    random: () => 0.5,
    now: () => clock.t,
    ...overrides,
  });
  return { transport, calls };
}

const get = { method: 'GET', url: 'http://acme.test/things', label: 'GET /things', headers: {}, schema: Body, idempotent: true } as const;

let server: Server | null = null;
afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = null;
});

describe('HttpTransport', () => {
  it('reports every attempt to the observers of the request context, with the rate limit and when to come back', async () => {
    let n = 0;
    const { transport } = transportWith(() =>
      n++ === 0 ? json({ message: 'slow down' }, 429, { 'retry-after': '2' }) : json({ ok: true }),
    );
    const seen: AttemptReport[] = [];
    await withRequestContext({ observe: (attempt) => seen.push(attempt) }, () => transport.request(get));
    expect(seen.map((attempt) => [attempt.status, attempt.rateLimited, attempt.problem !== null])).toEqual([
      [429, true, true],
      [200, false, false],
    ]);
    expect(seen[0]!.retryAt).toBe(1_000_000 + 2_000);
    expect(seen[0]!.problem).toBe('Acme is rate limiting GET /things (429): slow down');
  });

  it("lets the dialect call a 403 a rate limit, and a 500 a refusal, and scrubs secrets from the dialect's message", async () => {
    const rateLimited = transportWith(() => json({ message: 'quota' }, 403), {
      dialect: { ...dialect, isRateLimit: ({ status }) => status === 403 },
      maxRetries: 0,
    });
    const limited = (await rateLimited.transport.request(get).catch((error: unknown) => error)) as ProviderError;
    expect(limited).toMatchObject({ kind: 'transient', status: 403 });
    expect(limited.message).toContain('rate limiting');

    const refused = transportWith(() => json({ message: 'bad input s3cr3t' }, 500), { dialect: { ...dialect, isRefusal: () => true } });
    const error = (await refused.transport.request(get).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ kind: 'rejected', status: 500, message: 'Acme refused GET /things (500): bad input [redacted]' });
    expect(refused.calls).toHaveLength(1);
  });

  it('aborts a request in flight when the request context is cancelled, without retrying it', async () => {
    let requests = 0;
    server = createServer(() => {
      requests += 1; // never answers
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = new HttpTransport({ vendor: 'Acme', dialect, timeoutMs: 30_000, maxRetries: 3, secrets: [] });
    const controller = new AbortController();
    const started = Date.now();
    const pending = withRequestContext({ signal: controller.signal }, () =>
      transport.request({ ...get, url: `http://127.0.0.1:${port}/things` }),
    );
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(Cancelled);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toBe(1);
    server.closeAllConnections();
  });

  it('refuses to start a request in a context already cancelled', async () => {
    const { transport, calls } = transportWith(() => json({ ok: true }));
    const controller = new AbortController();
    controller.abort();
    await expect(withRequestContext({ signal: controller.signal }, () => transport.request(get))).rejects.toBeInstanceOf(Cancelled);
    expect(calls).toHaveLength(0);
  });

  it('says a dropped connection and a timeout in words, and reports them as such', async () => {
    const seen: AttemptReport[] = [];
    const dropped = transportWith(
      () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      },
      { maxRetries: 0 },
    );
    const error = await withRequestContext({ observe: (attempt) => seen.push(attempt) }, () => dropped.transport.request(get)).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(/^Acme GET \/things failed: fetch failed \(ECONNREFUSED\)/);
    expect(seen[0]).toMatchObject({ outcome: 'network-error', status: null });
  });
});
