import { describe, expect, it } from 'vitest';
import { moveSelection, NO_SELECTION, resolveSelection, selectIndex } from '../../../../renderer/src/state/selection';

describe('resolveSelection', () => {
  it('follows the incident when rows move', () => {
    expect(resolveSelection(['N', 'A', 'B'], 'B', 1)).toEqual({ id: 'B', index: 2 });
  });
  it('selects the row that took its place when the incident leaves', () => {
    expect(resolveSelection(['A', 'C', 'D'], 'B', 1)).toEqual({ id: 'C', index: 1 });
    expect(resolveSelection(['A'], 'B', 3)).toEqual({ id: 'A', index: 0 });
  });
  it('selects nothing in an empty queue or when nothing was chosen', () => {
    expect(resolveSelection([], 'B', 1)).toEqual(NO_SELECTION);
    expect(resolveSelection(['A'], null, -1)).toEqual(NO_SELECTION);
  });
});

describe('moveSelection', () => {
  const ids = ['A', 'B', 'C'];
  it('starts at the top from no selection', () => {
    expect(moveSelection(ids, NO_SELECTION, 1)).toEqual({ id: 'A', index: 0 });
    expect(moveSelection(ids, NO_SELECTION, -1)).toEqual({ id: 'A', index: 0 });
  });
  it('moves and stops at the ends', () => {
    expect(moveSelection(ids, { id: 'A', index: 0 }, 1)).toEqual({ id: 'B', index: 1 });
    expect(moveSelection(ids, { id: 'C', index: 2 }, 1)).toEqual({ id: 'C', index: 2 });
    expect(moveSelection(ids, { id: 'A', index: 0 }, -1)).toEqual({ id: 'A', index: 0 });
  });
  it('selectIndex clamps', () => {
    expect(selectIndex(ids, 99)).toEqual({ id: 'C', index: 2 });
    expect(selectIndex([], 0)).toEqual(NO_SELECTION);
  });
});
