import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type EventSourceLike } from '../../../../renderer/src/client/http-client';
import type { ConsoleClient, LiveState } from '../../../../renderer/src/client/console-client';
import { ConsoleClientError } from '../../../../renderer/src/client/console-client-error';
import { reconnectDelayMs } from '../../../../renderer/src/client/reconnect-delay';
import { incident, snapshot } from '../fixtures';

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data } as MessageEvent);
  }
}

interface Recorded {
  url: string;
  init: RequestInit;
}

function setup(respond: (url: string) => Response | Promise<Response>) {
  const sources: FakeEventSource[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const requests: Recorded[] = [];
  const client = createHttpClient({
    token: 'tok en',
    fetch: async (input, init) => {
      requests.push({ url: String(input), init: init ?? {} });
      return respond(String(input));
    },
    createEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    setTimeout: (callback, ms) => {
      timers.push({ callback, ms });
      return timers.length;
    },
    clearTimeout: () => undefined,
  });
  return { client, sources, timers, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

let open: ConsoleClient | null = null;
afterEach(() => open?.close());

describe('createHttpClient: requests', () => {
  it('POSTs the input to the route with the bearer token and validates the output', async () => {
    const { client, requests } = setup(() => json(200, snapshot({ incidents: [incident('A')] })));
    open = client;
    const result = await client.call('getSnapshot', {});
    expect(result.incidents.map((i) => i.id)).toEqual(['A']);
    expect(requests[0]!.url).toBe('/api/getSnapshot');
    expect(requests[0]!.init.method).toBe('POST');
    expect(requests[0]!.init.headers).toMatchObject({ Authorization: 'Bearer tok en', 'Content-Type': 'application/json' });
    expect(requests[0]!.init.body).toBe('{}');
  });

  it('turns a contract error body into a ConsoleClientError with its code and message', async () => {
    const { client } = setup(() => json(404, { error: { code: 'not_found', message: 'Incident X was not found' } }));
    open = client;
    await expect(client.call('getIncidentDetail', { incidentId: 'X' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'Incident X was not found',
    });
  });

  it('explains a refused token', async () => {
    const { client } = setup(() => new Response('', { status: 401 }));
    open = client;
    await expect(client.call('refreshNow', {})).rejects.toMatchObject({ code: 'unauthorized', message: /access token/ });
  });

  it('fails loudly on an output that does not match the contract', async () => {
    const { client } = setup(() => json(200, { seq: -1 }));
    open = client;
    const error = await client.call('getSnapshot', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleClientError);
    expect((error as ConsoleClientError).code).toBe('invalid_response');
  });

  it('reports a host it cannot reach as a network error', async () => {
    const { client } = setup(() => Promise.reject(new TypeError('fetch failed')));
    open = client;
    await expect(client.call('refreshNow', {})).rejects.toMatchObject({ code: 'network' });
  });
});

describe('createHttpClient: event stream', () => {
  it('opens the stream with the token in the query and delivers validated console events', () => {
    const { client, sources } = setup(() => json(200, {}));
    open = client;
    const received: string[] = [];
    const problems: string[] = [];
    client.subscribe(
      (event) => received.push(event.name),
      (error) => problems.push(error.message),
    );
    expect(sources[0]!.url).toBe('/api/events?token=tok%20en');
    sources[0]!.emit('console', JSON.stringify({ name: 'incidentsChanged', payload: { seq: 1, upserted: [], removedIds: [] } }));
    sources[0]!.emit('console', '{not json');
    sources[0]!.emit('console', JSON.stringify({ name: 'incidentsChanged', payload: { seq: 'x' } }));
    expect(received).toEqual(['incidentsChanged']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/not valid JSON/);
  });

  it('reports live state and reopens a stream the server closed, with backoff', () => {
    const { client, sources, timers } = setup(() => json(200, {}));
    open = client;
    const states: LiveState[] = [];
    client.onLiveStateChange!((state) => states.push(state));
    sources[0]!.emit('open');
    sources[0]!.readyState = 2;
    sources[0]!.emit('error');
    expect(states).toEqual(['connecting', 'live', 'reconnecting']);
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(reconnectDelayMs(0));
    timers[0]!.callback();
    expect(sources).toHaveLength(2);
    sources[1]!.emit('open');
    expect(states.at(-1)).toBe('live');
  });

  it('lets the browser retry a dropped stream by itself', () => {
    const { client, sources, timers } = setup(() => json(200, {}));
    open = client;
    sources[0]!.emit('open');
    sources[0]!.readyState = 0; // CONNECTING: the browser is retrying
    sources[0]!.emit('error');
    expect(timers).toHaveLength(0);
    expect(sources[0]!.closed).toBe(false);
  });

  it('closes the stream on close()', () => {
    const { client, sources } = setup(() => json(200, {}));
    client.close();
    expect(sources[0]!.closed).toBe(true);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 1 s and caps at 15 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  });
});
