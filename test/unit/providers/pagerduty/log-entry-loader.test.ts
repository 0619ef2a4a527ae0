import { describe, expect, it } from 'vitest';
import { loadIncidentsCreatedBetween, MAX_WINDOW_MS } from '../../../../electron/providers/pagerduty/incident-loader';
import { OFFSET_CAP } from '../../../../electron/providers/pagerduty/offset-pages';
import { loadLogEntriesBetween, type FetchLogEntryPage } from '../../../../electron/providers/pagerduty/log-entry-loader';
import { PdIncident, PdLogEntry, type PdIncidentPage } from '../../../../electron/providers/pagerduty/schemas';
import { pdIncident } from '../fake-fetch';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const DAY = 24 * 3600_000;

/** An in-memory GET /log_entries: since inclusive, until exclusive, newest first, offset cap, total on request. */
function fakeLog(count: number, spreadMs: number, options: { honourTotal?: boolean; ignoreRange?: boolean } = {}) {
  const all = Array.from({ length: count }, (_, index) =>
    PdLogEntry.parse({
      id: `L${index + 1}`,
      type: 'acknowledge_log_entry',
      created_at: new Date(NOW - spreadMs + Math.floor((index * spreadMs) / count)).toISOString(),
      incident: { id: `P${index + 1}`, type: 'incident_reference' },
    }),
  ).reverse();
  const stats = { requests: 0, ranges: new Set<string>() };
  const fetchPage: FetchLogEntryPage = async (query, offset, withTotal) => {
    stats.requests++;
    if (offset + 100 > OFFSET_CAP) throw new Error(`400: offset ${offset} beyond the cap`);
    const get = (name: string) => query.find(([key]) => key === name)?.[1];
    stats.ranges.add(`${get('since')}..${get('until')}`);
    const since = options.ignoreRange ? -Infinity : Date.parse(String(get('since')));
    const until = options.ignoreRange ? Infinity : Date.parse(String(get('until')));
    const matching = all.filter((entry) => {
      const at = Date.parse(entry.created_at);
      return at >= since && at < until;
    });
    return {
      log_entries: matching.slice(offset, offset + 100),
      limit: 100,
      offset,
      more: offset + 100 < matching.length,
      total: withTotal && options.honourTotal !== false ? matching.length : null,
    };
  };
  return { all, fetchPage, stats };
}

describe('loadLogEntriesBetween', () => {
  it('reads a range that fits under the offset cap with one probe and the remaining pages', async () => {
    const fake = fakeLog(950, DAY);
    const entries = await loadLogEntriesBetween([['is_overview', 'true']], NOW - 2 * DAY, NOW, {
      fetchPage: fake.fetchPage,
      concurrency: 4,
    });
    expect(entries).toHaveLength(950);
    expect(fake.stats.requests).toBe(10);
    expect(fake.stats.ranges.size).toBe(1);
  });

  it('gets past the 10,000 offset cap by bisecting the range, each entry once', async () => {
    const fake = fakeLog(23_000, 30 * DAY);
    const entries = await loadLogEntriesBetween([], NOW - 30 * DAY, NOW, { fetchPage: fake.fetchPage, concurrency: 6 });
    expect(entries).toHaveLength(23_000);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(23_000);
    expect(fake.stats.ranges.size).toBeGreaterThan(2);
  });

  it('stops splitting (and takes the first 10,000) when the server ignores since/until', async () => {
    const fake = fakeLog(10_300, DAY, { ignoreRange: true });
    const entries = await loadLogEntriesBetween([], NOW - DAY, NOW, { fetchPage: fake.fetchPage, concurrency: 5 });
    expect(entries).toHaveLength(OFFSET_CAP);
    expect(fake.stats.requests).toBeLessThanOrEqual(103);
  });

  it('follows `more` one page at a time when no total is given', async () => {
    const fake = fakeLog(240, DAY, { honourTotal: false });
    const entries = await loadLogEntriesBetween([], NOW - DAY, NOW, { fetchPage: fake.fetchPage, concurrency: 5 });
    expect(entries).toHaveLength(240);
    expect(fake.stats.requests).toBe(3);
  });
});

describe('loadIncidentsCreatedBetween', () => {
  it('splits a period longer than 180 days into windows PagerDuty accepts', async () => {
    const all = Array.from({ length: 400 }, (_, index) =>
      PdIncident.parse(pdIncident(`P${index + 1}`, { created_at: new Date(NOW - 400 * DAY + index * DAY).toISOString() })),
    );
    const windows: Array<[number, number]> = [];
    const fetchPage = async (
      query: Array<[string, string | number | boolean]>,
      offset: number,
      withTotal: boolean,
    ): Promise<PdIncidentPage> => {
      const get = (name: string) => query.find(([key]) => key === name)?.[1];
      const since = Date.parse(String(get('since')));
      const until = Date.parse(String(get('until')));
      if (until - since > MAX_WINDOW_MS) throw new Error('400: the range may span at most 6 months');
      if (offset === 0) windows.push([since, until]);
      const matching = all.filter((incident) => Date.parse(incident.created_at) >= since && Date.parse(incident.created_at) < until);
      return {
        incidents: matching.slice(offset, offset + 100),
        limit: 100,
        offset,
        more: offset + 100 < matching.length,
        total: withTotal ? matching.length : null,
      };
    };
    const incidents = await loadIncidentsCreatedBetween([], NOW - 365 * DAY, NOW, { fetchPage, concurrency: 3, now: () => NOW });
    expect(incidents).toHaveLength(365);
    expect(windows).toHaveLength(3);
    expect(windows[0]![0]).toBe(NOW - 365 * DAY);
    expect(windows[windows.length - 1]![1]).toBe(NOW);
  });
});
