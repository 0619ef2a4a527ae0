import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from '../../../../renderer/src/state/ui-store';
import { NO_SELECTION, actionTargets, retainIds, toggleId } from '../../../../renderer/src/state/selection';

const ids = ['A', 'B', 'C', 'D'];
const store = () => useUiStore.getState();

beforeEach(() => {
  useUiStore.setState({ cursor: NO_SELECTION, selectedIds: [] });
});

describe('cursor', () => {
  it('moves from nothing to the top, then by steps, clamped', () => {
    store().moveCursor(1, ids);
    expect(store().cursor).toEqual({ id: 'A', index: 0 });
    store().moveCursor(2, ids);
    expect(store().cursor).toEqual({ id: 'C', index: 2 });
    store().moveCursor(5, ids);
    expect(store().cursor).toEqual({ id: 'D', index: 3 });
  });
  it('follows the incident when rows above it change', () => {
    store().setCursor('C', ids);
    store().moveCursor(1, ['N', 'A', 'B', 'C', 'D']);
    expect(store().cursor).toEqual({ id: 'D', index: 4 });
  });
  it('setCursor(null) clears it', () => {
    store().setCursor('B', ids);
    store().setCursor(null, ids);
    expect(store().cursor).toEqual(NO_SELECTION);
  });
});

describe('multi-selection', () => {
  it('toggles ids in the order selected', () => {
    store().toggleSelected('C');
    store().toggleSelected('A');
    expect(store().selectedIds).toEqual(['C', 'A']);
    store().toggleSelected('C');
    expect(store().selectedIds).toEqual(['A']);
  });
  it('extendSelection moves the cursor and adds both rows', () => {
    store().setCursor('B', ids);
    store().extendSelection(1, ids);
    expect(store().cursor.id).toBe('C');
    expect(store().selectedIds).toEqual(['B', 'C']);
    store().extendSelection(-2, ids);
    expect(store().cursor.id).toBe('A');
    expect(store().selectedIds).toEqual(['B', 'C', 'A']);
  });
  it('extendSelection from no cursor selects the first row', () => {
    store().extendSelection(1, ids);
    expect(store().selectedIds).toEqual(['A']);
  });
  it('clearSelected empties it; retainSelected drops ids that left the queue', () => {
    store().setSelected(['A', 'B', 'C']);
    store().retainSelected(new Set(['A', 'C', 'D']));
    expect(store().selectedIds).toEqual(['A', 'C']);
    store().clearSelected();
    expect(store().selectedIds).toEqual([]);
  });
});

describe('actionTargets', () => {
  it('is the selection if any, else the cursor, else nothing', () => {
    expect(actionTargets(['B', 'A'], 'C')).toEqual(['B', 'A']);
    expect(actionTargets([], 'C')).toEqual(['C']);
    expect(actionTargets([], null)).toEqual([]);
  });
  it('returns a copy that later selection changes cannot alter', () => {
    const selected = ['A'];
    const targets = actionTargets(selected, null);
    selected.push('B');
    expect(targets).toEqual(['A']);
  });
});

describe('helpers', () => {
  it('toggleId and retainIds keep identity when nothing changes', () => {
    const selected = ['A'];
    expect(retainIds(selected, new Set(['A']))).toBe(selected);
    expect(toggleId(['A'], 'B')).toEqual(['A', 'B']);
  });
});
