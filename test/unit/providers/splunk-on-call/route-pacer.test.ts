/**
 * The per-route pacer: its limits are the ones each route's description in the published
 * document states, and it keeps every sliding minute within them.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { RoutePacer, SPLUNK_ON_CALL_ROUTES } from '../../../../electron/providers/splunk-on-call/route-pacer';
import { loadSplunkOnCallSwagger } from './swagger';

const swagger = loadSplunkOnCallSwagger('Splunk On-Call documented rate limits check');

function pacerAt(start = 1_000_000, options: Partial<ConstructorParameters<typeof RoutePacer>[0]> = {}) {
  const clock = { t: start };
  const sleeps: number[] = [];
  const pacer = new RoutePacer({
    marginMs: 1_000,
    maxWaitMs: 65_000,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
    ...options,
  });
  return { pacer, clock, sleeps };
}

describe('documented limits', () => {
  it.skipIf(!swagger)('are the calls a minute each route description states', () => {
    const { pacer } = pacerAt();
    for (const route of SPLUNK_ON_CALL_ROUTES) {
      const [method, template] = route.split(' ') as [string, string];
      const concrete = template.replace(/\{[^}]+\}/g, 'x');
      const operation = swagger!.operation(method, concrete);
      expect(operation?.template, route).toBe(template);
      const stated = /maximum of (\d+) times per minute|maximum of (once) a minute/.exec(operation!.description);
      expect(stated, `${route} states its limit`).not.toBeNull();
      expect(pacer.limitOf(route), route).toBe(stated![2] ? 1 : Number(stated![1]));
    }
  });
});

describe('RoutePacer', () => {
  it('lets 60 calls a minute through at once and holds the 61st until the window has passed', async () => {
    const { pacer, clock, sleeps } = pacerAt();
    const start = clock.t;
    for (let i = 0; i < 60; i++) await pacer.take('GET /api-public/v1/incidents');
    expect(sleeps).toEqual([]);
    expect(pacer.usedAtLimit('GET /api-public/v1/incidents')).toBe(true);
    await pacer.take('GET /api-public/v1/incidents');
    expect(clock.t - start).toBe(61_000);
    // Routes are counted apart.
    await pacer.take('GET /api-public/v1/team');
    expect(sleeps).toEqual([61_000]);
  });

  it('spaces a once-a-minute route a window apart', async () => {
    const { pacer, sleeps } = pacerAt();
    await pacer.take('GET /api-public/v1/policies');
    expect(pacer.usedAtLimit('GET /api-public/v1/policies')).toBe(true);
    await pacer.take('GET /api-public/v1/policies');
    expect(sleeps).toEqual([61_000]);
  });

  it('takes overrides of the documented limits', async () => {
    const { pacer, sleeps } = pacerAt(0, { limits: { 'GET /api-public/v1/incidents': 6 } });
    for (let i = 0; i < 7; i++) await pacer.take('GET /api-public/v1/incidents');
    expect(sleeps).toEqual([61_000]);
  });

  it('after a rate-limit answer holds the route back a whole window', async () => {
    const { pacer, clock, sleeps } = pacerAt();
    await pacer.take('PATCH /api-public/v1/incidents/ack');
    clock.t += 5_000;
    pacer.blockForWindow('PATCH /api-public/v1/incidents/ack');
    await pacer.take('PATCH /api-public/v1/incidents/ack');
    expect(sleeps).toEqual([61_000]);
  });

  it('does not wait longer than allowed: it says when the route is free again', async () => {
    const { pacer, clock } = pacerAt(0, { maxWaitMs: 10_000 });
    await pacer.take('GET /api-reporting/v2/incidents');
    const refusal = await pacer.take('GET /api-reporting/v2/incidents').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect((refusal as ProviderError).kind).toBe('transient');
    expect((refusal as ProviderError).retryAt).toBe(61_000);
    expect((refusal as ProviderError).message).toContain('GET /api-reporting/v2/incidents once a minute');
    // The request context's cap counts too.
    clock.t = 0;
    const capped = pacerAt(0).pacer;
    await capped.take('GET /api-public/v1/policies');
    await expect(capped.take('GET /api-public/v1/policies', 5_000)).rejects.toThrow(/holds it back for 61 s/);
  });
});
