/**
 * The cursor of specialistRequestsChangedSince: the newest `updated` time returned so far
 * and the requests returned near it (key and `updated`, to the millisecond), so that the
 * overlap the search needs (JQL dates have minute precision, and a change can become
 * visible after a later one) does not return the same unchanged request on every poll.
 * Opaque to the engine: base64url JSON, versioned.
 */
import { z } from 'zod';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import { PRODUCT } from './jsm-client';

/** The search starts this long before the cursor: a change committed late, or JQL's minute rounding, is still found. */
export const SPECIALIST_OVERLAP_MS = 60_000;
/** Requests remembered near the cursor; past this the oldest are forgotten (and may be returned again, which is allowed). */
const MAX_SEEN = 1000;

export interface SpecialistCursor {
  /** The newest `updated` returned so far, ms since the epoch (UTC). */
  since: number;
  /** `KEY@updatedMs` of the requests returned with `updated` near `since`. */
  seen: string[];
}

const CursorData = z.object({
  v: z.literal(1),
  kind: z.literal('specialist'),
  since: z.number().int().nonnegative(),
  seen: z.array(z.string().max(200)).max(MAX_SEEN),
});

export function seenId(key: string, updatedMs: number): string {
  return `${key}@${updatedMs}`;
}

export function encodeSpecialistCursor(cursor: SpecialistCursor): string {
  return encodeJsonCursor({ v: 1, kind: 'specialist', since: cursor.since, seen: cursor.seen }, 'base64url');
}

export function decodeSpecialistCursor(text: string): SpecialistCursor {
  const data = decodeJsonCursor(
    text,
    CursorData,
    `The ${PRODUCT} specialist request cursor is not one this version wrote: read again with a null cursor (the last 30 days).`,
    'base64url',
  );
  return { since: data.since, seen: data.seen };
}

/** The cursor after returning these requests: `since` moves to the newest, and what is near it is remembered. */
export function advanceSpecialistCursor(cursor: SpecialistCursor, returned: { key: string; updatedMs: number }[]): SpecialistCursor {
  const since = returned.reduce((max, item) => Math.max(max, item.updatedMs), cursor.since);
  // Keep what the next search can still find: from a minute (JQL rounding) before its overlap.
  const keepFrom = since - SPECIALIST_OVERLAP_MS - 60_000;
  const fresh = returned.map((item) => ({ id: seenId(item.key, item.updatedMs), at: item.updatedMs }));
  const carried = cursor.seen.map((id) => ({ id, at: Number(id.slice(id.lastIndexOf('@') + 1)) }));
  const near = [...carried, ...fresh].filter((item) => Number.isFinite(item.at) && item.at >= keepFrom).sort((a, b) => a.at - b.at);
  const ids = [...new Set(near.map((item) => item.id))];
  return { since, seen: ids.slice(Math.max(0, ids.length - MAX_SEEN)) };
}
