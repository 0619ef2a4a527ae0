import { describe, expect, it } from 'vitest';
import { captureAnchor, restoreScrollTop } from '../../../../renderer/src/features/queue/scroll-anchor';

const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const ROW = 10;

describe('scroll anchoring', () => {
  it('anchors on the cursor row when it is in view', () => {
    const anchor = captureAnchor(ids, 20, 40, ROW, 'E');
    expect(anchor).toEqual({ id: 'E', offsetPx: 20, isCursor: true });
    // Two rows arrive above: the cursor row stays where it was on screen.
    expect(restoreScrollTop(anchor, ['X', 'Y', ...ids], ROW, false)).toBe(40);
  });
  it('anchors on the first visible row when the cursor is out of view or absent', () => {
    expect(captureAnchor(ids, 25, 30, ROW, 'H')).toEqual({ id: 'C', offsetPx: -5, isCursor: false });
    const anchor = captureAnchor(ids, 25, 30, ROW, null);
    // A row above was removed: the view moves up one row to keep C in place.
    expect(
      restoreScrollTop(
        anchor,
        ids.filter((id) => id !== 'A'),
        ROW,
        false,
      ),
    ).toBe(15);
  });
  it('lets new rows show at the very top unless the cursor is being held', () => {
    const top = captureAnchor(ids, 0, 40, ROW, null);
    expect(restoreScrollTop(top, ['X', ...ids], ROW, true)).toBeNull();
    const cursorAtTop = captureAnchor(ids, 0, 40, ROW, 'B');
    expect(restoreScrollTop(cursorAtTop, ['X', ...ids], ROW, true)).toBe(10);
  });
  it('leaves the scroll alone when the anchor is gone or there are no rows', () => {
    expect(captureAnchor([], 0, 40, ROW, null)).toBeNull();
    const anchor = captureAnchor(ids, 30, 40, ROW, null);
    expect(restoreScrollTop(anchor, ['X'], ROW, false)).toBeNull();
  });
});
