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
 * The ids of `items`, in order; `previous` itself when it already holds exactly those
 * ids (checked without allocating), so a live update that changes incidents in place
 * keeps the visible list (and its index) as it was, and nothing keyed on the list's
 * identity has to run again.
 */
export function idsOf(items: readonly { id: string }[], previous: readonly string[] | null): readonly string[] {
  if (previous !== null && previous.length === items.length) {
    let same = true;
    for (let position = 0; position < items.length; position++) {
      if (items[position]!.id !== previous[position]) {
        same = false;
        break;
      }
    }
    if (same) return previous;
  }
  return items.map((item) => item.id);
}
