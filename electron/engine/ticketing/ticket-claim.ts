/**
 * Exactly one ticket per paging incident, even when several console hosts (two automation
 * hosts, or a desktop and an automation host) try to create it at once.
 *
 * The hosts share nothing but the vendors' systems, so the lock lives there: before
 * creating a ticket, a host adds a claim to the paging incident, one plain sentence
 * ("Raising a ServiceNow ticket for this incident.", shared/domain/paging-notes.ts), and
 * reads the notes back. The paging platform orders notes the same way for every reader,
 * so every host agrees which live claim came first; a host knows its own claims by the
 * note ids it got back, and only the first claim's owner creates the ticket. It then edits
 * its claim into "Raised ServiceNow ticket INC0010042 for this incident." and the others
 * delete theirs, so the timeline keeps one sentence a person would have written. A host
 * remembers its claims in the action's recorded steps, so a restart keeps them. A claim
 * expires, so a host that dies after claiming does not block the ticket for long; its owner
 * only creates while its claim has a safe margin left.
 */
import type { Note } from '../../../shared/domain/incident';
import { isClaimNote } from '../../../shared/domain/paging-notes';

/**
 * How long a claim holds, from when the platform recorded it: long enough to create a
 * ticket, short enough that a host killed between posting its claim and hearing back
 * (which cannot know the claim was its own) holds the ticket up for a minute and a half
 * at most.
 */
export const CLAIM_TTL_MS = 90_000;
/** The owner only starts creating while at least this much of its claim is left. */
const CLAIM_SAFETY_MARGIN_MS = 30_000;

export interface TicketClaim {
  noteId: string;
  createdAt: number;
  until: number;
  mine: boolean;
}

/** The claims on the incident, earliest first (the platform's order), live or not. */
export function claimsOf(notes: readonly Note[], systemLabel: string, mine: ReadonlySet<string>): TicketClaim[] {
  return notes
    .filter((note) => isClaimNote(note.content, systemLabel))
    .map((note) => {
      const createdAt = Date.parse(note.createdAt);
      return { noteId: note.id, createdAt, until: createdAt + CLAIM_TTL_MS, mine: mine.has(note.id) };
    })
    .filter((claim) => !Number.isNaN(claim.createdAt))
    .sort((a, b) => a.createdAt - b.createdAt || a.noteId.localeCompare(b.noteId));
}

/** The claim that holds now: the earliest that has not expired. */
export function winningClaim(notes: readonly Note[], systemLabel: string, mine: ReadonlySet<string>, now: number): TicketClaim | null {
  return claimsOf(notes, systemLabel, mine).find((claim) => claim.until > now) ?? null;
}

export type ClaimDecision =
  /** This host holds the claim with time to spare: create the ticket now. */
  | { kind: 'create'; claim: TicketClaim }
  /** Another host holds a live claim: wait for its ticket. */
  | { kind: 'wait'; claim: TicketClaim }
  /** Nobody holds a claim (or ours is nearly spent): add one and decide again. */
  | { kind: 'claim' };

export function decide(notes: readonly Note[], systemLabel: string, mine: ReadonlySet<string>, now: number): ClaimDecision {
  const claim = winningClaim(notes, systemLabel, mine, now);
  if (!claim) return { kind: 'claim' };
  if (!claim.mine) return { kind: 'wait', claim };
  return claim.until - now >= CLAIM_SAFETY_MARGIN_MS ? { kind: 'create', claim } : { kind: 'claim' };
}
