import { describe, expect, it } from 'vitest';
import type { Note } from '../../../../shared/domain/incident';
import { claimNoteText } from '../../../../shared/domain/paging-notes';
import { CLAIM_TTL_MS, claimsOf, decide, winningClaim } from '../../../../electron/engine/ticketing/ticket-claim';

const T0 = Date.parse('2026-11-26T10:00:00Z');

function note(id: string, at: number, content: string): Note {
  return { id, content, createdAt: new Date(at).toISOString(), author: null };
}
const claim = (id: string, at: number) => note(id, at, claimNoteText('ServiceNow'));

describe('ticket creation claims', () => {
  it("are plain sentences, told apart from people's notes and from another system's claims", () => {
    const notes = [claim('N1', T0), note('N2', T0, 'Looking at the DB'), note('N3', T0, claimNoteText('Jira Service Management'))];
    expect(claimsOf(notes, 'ServiceNow', new Set(['N1']))).toEqual([{ noteId: 'N1', createdAt: T0, until: T0 + CLAIM_TTL_MS, mine: true }]);
    expect(claimNoteText('ServiceNow')).toBe('Raising a ServiceNow ticket for this incident.');
  });

  it('lets the earliest live claim win, the same for every reader', () => {
    const notes = [claim('N9', T0 + 1_000), note('N3', T0, 'human note'), claim('N5', T0 + 1_000)];
    // Same second: the note id breaks the tie, so both hosts agree.
    expect(winningClaim(notes, 'ServiceNow', new Set(), T0 + 2_000)?.noteId).toBe('N5');
    expect(decide(notes, 'ServiceNow', new Set(['N5']), T0 + 2_000).kind).toBe('create');
    expect(decide(notes, 'ServiceNow', new Set(['N9']), T0 + 2_000).kind).toBe('wait');
  });

  it('asks for a claim when there is none, and again when ours is nearly spent', () => {
    expect(decide([], 'ServiceNow', new Set(), T0)).toEqual({ kind: 'claim' });
    const nearlySpent = T0 + CLAIM_TTL_MS - 20_000;
    expect(decide([claim('N1', T0)], 'ServiceNow', new Set(['N1']), nearlySpent)).toEqual({ kind: 'claim' });
  });

  it('ignores an expired claim left by a host that died', () => {
    const notes = [claim('N1', T0), claim('N2', T0 + CLAIM_TTL_MS + 1_000)];
    const later = T0 + CLAIM_TTL_MS + 2_000;
    expect(winningClaim(notes, 'ServiceNow', new Set(), later)?.noteId).toBe('N2');
    expect(decide(notes, 'ServiceNow', new Set(['N2']), later).kind).toBe('create');
    expect(decide(notes, 'ServiceNow', new Set(['N1']), later).kind).toBe('wait');
  });
});
