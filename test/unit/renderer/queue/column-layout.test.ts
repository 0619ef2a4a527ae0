import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT,
  columnWidth,
  fitColumns,
  layoutsEqual,
  moveColumn,
  normaliseLayout,
  placeColumn,
  resizeColumn,
  setColumnHidden,
  visibleColumns,
} from '../../../../renderer/src/features/queue/column-layout';
import { COLUMNS, COLUMN_IDS, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, type ColumnId } from '../../../../renderer/src/features/queue/columns';

describe('normaliseLayout', () => {
  it('drops unknown and repeated columns and keeps the stored order', () => {
    const layout = normaliseLayout({ order: ['title', 'bogus', 'status', 'title'], hidden: ['nope', 'team', 'team'], widths: {} });
    expect(layout.order).toHaveLength(COLUMN_IDS.length);
    expect(new Set(layout.order).size).toBe(COLUMN_IDS.length);
    expect(layout.order.indexOf('title')).toBeLessThan(layout.order.indexOf('status'));
    expect(layout.hidden).toEqual(['team']);
  });
  it('adds a column missing from an older layout after its default neighbour', () => {
    const stored = [...COLUMN_IDS].filter((id) => id !== 'tenant').reverse();
    const layout = normaliseLayout({ order: stored, hidden: [], widths: {} });
    expect(layout.order.indexOf('tenant')).toBe(layout.order.indexOf('acknowledgedBy') + 1);
    expect(layout.order.filter((id) => id !== 'tenant')).toEqual(stored);
  });
  it('clamps widths and ignores unknown or non-finite ones; never hides the title', () => {
    const layout = normaliseLayout({ order: [], hidden: ['title'], widths: { title: 5, service: 9_999, bogus: 100, team: Number.NaN } });
    expect(layout.widths).toEqual({ title: MIN_COLUMN_WIDTH, service: MAX_COLUMN_WIDTH });
    expect(layout.hidden).toEqual([]);
  });
});

describe('layout edits', () => {
  it('shows and hides columns (never the title)', () => {
    const hidden = setColumnHidden(DEFAULT_LAYOUT, 'service', true);
    expect(visibleColumns(hidden)).not.toContain('service');
    expect(visibleColumns(setColumnHidden(hidden, 'service', false))).toContain('service');
    expect(setColumnHidden(DEFAULT_LAYOUT, 'title', true)).toBe(DEFAULT_LAYOUT);
  });
  it('moves a column among the visible ones, stopping at the ends', () => {
    const visible = visibleColumns(DEFAULT_LAYOUT);
    const second = visible[1]!;
    const moved = moveColumn(DEFAULT_LAYOUT, second, -1);
    expect(visibleColumns(moved).slice(0, 2)).toEqual([second, visible[0]]);
    expect(moveColumn(moved, second, -1)).toBe(moved);
    const last = visible.at(-1)!;
    expect(moveColumn(DEFAULT_LAYOUT, last, 1)).toBe(DEFAULT_LAYOUT);
  });
  it('skips hidden columns when moving', () => {
    // number sits between priority and title by default; hide it and move title left once.
    const layout = setColumnHidden(DEFAULT_LAYOUT, 'number', true);
    const moved = moveColumn(layout, 'title', -1);
    const visible = visibleColumns(moved);
    expect(visible.indexOf('title')).toBe(visible.indexOf('priority') - 1);
  });
  it('places a dragged column before or after another', () => {
    const after = placeColumn(DEFAULT_LAYOUT, 'status', 'title', 'after');
    expect(after.order.indexOf('status')).toBe(after.order.indexOf('title') + 1);
    const before = placeColumn(DEFAULT_LAYOUT, 'age', 'status', 'before');
    expect(before.order[0]).toBe('age');
    expect(before.order).toHaveLength(COLUMN_IDS.length);
  });
  it('resizes within bounds', () => {
    expect(columnWidth(resizeColumn(DEFAULT_LAYOUT, 'title', 420.4), 'title')).toBe(420);
    expect(columnWidth(resizeColumn(DEFAULT_LAYOUT, 'title', 1), 'title')).toBe(MIN_COLUMN_WIDTH);
    expect(resizeColumn(DEFAULT_LAYOUT, 'title', COLUMNS.title.width)).toBe(DEFAULT_LAYOUT);
  });
  it('compares layouts by content', () => {
    expect(
      layoutsEqual(
        DEFAULT_LAYOUT,
        normaliseLayout({
          order: [...DEFAULT_LAYOUT.order],
          hidden: [...DEFAULT_LAYOUT.hidden].reverse(),
          widths: { title: COLUMNS.title.width },
        }),
      ),
    ).toBe(true);
    expect(layoutsEqual(DEFAULT_LAYOUT, resizeColumn(DEFAULT_LAYOUT, 'team', 300))).toBe(false);
  });
});

describe('fitColumns', () => {
  const widths: Partial<Record<ColumnId, number>> = { status: 100, title: 200, team: 100, number: 50, service: 100 };
  const widthOf = (id: ColumnId) => widths[id] ?? 0;
  const columns: ColumnId[] = ['status', 'number', 'title', 'service', 'team'];
  it('shows everything that fits', () => {
    expect(fitColumns(columns, widthOf, 10_000, 8)).toEqual({ shown: columns, dropped: [] });
  });
  it('drops the lowest-ranked columns first, never status, urgency, number or title', () => {
    const { shown, dropped } = fitColumns(columns, widthOf, 490, 8);
    expect(dropped).toEqual(['team']);
    expect(shown).toEqual(['status', 'number', 'title', 'service']);
    expect(fitColumns(columns, widthOf, 10, 8).shown).toEqual(['status', 'number', 'title']);
    expect(fitColumns(['urgency', 'title', 'team'], widthOf, 10, 8).shown).toEqual(['urgency', 'title']);
  });
});
