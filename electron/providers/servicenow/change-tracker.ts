/**
 * What changesSince remembers and how it tells people's changes from the console's own.
 *
 * The cursor (opaque JSON for the engine) holds where the next poll starts and a small
 * snapshot of every linked ticket it has seen (assignment group, business service, CI,
 * priority, state). A poll diffs each changed ticket against that snapshot; fields the
 * console itself wrote since (remembered in memory by the provider after each write)
 * are not reported, and after a restart (memory lost) a ticket whose last update was
 * made by the console's own user reports nothing: no echo loops, at the price of missing
 * a person's change that the console then overwrote before the next poll.
 */
import { z } from 'zod';

/** How far before the instance's clock at poll time the next poll starts: covers second granularity and paging shifts. */
export const CURSOR_OVERLAP_MS = 60_000;
/** The cursor keeps at most this many ticket snapshots (the least recently updated are dropped). */
export const MAX_SNAPSHOTS = 5_000;

export interface TicketSnapshot {
  /** assignment_group, business_service, cmdb_ci sys_ids, priority and state values. */
  g: string;
  s: string;
  c: string;
  p: string;
  st: string;
  /** sys_updated_on of the version snapshotted ("YYYY-MM-DD HH:MM:SS"). */
  u: string;
}

export interface ChangeCursor {
  v: 1;
  /** Incidents updated at or after this (instance time, "YYYY-MM-DD HH:MM:SS") are read next. */
  since: string;
  seen: Record<string, TicketSnapshot>;
  /** Journal entries already reported or skipped that were created at or after `since`. */
  noteIds: string[];
}

const Snapshot = z.object({ g: z.string(), s: z.string(), c: z.string(), p: z.string(), st: z.string(), u: z.string() });
const CursorSchema = z.object({
  v: z.literal(1),
  since: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  seen: z.record(z.string(), Snapshot),
  noteIds: z.array(z.string()),
});

export function encodeCursor(cursor: ChangeCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor, or throws an Error saying what to do (a cursor from another provider or version). */
export function decodeCursor(text: string): ChangeCursor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      'The ServiceNow sync cursor is not JSON: it belongs to another provider or is corrupt; pass null to start a new baseline',
    );
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) throw new Error('The ServiceNow sync cursor has an unknown shape: pass null to start a new baseline');
  return parsed.data;
}

export type WrittenFields = Partial<Omit<TicketSnapshot, 'u'>>;

export interface DiffInput {
  baseline: TicketSnapshot | undefined;
  current: TicketSnapshot;
  /** Field values the console wrote since the baseline (undefined when it wrote nothing we remember). */
  ours: WrittenFields | undefined;
  /** True when the record's last update was made by the console's own user. */
  lastUpdateByUs: boolean;
}

export interface Diff {
  reassigned: boolean;
  priority: boolean;
  resolved: boolean;
}

const NONE: Diff = { reassigned: false, priority: false, resolved: false };

/** Which kinds of change people made, comparing a ticket to its baseline and discounting the console's own writes. */
export function diffTicket({ baseline, current, ours, lastUpdateByUs }: DiffInput): Diff {
  if (!baseline) return NONE;
  if (lastUpdateByUs && !ours) return NONE;
  const changedByPeople = (field: keyof WrittenFields): boolean => {
    if (current[field] === baseline[field]) return false;
    return !(ours && ours[field] !== undefined && ours[field] === current[field]);
  };
  const wasOpen = ['1', '2', '3'].includes(baseline.st);
  return {
    reassigned: changedByPeople('g') || changedByPeople('s') || changedByPeople('c'),
    priority: changedByPeople('p'),
    resolved: wasOpen && (current.st === '6' || current.st === '7') && changedByPeople('st'),
  };
}

/** Keeps the cursor small: closed and canceled tickets cannot change any more; beyond MAX_SNAPSHOTS the least recently updated go. */
export function pruneSnapshots(seen: Record<string, TicketSnapshot>): Record<string, TicketSnapshot> {
  const entries = Object.entries(seen).filter(([, snapshot]) => snapshot.st !== '7' && snapshot.st !== '8');
  if (entries.length > MAX_SNAPSHOTS) entries.sort(([, a], [, b]) => (a.u < b.u ? 1 : a.u > b.u ? -1 : 0)).splice(MAX_SNAPSHOTS);
  return Object.fromEntries(entries);
}
