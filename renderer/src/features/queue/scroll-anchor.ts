/**
 * Keeps the rows the user is looking at in place when rows above them come and go.
 * Before a change, the anchor is the cursor row if it is in view, else the first visible
 * row, with its offset from the top of the viewport; after, the scroll position is the
 * one that puts the anchor back at that offset. Pure arithmetic on fixed-height rows;
 * rows are found through the list's id index, not by scanning it.
 */
import { positionOf } from '../../state/id-index';

export interface ScrollAnchor {
  id: string;
  /** Row top minus scrollTop, in px (negative when the row is partly above the view). */
  offsetPx: number;
  /** The anchor is the cursor row (kept in place even at the top of the list). */
  isCursor: boolean;
}

export function captureAnchor(
  ids: readonly string[],
  scrollTop: number,
  viewportPx: number,
  rowPx: number,
  cursorId: string | null,
): ScrollAnchor | null {
  if (ids.length === 0) return null;
  if (cursorId !== null) {
    const index = positionOf(ids, cursorId);
    const top = index * rowPx;
    if (index !== -1 && top + rowPx > scrollTop && top < scrollTop + viewportPx)
      return { id: cursorId, offsetPx: top - scrollTop, isCursor: true };
  }
  const first = Math.min(Math.floor(scrollTop / rowPx), ids.length - 1);
  return { id: ids[first]!, offsetPx: first * rowPx - scrollTop, isCursor: false };
}

/**
 * The scrollTop that keeps `anchor` where it was in `ids`; null to leave the scroll alone
 * (the anchor is gone, or the view was at the very top with no cursor in view, where new
 * rows should show as they arrive).
 */
export function restoreScrollTop(anchor: ScrollAnchor | null, ids: readonly string[], rowPx: number, wasAtTop: boolean): number | null {
  if (!anchor || (wasAtTop && !anchor.isCursor)) return null;
  const index = positionOf(ids, anchor.id);
  if (index === -1) return null;
  return Math.max(index * rowPx - anchor.offsetPx, 0);
}
