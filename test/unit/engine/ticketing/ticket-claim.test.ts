import { describe, expect, it } from 'vitest';
import type { Note } from '../../../../shared/domain/incident';
import { CLAIM_TTL_MS, claimNoteText, decide, parseClaim, winningClaim } from '../../../../electron/engine/ticketing/ticket-claim';

const T0 = Date.parse('2026-11-26T10:00:00Z');

function note(id: string, at: number, content: string): Note {
  return { id, content, createdAt: new Date(at).toISOString(), author: null };
}
const claim = (id: string, host: string, at: number, ttl = CLAIM_TTL_MS) => note(id, at, claimNoteText(host, 'ServiceNow', at + ttl));

describe('ticket creation claims', () => {
  it('round-trips a claim through the note text', () => {
    expect(parseClaim(claim('N1', 'host-a', T0))).toEqual({ hostId: 'host-a', until: T0 + CLAIM_TTL_MS, noteId: 'N1', createdAt: T0 });
    expect(parseClaim(note('N2', T0, 'Looking at the DB'))).toBeNull();
  });

  it('lets the earliest live claim win, the same for every reader', () => {
    const notes = [claim('N9', 'host-b', T0 + 1_000), note('N3', T0, 'human note'), claim('N5', 'host-a', T0 + 1_000)];
    // Same second: the note id breaks the tie, so both hosts agree.
    expect(winningClaim(notes, T0 + 2_000)?.hostId).toBe('host-a');
    expect(decide(notes, 'host-a', T0 + 2_000).kind).toBe('create');
    expect(decide(notes, 'host-b', T0 + 2_000).kind).toBe('wait');
  });

  it('asks for a claim when there is none, and again when ours is nearly spent', () => {
    expect(decide([], 'host-a', T0)).toEqual({ kind: 'claim' });
    const nearlySpent = T0 + CLAIM_TTL_MS - 30_000;
    expect(decide([claim('N1', 'host-a', T0)], 'host-a', nearlySpent)).toEqual({ kind: 'claim' });
  });

  it('ignores an expired claim left by a host that died', () => {
    const notes = [claim('N1', 'dead-host', T0), claim('N2', 'host-b', T0 + CLAIM_TTL_MS + 1_000)];
    const later = T0 + CLAIM_TTL_MS + 2_000;
    expect(winningClaim(notes, later)?.hostId).toBe('host-b');
    expect(decide(notes, 'host-b', later).kind).toBe('create');
    expect(decide(notes, 'dead-host', later).kind).toBe('wait');
  });
});
