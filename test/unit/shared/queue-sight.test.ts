/** When an empty queue may say "all quiet", and what it says instead when the console is blind. */
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/domain/connection';
import { queueSight } from '../../../shared/rules/queue-sight';

const now = Date.parse('2026-12-06T14:05:10Z');
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const paging = (overrides: Partial<ConnectionStatus>): ConnectionStatus => ({
  provider: 'pagerduty',
  label: 'PagerDuty',
  state: 'ok',
  lastSuccessAt: '2026-12-06T14:05:08Z',
  nextRetryAt: null,
  message: null,
  paging: true,
  ...overrides,
});
const sight = (connection: ConnectionStatus, lastSyncAt: string | null) =>
  queueSight({ connections: [connection], lastSyncAt, pollIntervalMs: 5_000 }, now, clock);

describe('queueSight', () => {
  it('sees the platform after a recent successful poll', () => {
    expect(sight(paging({}), '2026-12-06T14:05:08Z')).toEqual({ kind: 'seeing' });
  });

  it('is loading until the first load, and blind when that first load fails', () => {
    expect(sight(paging({ state: 'connecting', lastSuccessAt: null }), null)).toEqual({ kind: 'loading', label: 'PagerDuty' });
    const blind = sight(
      paging({
        state: 'offline',
        lastSuccessAt: null,
        failingSince: '2026-12-06T14:02:11Z',
        nextRetryAt: '2026-12-06T14:05:22Z',
        message: 'Cannot reach PagerDuty: the connection was refused (since 14:02:11)',
      }),
      null,
    );
    expect(blind).toEqual({
      kind: 'blind',
      label: 'PagerDuty',
      headline: 'The console cannot see PagerDuty yet (since 14:02:11): it has not loaded any incident.',
      detail:
        'Cannot reach PagerDuty: the connection was refused (since 14:02:11). It tries again in 12 s. Incidents show as soon as it gets through.',
    });
  });

  it('is blind while the paging connection fails, or its data is stale, whatever other connections say', () => {
    const failing = sight(
      paging({ state: 'degraded', message: 'PagerDuty answers with errors (503) since 14:04:00' }),
      '2026-12-06T14:04:40Z',
    );
    expect(failing).toMatchObject({
      kind: 'blind',
      headline: 'The console cannot see PagerDuty since 14:04:40 (30 s ago): there may be open incidents it cannot show.',
    });
    expect(sight(paging({ lastSuccessAt: '2026-12-06T14:04:50Z' }), '2026-12-06T14:04:50Z')).toMatchObject({ kind: 'blind' });
    expect(
      queueSight(
        {
          connections: [paging({ state: 'offline' }), { ...paging({}), provider: 'servicenow', label: 'ServiceNow', paging: false }],
          lastSyncAt: '2026-12-06T14:05:08Z',
          pollIntervalMs: 5_000,
        },
        now,
        clock,
      ).kind,
    ).toBe('blind');
  });
});

describe('queueSight over two paging platforms', () => {
  const splunk = (overrides: Partial<ConnectionStatus>) =>
    paging({ provider: 'splunk-on-call', label: 'Splunk On-Call', lastSuccessAt: '2026-12-06T14:05:09Z', ...overrides });
  const both = (connections: ConnectionStatus[], lastSyncAt: string | null) =>
    queueSight({ connections, lastSyncAt, pollIntervalMs: 5_000 }, now, clock);

  it('sees only when it sees both', () => {
    expect(both([paging({}), splunk({})], '2026-12-06T14:05:09Z')).toEqual({ kind: 'seeing' });
  });

  it('never gives the all-clear while the second platform is blind, even with a fresh sync of the first', () => {
    const blind = both(
      [
        paging({}),
        splunk({
          state: 'offline',
          lastSuccessAt: '2026-12-06T14:02:00Z',
          message: 'Cannot reach Splunk On-Call: the connection was refused',
        }),
      ],
      '2026-12-06T14:05:08Z',
    );
    expect(blind).toMatchObject({ kind: 'blind', label: 'Splunk On-Call' });
    if (blind.kind === 'blind') expect(blind.headline).toContain('cannot see Splunk On-Call since 14:02:00');
  });

  it('is blind when the second platform has been silent for three intervals while reporting OK', () => {
    expect(both([paging({}), splunk({ lastSuccessAt: '2026-12-06T14:04:50Z' })], '2026-12-06T14:05:08Z')).toMatchObject({
      kind: 'blind',
      label: 'Splunk On-Call',
    });
  });

  it('is loading while the second platform has not loaded yet, and blind (not loading) when the first is failing', () => {
    expect(both([paging({}), splunk({ state: 'connecting', lastSuccessAt: null })], null)).toEqual({
      kind: 'loading',
      label: 'Splunk On-Call',
    });
    expect(both([paging({ state: 'degraded' }), splunk({ state: 'connecting', lastSuccessAt: null })], null)).toMatchObject({
      kind: 'blind',
      label: 'PagerDuty',
    });
  });
});
