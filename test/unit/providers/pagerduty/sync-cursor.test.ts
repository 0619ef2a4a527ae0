import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { advanceCursor, cursorAt, decodeCursor, encodeCursor, unseenEntries } from '../../../../electron/providers/pagerduty/sync-cursor';

describe('sync cursor', () => {
  it('round-trips through its documented JSON format', () => {
    const cursor = { v: 1 as const, since: '2024-05-01T10:00:03Z', seen: ['R1', 'R2'] };
    const text = encodeCursor(cursor);
    expect(JSON.parse(text)).toEqual(cursor);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('refuses a cursor it did not write, saying how to get a fresh one', () => {
    for (const bad of ['', 'not json', '{"v":2,"since":"2024-05-01T10:00:00Z","seen":[]}', '{"v":1,"since":"yesterday","seen":[]}']) {
      expect(() => decodeCursor(bad)).toThrow(ProviderError);
      expect(() => decodeCursor(bad)).toThrow(/full load/);
    }
  });

  it('drops entries already reported at the boundary instant, and duplicates within a poll', () => {
    const cursor = { v: 1 as const, since: '2024-05-01T10:00:03Z', seen: ['R1'] };
    const entries = [
      { id: 'R1', created_at: '2024-05-01T10:00:03Z' },
      { id: 'R2', created_at: '2024-05-01T10:00:03Z' },
      { id: 'R2', created_at: '2024-05-01T10:00:03Z' },
      { id: 'R3', created_at: '2024-05-01T10:00:05Z' },
    ];
    expect(unseenEntries(cursor, entries).map((e) => e.id)).toEqual(['R2', 'R3']);
  });

  it('moves to the newest entry and remembers every id at that instant', () => {
    const start = cursorAt(Date.parse('2024-05-01T10:00:00Z'));
    const next = advanceCursor(start, [
      { id: 'R3', created_at: '2024-05-01T10:00:05Z' },
      { id: 'R1', created_at: '2024-05-01T10:00:01Z' },
      { id: 'R4', created_at: '2024-05-01T10:00:05Z' },
    ]);
    expect(next).toEqual({ v: 1, since: '2024-05-01T10:00:05Z', seen: ['R3', 'R4'] });
  });

  it('adds to the seen ids when new entries land in the same instant, and stays put when idle', () => {
    const cursor = { v: 1 as const, since: '2024-05-01T10:00:05Z', seen: ['R3'] };
    expect(
      advanceCursor(cursor, [
        { id: 'R3', created_at: '2024-05-01T10:00:05Z' },
        { id: 'R5', created_at: '2024-05-01T10:00:05Z' },
      ]).seen,
    ).toEqual(['R3', 'R5']);
    expect(advanceCursor(cursor, [])).toEqual(cursor);
  });
});
