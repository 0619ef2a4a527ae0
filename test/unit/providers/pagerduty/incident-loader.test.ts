import { describe, expect, it } from 'vitest';
import { loadAllIncidents, type FetchIncidentPage } from '../../../../electron/providers/pagerduty/incident-loader';
import { OFFSET_CAP } from '../../../../electron/providers/pagerduty/offset-pages';
import { PdIncident, type PdIncidentPage } from '../../../../electron/providers/pagerduty/schemas';
import { pdIncident } from '../fake-fetch';

const NOW = Date.parse('2024-06-01T00:00:00Z');

/** An in-memory GET /incidents: since/until on created_at, offset cap, total on request, sorted ascending. */
function fakeIncidents(
  count: number,
  spreadMs: number,
  options: { honourTotal?: boolean; ignoreRange?: boolean; delayMs?: (offset: number) => number } = {},
) {
  const all = Array.from({ length: count }, (_, index) =>
    PdIncident.parse(
      pdIncident(`P${index + 1}`, { created_at: new Date(NOW - spreadMs + Math.floor((index * spreadMs) / count)).toISOString() }),
    ),
  );
  let inFlight = 0;
  const stats = { requests: 0, peak: 0, queries: [] as string[] };
  const fetchPage: FetchIncidentPage = async (query, offset, withTotal) => {
    stats.requests++;
    inFlight++;
    stats.peak = Math.max(stats.peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs?.(offset) ?? 1));
    inFlight--;
    if (offset + 100 > OFFSET_CAP) throw new Error(`400: offset ${offset} beyond the cap`);
    const get = (name: string) => query.find(([key]) => key === name)?.[1];
    stats.queries.push(query.map(([k, v]) => `${k}=${v}`).join('&'));
    const since = get('since') && !options.ignoreRange ? Date.parse(String(get('since'))) : -Infinity;
    const until = get('until') && !options.ignoreRange ? Date.parse(String(get('until'))) : Infinity;
    const inRange = all.filter((incident) => {
      const at = Date.parse(incident.created_at);
      return at >= since && at < until;
    });
    const matching = get('sort_by') === 'created_at:desc' ? inRange.reverse() : inRange;
    const page: PdIncidentPage = {
      incidents: matching.slice(offset, offset + 100),
      limit: 100,
      offset,
      more: offset + 100 < matching.length,
      total: withTotal && options.honourTotal !== false ? matching.length : null,
    };
    return page;
  };
  return { all, fetchPage, stats };
}

describe('loadAllIncidents', () => {
  it('loads 5,000 incidents in 50 requests with bounded concurrency', async () => {
    const fake = fakeIncidents(5_000, 24 * 3600_000);
    const incidents = await loadAllIncidents([['statuses[]', 'triggered']], { fetchPage: fake.fetchPage, concurrency: 5, now: () => NOW });
    expect(incidents).toHaveLength(5_000);
    expect(new Set(incidents.map((i) => i.id)).size).toBe(5_000);
    expect(fake.stats.requests).toBe(50);
    expect(fake.stats.peak).toBe(5);
    expect(fake.stats.queries[0]).toContain('date_range=all');
  });

  it('gets past the 10,000 offset cap by splitting into created_at windows, without duplicates', async () => {
    const fake = fakeIncidents(10_500, 30 * 24 * 3600_000);
    const incidents = await loadAllIncidents([], { fetchPage: fake.fetchPage, concurrency: 4, now: () => NOW });
    expect(new Set(incidents.map((i) => i.id)).size).toBe(10_500);
    expect(incidents).toHaveLength(10_500);
    // The probe page, then two halves of ~5,250 each (53 pages each, incl. their probes).
    expect(fake.stats.requests).toBeLessThanOrEqual(1 + 2 * 54);
    expect(fake.stats.queries.some((q) => q.includes('since=') && q.includes('until='))).toBe(true);
  });

  it('bisects further when one window still holds more than 10,000', async () => {
    const fake = fakeIncidents(25_000, 10 * 24 * 3600_000);
    const incidents = await loadAllIncidents([], { fetchPage: fake.fetchPage, concurrency: 6, now: () => NOW });
    expect(new Set(incidents.map((i) => i.id)).size).toBe(25_000);
  });

  it('stops splitting (and loads the first 10,000) when the server ignores since/until', async () => {
    const fake = fakeIncidents(10_200, 24 * 3600_000, { ignoreRange: true });
    const incidents = await loadAllIncidents([], { fetchPage: fake.fetchPage, concurrency: 5, now: () => NOW });
    expect(incidents).toHaveLength(10_000);
    expect(fake.stats.requests).toBeLessThanOrEqual(105);
  });

  it('follows `more` one page at a time when PagerDuty gives no total', async () => {
    const fake = fakeIncidents(350, 3600_000, { honourTotal: false });
    const incidents = await loadAllIncidents([], { fetchPage: fake.fetchPage, concurrency: 5, now: () => NOW });
    expect(incidents).toHaveLength(350);
    expect(fake.stats.requests).toBe(4);
    expect(fake.stats.peak).toBe(1);
  });

  it('hands over the first page before sending another request, then the others in order as they arrive', async () => {
    // Later pages answer sooner, so they overtake the ones before them.
    const fake = fakeIncidents(1_000, 24 * 3600_000, { delayMs: (offset) => (offset === 0 ? 1 : 30 - offset / 50) });
    const heard: Array<{ ids: string[]; total: number | null; requestsSoFar: number }> = [];
    const incidents = await loadAllIncidents([['sort_by', 'created_at:desc']], {
      fetchPage: fake.fetchPage,
      concurrency: 5,
      now: () => NOW,
      onPage: (page, total) => heard.push({ ids: page.map((incident) => incident.id), total, requestsSoFar: fake.stats.requests }),
    });
    expect(incidents).toHaveLength(1_000);
    expect(heard[0]!.requestsSoFar).toBe(1);
    expect(heard[0]!.ids[0]).toBe('P1000');
    expect(heard.every((page) => page.total === 1_000)).toBe(true);
    // In the query's order (newest first), whatever order the answers came in.
    expect(heard.flatMap((page) => page.ids)).toEqual(fake.all.map((incident) => incident.id).reverse());
  });

  it('past the offset cap with a newest-first query: hands over the first page, finds the oldest incident in one request', async () => {
    const fake = fakeIncidents(10_500, 30 * 24 * 3600_000);
    const heard: string[][] = [];
    const incidents = await loadAllIncidents([['sort_by', 'created_at:desc']], {
      fetchPage: fake.fetchPage,
      concurrency: 4,
      now: () => NOW,
      onPage: (page) => heard.push(page.map((incident) => incident.id)),
    });
    expect(new Set(incidents.map((i) => i.id)).size).toBe(10_500);
    expect(heard[0]![0]).toBe('P10500');
    expect(new Set(heard.flat()).size).toBe(10_500);
    expect(fake.stats.queries[1]).toContain('sort_by=created_at:asc');
    expect(fake.stats.queries.filter((query) => query.includes('sort_by=created_at:asc'))).toHaveLength(1);
    // The probe, the oldest-first page, then two halves of ~5,250 each (53 pages each, incl. their probes).
    expect(fake.stats.requests).toBeLessThanOrEqual(2 + 2 * 54);
  });
});
