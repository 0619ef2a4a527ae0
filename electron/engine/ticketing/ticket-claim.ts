/**
 * Exactly one ticket per paging incident, even when several console hosts (two automation
 * hosts, or a desktop and an automation host) try to create it at once.
 *
 * The hosts share nothing but the vendors' systems, so the lock lives there: before
 * creating a ticket, a host adds a claim note to the paging incident and reads the notes
 * back. The paging platform orders notes the same way for every reader, so every host
 * agrees which live claim came first, and only its owner creates the ticket. A claim
 * expires, so a host that dies after claiming does not block the ticket forever; its
 * owner only creates while its claim has a safe margin left.
 */
import type { Note } from '../../../shared/domain/incident';
import { CONSOLE_NOTE_MARKER } from '../ticketing-port';

/** How long a claim holds. */
export const CLAIM_TTL_MS = 5 * 60_000;
/** The owner only starts creating while at least this much of its claim is left. */
export const CLAIM_SAFETY_MARGIN_MS = 60_000;

const CLAIM_PATTERN = /\[ticket-claim host=([A-Za-z0-9._-]+) until=([0-9TZ:.-]+)\]/;

export interface TicketClaim {
  hostId: string;
  until: number;
  noteId: string;
  createdAt: number;
}

/** The note a host adds to claim the ticket's creation; readable by people too. */
export function claimNoteText(hostId: string, systemLabel: string, until: number): string {
  const untilIso = new Date(until).toISOString();
  return `Opening a ticket in ${systemLabel} for this incident. [ticket-claim host=${hostId} until=${untilIso}] ${CONSOLE_NOTE_MARKER}`;
}

export function parseClaim(note: Note): TicketClaim | null {
  const match = CLAIM_PATTERN.exec(note.content);
  if (!match) return null;
  const until = Date.parse(match[2]!);
  const createdAt = Date.parse(note.createdAt);
  if (Number.isNaN(until) || Number.isNaN(createdAt)) return null;
  return { hostId: match[1]!, until, noteId: note.id, createdAt };
}

/** The claim that holds now: the earliest (by the platform's order) that has not expired. */
export function winningClaim(notes: readonly Note[], now: number): TicketClaim | null {
  const claims = notes
    .map(parseClaim)
    .filter((claim): claim is TicketClaim => claim !== null && claim.until > now)
    .sort((a, b) => a.createdAt - b.createdAt || a.noteId.localeCompare(b.noteId));
  return claims[0] ?? null;
}

export type ClaimDecision =
  /** This host holds the claim with time to spare: create the ticket now. */
  | { kind: 'create'; claim: TicketClaim }
  /** Another host holds a live claim: wait for its ticket. */
  | { kind: 'wait'; claim: TicketClaim }
  /** Nobody holds a claim (or ours is nearly spent): add one and decide again. */
  | { kind: 'claim' };

export function decide(notes: readonly Note[], hostId: string, now: number): ClaimDecision {
  const claim = winningClaim(notes, now);
  if (!claim) return { kind: 'claim' };
  if (claim.hostId !== hostId) return { kind: 'wait', claim };
  return claim.until - now >= CLAIM_SAFETY_MARGIN_MS ? { kind: 'create', claim } : { kind: 'claim' };
}
