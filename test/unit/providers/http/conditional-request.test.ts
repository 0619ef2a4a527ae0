/**
 * The transport's conditional requests (requestConditional): the validators go out as the
 * caller set them, a 304 Not Modified is an answer (no body, the headers kept, reported as
 * answered), a 200 is read as request() reads it, and a plain request() still refuses a 304.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../../../../electron/engine/ports';
import { withRequestContext, type AttemptReport } from '../../../../electron/engine/ports/request-context';
import { HttpTransport, type VendorDialect } from '../../../../electron/providers/http/transport';
import { fakeFetch, json, type Handler } from '../fake-fetch';

const Body = z.array(z.object({ id: z.number() }));
const dialect: VendorDialect = {
  errorText: (body) => (body as { message?: string }).message ?? '',
  refusal: ({ status, label }) => new ProviderError('rejected', `Acme refused ${label} (${status})`, status),
};

function transportWith(handler: Handler) {
  const { fetch, calls } = fakeFetch(handler);
  const metered: (number | string)[] = [];
  const transport = new HttpTransport({
    vendor: 'Acme',
    dialect,
    timeoutMs: 1_000,
    maxRetries: 2,
    secrets: [],
    fetch,
    sleep: async () => {},
    onRequest: (info) => metered.push(info.status),
  });
  return { transport, calls, metered };
}

const ETAG = 'W/"5f2c"';
const listThings = (headers: Record<string, string> = {}) =>
  ({ method: 'GET', url: 'http://acme.test/things', label: 'GET /things', headers, schema: Body, idempotent: true }) as const;

describe('HttpTransport conditional requests', () => {
  it('sends the validators and reads a 304 Not Modified as "unchanged", with its headers, in one attempt', async () => {
    const { transport, calls, metered } = transportWith((call) =>
      call.headers['if-none-match'] === ETAG
        ? new Response(null, { status: 304, headers: { etag: ETAG, 'x-ratelimit-remaining': '4999' } })
        : json([{ id: 1 }], 200, { etag: ETAG }),
    );
    const seen: AttemptReport[] = [];
    const answer = await withRequestContext({ observe: (attempt) => seen.push(attempt) }, () =>
      transport.requestConditional(listThings({ 'if-none-match': ETAG })),
    );
    expect(answer).toMatchObject({ status: 304, notModified: true });
    expect(answer.headers.get('etag')).toBe(ETAG);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(calls).toHaveLength(1);
    expect(metered).toEqual([304]);
    expect(seen.map((attempt) => [attempt.outcome, attempt.status, attempt.problem])).toEqual([['answered', 304, null]]);
  });

  it('reads a changed resource (200) as request() does: the validated body and the new validator', async () => {
    const { transport } = transportWith(() => json([{ id: 2 }], 200, { etag: 'W/"77"' }));
    const answer = await transport.requestConditional(listThings({ 'if-none-match': ETAG }));
    expect('notModified' in answer).toBe(false);
    if ('notModified' in answer) return;
    expect(answer.body).toEqual([{ id: 2 }]);
    expect(answer.headers.get('etag')).toBe('W/"77"');
  });

  it('still retries a 5xx and refuses a 4xx on a conditional request', async () => {
    let n = 0;
    const flaky = transportWith(() => (n++ === 0 ? json({ message: 'busy' }, 503) : new Response(null, { status: 304 })));
    expect(await flaky.transport.requestConditional(listThings({ 'if-none-match': ETAG }))).toMatchObject({ notModified: true });
    expect(flaky.calls).toHaveLength(2);

    const refused = transportWith(() => json({ message: 'Not Found' }, 404));
    await expect(refused.transport.requestConditional(listThings({ 'if-none-match': ETAG }))).rejects.toMatchObject({
      kind: 'rejected',
      status: 404,
    });
  });

  it('leaves request() as it was: a 304 there is a refusal, since it asked for no validation', async () => {
    const { transport } = transportWith(() => new Response(null, { status: 304 }));
    await expect(transport.request(listThings())).rejects.toMatchObject({ kind: 'rejected', status: 304 });
  });
});
