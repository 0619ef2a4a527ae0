/**
 * The provider against a fake PagerDuty that enforces a per-minute budget, on a
 * discrete-event clock (time moves only when every worker waits): the full load must pace
 * itself by the ratelimit headers and never be refused with a 429.
 */
import { describe, expect, it } from 'vitest';
import { createPagerDutyProvider } from '../../../../electron/providers/pagerduty';
import { json, pdIncident } from '../fake-fetch';

/** A clock whose sleeps wake in deadline order, advancing time to each deadline. */
function eventClock(start: number) {
  const clock = { t: start };
  const pending: Array<{ at: number; wake: () => void }> = [];
  let driving = false;
  const drive = () => {
    if (driving) return;
    driving = true;
    setImmediate(() => {
      driving = false;
      pending.sort((a, b) => a.at - b.at);
      const next = pending.shift();
      if (!next) return;
      clock.t = Math.max(clock.t, next.at);
      next.wake();
      if (pending.length) drive();
    });
  };
  const sleep = (ms: number) =>
    new Promise<void>((wake) => {
      pending.push({ at: clock.t + ms, wake });
      drive();
    });
  return { clock, sleep };
}

describe('rate-limit pacing', () => {
  it('loads 3,000 incidents within a 25-requests-a-minute budget without a single 429', async () => {
    const { clock, sleep } = eventClock(Date.parse('2024-05-01T12:00:00Z'));
    const limit = 25;
    let window = { start: clock.t, count: 0 };
    const statuses: number[] = [];
    const incidents = Array.from({ length: 3_000 }, (_, index) =>
      pdIncident(`P${index + 1}`, { created_at: new Date(clock.t - 3_600_000 + index * 1000).toISOString() }),
    );
    const fetchImpl: typeof fetch = async (input) => {
      const url = new URL(String(input));
      await new Promise((resolve) => setImmediate(resolve));
      if (clock.t - window.start >= 60_000) window = { start: clock.t, count: 0 };
      const allowed = window.count < limit;
      if (allowed) window.count += 1;
      const headers = {
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(limit - window.count),
        'ratelimit-reset': String(Math.max(1, Math.ceil((window.start + 60_000 - clock.t) / 1000))),
      };
      statuses.push(allowed ? 200 : 429);
      if (!allowed) return json({ error: { message: 'Rate Limit Exceeded', code: 2020 } }, 429, headers);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return json(
        {
          incidents: incidents.slice(offset, offset + 100),
          limit: 100,
          offset,
          more: offset + 100 < incidents.length,
          total: url.searchParams.get('total') === 'true' ? incidents.length : null,
        },
        200,
        headers,
      );
    };
    const provider = createPagerDutyProvider({
      baseUrl: 'http://127.0.0.1:9',
      token: 't',
      from: 'a@example.com',
      scope: {},
      fetch: fetchImpl,
      sleep,
      now: () => clock.t,
      random: () => 0.5,
    });
    const started = clock.t;
    const { incidents: loaded } = await provider.listOpenIncidents();
    expect(loaded).toHaveLength(3_000);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
    expect(statuses).toHaveLength(30);
    // 30 requests at 25 a minute cannot finish inside the first window.
    expect(clock.t - started).toBeGreaterThanOrEqual(50_000);
  });
});
