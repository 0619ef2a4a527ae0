/**
 * The cursor of changesSince: the time of the newest change seen, and the ids of changes
 * seen at exactly that millisecond (so a change is neither missed nor reported twice when
 * several share a timestamp). Opaque to the engine: base64url JSON, versioned.
 */
import { z } from 'zod';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';

export interface ChangeCursor {
  since: number;
  seenAtSince: string[];
}

const CursorData = z.object({ v: z.literal(1), since: z.number().int().nonnegative(), seen: z.array(z.string()).max(1000) });

export function encodeCursor(cursor: ChangeCursor): string {
  return encodeJsonCursor({ v: 1, since: cursor.since, seen: cursor.seenAtSince }, 'base64url');
}

export function decodeCursor(text: string): ChangeCursor {
  const data = decodeJsonCursor(
    text,
    CursorData,
    'The Jira Service Management sync cursor is not one this version wrote: start over with a null cursor (changes made meanwhile are not replayed).',
    'base64url',
  );
  return { since: data.since, seenAtSince: data.seen };
}

/** True when a change at `at` with `id` is after the cursor. */
export function isNew(cursor: ChangeCursor, at: number, id: string): boolean {
  return at > cursor.since || (at === cursor.since && !cursor.seenAtSince.includes(id));
}

/** The cursor after seeing these changes (all of them, ours included). */
export function advance(cursor: ChangeCursor, seen: { at: number; id: string }[]): ChangeCursor {
  const newest = seen.reduce((max, item) => Math.max(max, item.at), cursor.since);
  const atNewest = seen.filter((item) => item.at === newest).map((item) => item.id);
  const carried = newest === cursor.since ? cursor.seenAtSince : [];
  return { since: newest, seenAtSince: [...new Set([...carried, ...atNewest])] };
}
