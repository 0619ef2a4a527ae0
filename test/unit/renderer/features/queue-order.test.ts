import { describe, expect, it } from 'vitest';
import { sortQueue } from '../../../../renderer/src/features/incidents/queue-order';
import { safeExternalUrl } from '../../../../renderer/src/features/incidents/external-link';
import { incident } from '../fixtures';

describe('sortQueue', () => {
  it('puts the newest first and breaks ties by id, whatever the status', () => {
    const sorted = sortQueue([
      incident('B', { createdAt: '2025-01-01T10:00:00.000Z', status: 'acknowledged' }),
      incident('C', { createdAt: '2025-01-01T11:00:00.000Z' }),
      incident('A', { createdAt: '2025-01-01T10:00:00.000Z' }),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['C', 'A', 'B']);
  });
});

describe('safeExternalUrl', () => {
  it('allows https and refuses everything else', () => {
    expect(safeExternalUrl('https://grafana.example.com/d/1?x=1')).toBe('https://grafana.example.com/d/1?x=1');
    expect(safeExternalUrl('http://grafana.example.com')).toBeNull();
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl('file:///etc/passwd')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
  });
});
