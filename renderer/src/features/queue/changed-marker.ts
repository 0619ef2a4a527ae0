/**
 * "Changed since I last looked": each incident's fingerprint (a short hash of the fields
 * a row shows) is remembered when the user views the row; a row whose incident is not
 * remembered is new, one whose fingerprint differs is updated. Pure functions: the seen
 * store persists the map, the queue decides when a row counts as viewed.
 */
import type { Incident } from '../../../../shared/domain/incident';

export type ChangeKind = 'new' | 'updated';

/** Incident id -> fingerprint of what the user last saw. */
export type SeenMap = ReadonlyMap<string, string>;

const fingerprints = new WeakMap<Incident, string>();

/** FNV-1a, 32 bits, in base 36: short, fast, and plenty to tell two versions apart. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** A hash of the fields shown in the queue (not the age, which changes by itself). */
export function fingerprint(incident: Incident): string {
  let value = fingerprints.get(incident);
  if (value === undefined) {
    value = hash(
      JSON.stringify([
        incident.status,
        incident.urgency,
        incident.priority?.id ?? null,
        incident.title,
        incident.service.id,
        incident.team?.id ?? null,
        incident.assignees.map((user) => user.id),
        incident.acknowledgedBy.map((user) => user.id),
        incident.tenant,
      ]),
    );
    fingerprints.set(incident, value);
  }
  return value;
}

export function changeKind(incident: Incident, seen: SeenMap): ChangeKind | null {
  const last = seen.get(incident.id);
  if (last === undefined) return 'new';
  return last === fingerprint(incident) ? null : 'updated';
}

/** The changed incidents among `incidents`, by id. */
export function changedIncidents(incidents: readonly Incident[], seen: SeenMap | null): Map<string, ChangeKind> {
  const changed = new Map<string, ChangeKind>();
  if (seen === null) return changed;
  for (const incident of incidents) {
    const kind = changeKind(incident, seen);
    if (kind) changed.set(incident.id, kind);
  }
  return changed;
}

/**
 * changedIncidents that remembers its last answer: when the seen map is the same and the
 * incidents are the same ones in the same places (a live update replaces some in place),
 * only the replaced ones are looked at, and the same map comes back when none changed
 * kind. One per queue.
 */
export function createChangedIncidents(): (incidents: readonly Incident[], seen: SeenMap | null) => ReadonlyMap<string, ChangeKind> {
  let last: { incidents: readonly Incident[]; seen: SeenMap | null; changed: Map<string, ChangeKind> } | null = null;
  return (incidents, seen) => {
    if (last && seen !== null && last.seen === seen && last.incidents.length === incidents.length) {
      const changed = updatedInPlace(last.incidents, incidents, seen, last.changed);
      if (changed) {
        last = { incidents, seen, changed };
        return changed;
      }
    }
    last = { incidents, seen, changed: changedIncidents(incidents, seen) };
    return last.changed;
  };
}

/** `held` updated for the incidents replaced in place, or null when the ids moved. */
function updatedInPlace(
  before: readonly Incident[],
  after: readonly Incident[],
  seen: SeenMap,
  held: Map<string, ChangeKind>,
): Map<string, ChangeKind> | null {
  let next: Map<string, ChangeKind> | null = null;
  for (let position = 0; position < after.length; position++) {
    const incident = after[position]!;
    const previous = before[position]!;
    if (incident === previous) continue;
    if (incident.id !== previous.id) return null;
    const kind = changeKind(incident, seen);
    if (kind === (held.get(incident.id) ?? null)) continue;
    next ??= new Map(held);
    if (kind) next.set(incident.id, kind);
    else next.delete(incident.id);
  }
  return next ?? held;
}

/** Everything in `incidents` counted as seen as it is now (the first run marks nothing). */
export function baselineSeen(incidents: readonly Incident[]): Map<string, string> {
  return new Map(incidents.map((incident) => [incident.id, fingerprint(incident)]));
}

/** Records `incidents` as seen; returns the same map when nothing changes. */
export function markSeen(seen: SeenMap, incidents: readonly Incident[]): SeenMap {
  const stale = incidents.filter((incident) => seen.get(incident.id) !== fingerprint(incident));
  if (stale.length === 0) return seen;
  const next = new Map(seen);
  for (const incident of stale) next.set(incident.id, fingerprint(incident));
  return next;
}

/** Forgets incidents that left the queue, so the stored map stays the queue's size. */
export function pruneSeen(seen: SeenMap, openIds: ReadonlySet<string>): SeenMap {
  let stale = 0;
  for (const id of seen.keys()) if (!openIds.has(id)) stale++;
  if (stale === 0) return seen;
  const next = new Map<string, string>();
  for (const [id, value] of seen) if (openIds.has(id)) next.set(id, value);
  return next;
}

/**
 * Which rows have now been looked at long enough: `visibleSince` holds when each changed
 * row came into view (with the window focused); rows in view for `dwellMs` are due.
 * Updates `visibleSince` in place: rows out of view are forgotten, new ones start now.
 */
export function rowsDueAsSeen(
  visibleSince: Map<string, number>,
  visibleChangedIds: readonly string[],
  focused: boolean,
  nowMs: number,
  dwellMs: number,
): string[] {
  if (!focused) {
    visibleSince.clear();
    return [];
  }
  const inView = new Set(visibleChangedIds);
  for (const id of visibleSince.keys()) if (!inView.has(id)) visibleSince.delete(id);
  const due: string[] = [];
  for (const id of visibleChangedIds) {
    const since = visibleSince.get(id);
    if (since === undefined) visibleSince.set(id, nowMs);
    else if (nowMs - since >= dwellMs) due.push(id);
  }
  for (const id of due) visibleSince.delete(id);
  return due;
}
