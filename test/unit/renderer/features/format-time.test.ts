import { describe, expect, it } from 'vitest';
import { formatAge, formatRelative } from '../../../../renderer/src/features/incidents/format-time';

const at = (iso: string) => Date.parse(iso);

describe('formatAge', () => {
  const created = '2025-01-01T10:00:00.000Z';
  it.each([
    ['2025-01-01T10:00:00.000Z', '0s'],
    ['2025-01-01T10:00:59.900Z', '59s'],
    ['2025-01-01T10:01:00.000Z', '1m'],
    ['2025-01-01T10:59:59.000Z', '59m'],
    ['2025-01-01T11:05:00.000Z', '1h 05m'],
    ['2025-01-02T09:59:00.000Z', '23h 59m'],
    ['2025-01-03T14:00:00.000Z', '2d 4h'],
  ])('at %s shows %s', (now, expected) => {
    expect(formatAge(created, at(now))).toBe(expected);
  });
  it('never shows a negative age when clocks disagree', () => {
    expect(formatAge(created, at('2025-01-01T09:59:00.000Z'))).toBe('0s');
  });
  it('shows a dash for a timestamp it cannot read', () => {
    expect(formatAge('yesterday-ish', 0)).toBe('–');
  });
});

describe('formatRelative', () => {
  const now = at('2025-01-01T10:00:00.000Z');
  it('says how long ago, or how long until', () => {
    expect(formatRelative('2025-01-01T09:59:48.000Z', now)).toBe('12s ago');
    expect(formatRelative('2025-01-01T09:55:00.000Z', now)).toBe('5m ago');
    expect(formatRelative('2025-01-01T10:00:30.000Z', now)).toBe('in 30s');
    expect(formatRelative('2025-01-01T10:00:00.500Z', now)).toBe('now');
  });
});
