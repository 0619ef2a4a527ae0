import { describe, expect, it } from 'vitest';
import { failingConnections, isStale, lastSuccessfulSync } from '../../../../renderer/src/features/connection/connection-health';
import { connection, snapshot } from '../fixtures';

const t = (iso: string) => Date.parse(iso);

describe('isStale', () => {
  // Poll interval 5 s: stale after more than 15 s without a successful sync.
  const s = snapshot({ lastSyncAt: '2025-01-01T10:00:00.000Z', connections: [connection({ lastSuccessAt: '2025-01-01T10:00:00.000Z' })] });
  it('is fresh within three poll intervals', () => {
    expect(isStale(s, t('2025-01-01T10:00:15.000Z'))).toBe(false);
  });
  it('is stale after three poll intervals', () => {
    expect(isStale(s, t('2025-01-01T10:00:15.001Z'))).toBe(true);
  });
  it('uses the latest success of any provider', () => {
    const later = { ...s, connections: [connection({ lastSuccessAt: '2025-01-01T10:00:10.000Z' })] };
    expect(lastSuccessfulSync(later)).toBe(t('2025-01-01T10:00:10.000Z'));
    expect(isStale(later, t('2025-01-01T10:00:20.000Z'))).toBe(false);
  });
  it('is not stale while still connecting for the first time, but is once a provider has failed', () => {
    const never = snapshot({ lastSyncAt: null, connections: [connection({ state: 'connecting', lastSuccessAt: null })] });
    expect(isStale(never, t('2025-01-01T11:00:00.000Z'))).toBe(false);
    const failed = { ...never, connections: [connection({ state: 'offline', lastSuccessAt: null, message: 'refused' })] };
    expect(isStale(failed, t('2025-01-01T11:00:00.000Z'))).toBe(true);
  });
});

describe('failingConnections', () => {
  it('lists degraded and offline providers only', () => {
    const list = [
      connection({ provider: 'a', state: 'ok' }),
      connection({ provider: 'b', state: 'degraded' }),
      connection({ provider: 'c', state: 'offline' }),
      connection({ provider: 'd', state: 'connecting' }),
    ];
    expect(failingConnections(list).map((c) => c.provider)).toEqual(['b', 'c']);
  });
});
