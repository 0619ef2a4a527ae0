import { describe, expect, it } from 'vitest';
import { idsOf, indexById, positionOf } from '../../../../renderer/src/state/id-index';

describe('indexById', () => {
  it('maps each id to its position, the first one when an id repeats', () => {
    const index = indexById(['A', 'B', 'C', 'B']);
    expect([...index]).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 2],
    ]);
  });
  it('is built once per list: the same list gives the same index, another list its own', () => {
    const ids = ['A', 'B'];
    expect(indexById(ids)).toBe(indexById(ids));
    const reordered = ['B', 'A'];
    expect(indexById(reordered)).not.toBe(indexById(ids));
    expect(positionOf(reordered, 'A')).toBe(1);
  });
});

describe('positionOf', () => {
  it('agrees with indexOf, including -1 for an id that is not there', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `P${(i * 7) % 50}`);
    for (const id of ['P0', 'P7', 'P49', 'P21', 'missing']) expect(positionOf(ids, id)).toBe(ids.indexOf(id));
    expect(positionOf([], 'A')).toBe(-1);
  });
});

describe('idsOf', () => {
  const items = (...ids: string[]) => ids.map((id) => ({ id, other: Math.random() }));
  it('gives the previous list itself when the items have the same ids in the same order', () => {
    const previous = ['A', 'B', 'C'];
    expect(idsOf(items('A', 'B', 'C'), previous)).toBe(previous);
  });
  it('gives a new list when an id moved, came or went', () => {
    const previous = ['A', 'B', 'C'];
    for (const next of [items('B', 'A', 'C'), items('A', 'B'), items('A', 'B', 'C', 'D')]) {
      const ids = idsOf(next, previous);
      expect(ids).not.toBe(previous);
      expect(ids).toEqual(next.map((item) => item.id));
    }
    expect(idsOf(items('A'), null)).toEqual(['A']);
  });
});
