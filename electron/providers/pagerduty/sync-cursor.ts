/**
 * The PagerDuty sync cursor: where an incremental poll of GET /log_entries starts.
 *
 * Format (a JSON string, opaque to the engine, safe to persist):
 *   {"v":1,"since":"2024-05-01T10:00:03Z","seen":["R1ABC","R2DEF"]}
 * `since` is the created_at of the newest log entry seen so far (or, after a full load,
 * the moment the load started minus a safety margin); `seen` lists the ids of the log
 * entries created at exactly that instant. PagerDuty's `since` is inclusive and its
 * timestamps have second precision, so the next poll sees those entries again and drops
 * them by id instead of reporting them twice, while entries that land later in the same
 * second are still picked up.
 */
import { z } from 'zod';
import { decodeJsonCursor } from '../http/opaque-cursor';

const CursorSchema = z.object({
  v: z.literal(1),
  since: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'since must be an ISO 8601 timestamp'),
  seen: z.array(z.string()).max(10_000),
});
export type PagerDutyCursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: PagerDutyCursor): string {
  return JSON.stringify({ v: 1, since: cursor.since, seen: cursor.seen });
}

export function decodeCursor(text: string): PagerDutyCursor {
  return decodeJsonCursor(
    text,
    CursorSchema,
    'The PagerDuty sync cursor is not one this provider wrote (expected {"v":1,"since":"<ISO time>","seen":[...]}); run a full load (listOpenIncidents) to get a fresh one.',
  );
}

/** A cursor that starts at a moment in time (ms since the epoch) with nothing seen yet. */
export function cursorAt(ms: number): PagerDutyCursor {
  return { v: 1, since: new Date(ms).toISOString(), seen: [] };
}

/** Log entries not already reported by the poll that wrote the cursor (and each id once). */
export function unseenEntries<E extends { id: string }>(cursor: PagerDutyCursor, entries: readonly E[]): E[] {
  const skip = new Set(cursor.seen);
  return entries.filter((entry) => (skip.has(entry.id) ? false : (skip.add(entry.id), true)));
}

/** The cursor after a poll that returned `entries` (all of them, seen or not). */
export function advanceCursor(cursor: PagerDutyCursor, entries: ReadonlyArray<{ id: string; created_at: string }>): PagerDutyCursor {
  const sinceMs = Date.parse(cursor.since);
  let newestMs = sinceMs;
  let newestText = cursor.since;
  for (const entry of entries) {
    const at = Date.parse(entry.created_at);
    if (!Number.isNaN(at) && at > newestMs) {
      newestMs = at;
      newestText = entry.created_at;
    }
  }
  const atNewest = entries.filter((entry) => Date.parse(entry.created_at) === newestMs).map((entry) => entry.id);
  const seen = newestMs === sinceMs ? [...new Set([...cursor.seen, ...atNewest])] : [...new Set(atNewest)];
  return { v: 1, since: newestText, seen };
}
