import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  diffTicket,
  encodeCursor,
  MAX_SNAPSHOTS,
  pruneSnapshots,
  type TicketSnapshot,
} from '../../../../electron/providers/servicenow/change-tracker';

const base: TicketSnapshot = { g: 'G1', s: 'S1', c: 'C1', p: '3', st: '2', u: '2026-11-26 10:00:00' };

describe('diffTicket', () => {
  it("reports people's reassignment, priority change and resolution against the baseline", () => {
    const current = { ...base, g: 'G2', p: '1', st: '6', u: '2026-11-26 10:05:00' };
    expect(diffTicket({ baseline: base, current, ours: undefined, lastUpdateByUs: false })).toEqual({
      reassigned: true,
      priority: true,
      resolved: true,
    });
  });

  it('does not report fields the console wrote to the values it wrote', () => {
    const current = { ...base, g: 'G2', p: '1', u: '2026-11-26 10:05:00' };
    expect(diffTicket({ baseline: base, current, ours: { g: 'G2' }, lastUpdateByUs: true })).toEqual({
      reassigned: false,
      priority: true,
      resolved: false,
    });
  });

  it('after a restart (no memory), a ticket last updated by the console reports nothing', () => {
    const current = { ...base, g: 'G2', u: '2026-11-26 10:05:00' };
    expect(diffTicket({ baseline: base, current, ours: undefined, lastUpdateByUs: true })).toEqual({
      reassigned: false,
      priority: false,
      resolved: false,
    });
  });

  it('reports nothing without a baseline, and no resolution for a ticket that was not open', () => {
    expect(diffTicket({ baseline: undefined, current: { ...base, g: 'X' }, ours: undefined, lastUpdateByUs: false }).reassigned).toBe(
      false,
    );
    expect(
      diffTicket({ baseline: { ...base, st: '6' }, current: { ...base, st: '7' }, ours: undefined, lastUpdateByUs: false }).resolved,
    ).toBe(false);
  });
});

describe('cursor', () => {
  it('round-trips, and refuses other shapes with what to do', () => {
    const cursor = { v: 1 as const, since: '2026-11-26 10:00:00', seen: { abc: base }, noteIds: ['n1'] };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('nope')).toThrow(/pass null to start a new baseline/);
    expect(() => decodeCursor(JSON.stringify({ ...cursor, since: '2026-11-26T10:00:00Z' }))).toThrow(/pass null/);
  });

  it('prunes closed and canceled tickets and keeps the most recently updated within the cap', () => {
    const seen: Record<string, TicketSnapshot> = { closed: { ...base, st: '7' }, canceled: { ...base, st: '8' }, open: base };
    expect(Object.keys(pruneSnapshots(seen))).toEqual(['open']);
    const many: Record<string, TicketSnapshot> = {};
    for (let i = 0; i < MAX_SNAPSHOTS + 10; i++)
      many[`t${i}`] = {
        ...base,
        u: `2026-11-26 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      };
    const pruned = pruneSnapshots(many);
    expect(Object.keys(pruned)).toHaveLength(MAX_SNAPSHOTS);
    expect(pruned.t0).toBeUndefined();
  });
});
