/**
 * The paging sync's health and recovery under faults, over real HTTP against the PagerDuty
 * simulator: the badge leaves "ok" as soon as a poll is late and says why (rate limited
 * until when, answering slowly, answering with errors), and after an outage of any length
 * a new incident shows within seconds of PagerDuty answering again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/domain/connection';
import { startHarness, type Harness } from './engine-harness';
import { sleep, waitFor } from '../../support/wait-for';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

function pagingStatuses(h: Harness): ConnectionStatus[] {
  return h.events.flatMap((event) => (event.name === 'connectionChanged' && event.payload.provider === 'pagerduty' ? [event.payload] : []));
}

async function trigger(h: Harness, summary: string): Promise<void> {
  const service = h.pagerDuty.state.services[0]!;
  const response = await fetch(h.pagerDuty.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      routing_key: h.pagerDuty.state.routingKeyFor(service.id),
      event_action: 'trigger',
      payload: { summary, source: 'checkout', severity: 'critical' },
    }),
  });
  expect(response.status).toBe(202);
}

describe('the paging sync under faults', () => {
  it('says it is rate limited, and until when, as soon as PagerDuty answers 429', async () => {
    harness = await startHarness({ pollIntervalMs: 300 });
    const h = harness;
    const faultAt = Date.now();
    h.pagerDuty.faults.inject({ kind: 'rate-limit', count: 1_000, path: '/log_entries' });
    const status = await waitFor(
      'the badge to leave ok',
      // After the first load (which now announces its progress while the state is still 'connecting').
      () => pagingStatuses(h).find((candidate) => candidate.state !== 'ok' && candidate.lastSuccessAt !== null),
      { timeoutMs: 5_000 },
    );
    expect(Date.now() - faultAt).toBeLessThan(2_000);
    expect(status.state).toBe('degraded');
    expect(status.message).toMatch(/^PagerDuty is rate limiting the console until \d\d:\d\d:\d\d; it polls again then$/);
    expect(Date.parse(status.nextRetryAt!)).toBeGreaterThan(Date.now());
    // Within the rate-limit headers: it does not knock again before the reset.
    const knocks = h.pagerDuty.requests.filter((request) => request.path === '/log_entries' && request.at >= faultAt).length;
    await sleep(1_500);
    expect(h.pagerDuty.requests.filter((request) => request.path === '/log_entries' && request.at >= faultAt).length).toBe(knocks);
  });

  it('says PagerDuty is answering slowly as soon as a poll is late, not when the request times out', async () => {
    harness = await startHarness({ pollIntervalMs: 300, provider: { timeoutMs: 20_000 } });
    const h = harness;
    const faultAt = Date.now();
    h.pagerDuty.faults.inject({ kind: 'slow', delayMs: 15_000, count: 3, path: '/log_entries' });
    const status = await waitFor(
      'the badge to leave ok',
      () => pagingStatuses(h).find((candidate) => candidate.state !== 'ok' && candidate.lastSuccessAt !== null),
      { timeoutMs: 8_000 },
    );
    expect(Date.now() - faultAt).toBeLessThan(5_000);
    expect(status).toMatchObject({
      state: 'degraded',
      message: expect.stringMatching(/^PagerDuty is answering slowly: no answer for \d+ s$/),
    });
  });

  it('says PagerDuty answers with errors, and since when, once the poll is late', async () => {
    harness = await startHarness({ pollIntervalMs: 300 });
    const h = harness;
    h.pagerDuty.faults.inject({ kind: 'server-error', status: 502, count: 1_000, path: '/log_entries' });
    const status = await waitFor(
      'the badge to leave ok',
      () => pagingStatuses(h).find((candidate) => candidate.state !== 'ok' && candidate.lastSuccessAt !== null),
      { timeoutMs: 5_000 },
    );
    expect(status.message).toMatch(/^PagerDuty answers with errors \(502\) since \d\d:\d\d:\d\d$/);
    expect(status.failingSince).not.toBeNull();
  });

  it('lists a new incident within seconds of PagerDuty answering again after a long outage', async () => {
    harness = await startHarness({ pollIntervalMs: 300 });
    const h = harness;
    h.pagerDuty.faults.inject({ kind: 'server-error', status: 500, count: 100_000 });
    await sleep(12_000);
    h.pagerDuty.faults.clear();
    const backAt = Date.now();
    await trigger(h, 'Checkout is down again');
    await waitFor(
      'the new incident in the queue',
      async () => (await h.engine.getSnapshot()).incidents.some((incident) => incident.title === 'Checkout is down again'),
      { timeoutMs: 20_000 },
    );
    // The retry cap at a 300 ms poll is 1.2 s; allow for a round and the machine's noise.
    expect(Date.now() - backAt).toBeLessThan(3_500);
  }, 30_000);
});
