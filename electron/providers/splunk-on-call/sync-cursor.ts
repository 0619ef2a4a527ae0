/**
 * The Splunk On-Call sync cursor. GET /api-public/v1/incidents takes no `since` and no
 * filter (L346–L360), so an incremental poll is one read of the whole current list diffed
 * against the list the last poll saw. The cursor carries that list compactly: for each
 * incident number, the phase's first letter and a 32-bit hash of the incident as the
 * console shows it, e.g.
 *   {"v":1,"platform":"splunk-on-call","seen":{"4":"t1x2k9a","7":"a0pq3zz"}}
 * About fifteen characters an incident, opaque to the engine, safe to persist. A hash
 * that matches by accident (one in four billion) only delays a change to the next one.
 */
import { z } from 'zod';
import type { Incident } from '../../../shared/domain/incident';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import { incidentIdOf, incidentNumberOf, SPLUNK_ON_CALL_PROVIDER_ID } from './mapper';

const CursorSchema = z.object({
  v: z.literal(1),
  platform: z.literal(SPLUNK_ON_CALL_PROVIDER_ID),
  seen: z.record(z.string().regex(/^\d{1,18}$/), z.string().regex(/^[tar][0-9a-z]{1,7}$/)),
});

/** The cursor for these incidents (every one listed now, resolved ones included). */
export function encodeCursor(incidents: readonly Incident[]): string {
  const seen: Record<string, string> = {};
  for (const incident of incidents) {
    const number = incidentNumberOf(incident.id);
    if (number !== null) seen[number] = fingerprint(incident);
  }
  return encodeJsonCursor({ v: 1, platform: SPLUNK_ON_CALL_PROVIDER_ID, seen });
}

/** The incidents the cursor's poll saw (number -> fingerprint); a cursor this provider did not write is refused. */
export function decodeCursor(cursorText: string): Readonly<Record<string, string>> {
  return decodeJsonCursor(
    cursorText,
    CursorSchema,
    'The Splunk On-Call sync cursor is not one this provider wrote (expected {"v":1,"platform":"splunk-on-call","seen":{...}}); run a full load (listOpenIncidents) to get a fresh one.',
  ).seen;
}

/**
 * What changed between the cursor's poll and the list now: incidents new or different, in
 * their current state (resolved ones included), and the ids of those no longer listed
 * (resolved long enough ago that Splunk On-Call stopped listing them).
 */
export function diffAgainstCursor(
  seen: Readonly<Record<string, string>>,
  incidents: readonly Incident[],
): { changed: Incident[]; gone: string[] } {
  const listed = new Set<string>();
  const changed: Incident[] = [];
  for (const incident of incidents) {
    const number = incidentNumberOf(incident.id);
    if (number === null) continue;
    listed.add(number);
    if (seen[number] !== fingerprint(incident)) changed.push(incident);
  }
  const gone = Object.keys(seen)
    .filter((number) => !listed.has(number))
    .map(incidentIdOf);
  return { changed, gone };
}

/** "t1x2k9a": the status's first letter and a hash of everything else the console shows of the incident. */
function fingerprint(incident: Incident): string {
  return `${incident.status[0]}${fnv1a(JSON.stringify(incident)).toString(36)}`;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
