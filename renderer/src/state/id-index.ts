/**
 * Where each id sits in a list of ids, built once per list and remembered by the list's
 * identity (lists are replaced, never mutated), so the queue can ask "which row is
 * incident X?" many times per update for the cost of one pass.
 */

const indexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Id -> position in `ids` (the first one, should an id repeat). */
export function indexById(ids: readonly string[]): ReadonlyMap<string, number> {
  let index = indexes.get(ids);
  if (index === undefined) {
    const built = new Map<string, number>();
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position]!;
      if (!built.has(id)) built.set(id, position);
    }
    index = built;
    indexes.set(ids, index);
  }
  return index;
}

/** Like `ids.indexOf(id)`, in constant time after the first call for this list. */
export function positionOf(ids: readonly string[], id: string): number {
  return indexById(ids).get(id) ?? -1;
}

/**
 * `previous` when `next` holds the same ids in the same order, else `next`: a live update
 * that changes incidents in place keeps the visible list (and its index) as it was, so
 * nothing keyed on the list's identity has to run again.
 */
export function sameIdsOr<T extends readonly string[]>(previous: T | null, next: T): T {
  if (previous === null || previous.length !== next.length) return next;
  for (let position = 0; position < next.length; position++) if (previous[position] !== next[position]) return next;
  return previous;
}
