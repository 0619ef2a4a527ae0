import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_VIEWS,
  DEFAULT_VIEW_ID,
  applyView,
  createView,
  deleteView,
  overwriteView,
  parseStoredViews,
  renameView,
  viewMatches,
  viewNameProblem,
  type SavedView,
  type ViewState,
} from '../../../../renderer/src/features/queue/saved-views';
import { EMPTY_FILTER } from '../../../../renderer/src/features/queue/queue-filter';
import { DEFAULT_SORT } from '../../../../renderer/src/features/queue/queue-sort';
import { DEFAULT_LAYOUT, setColumnHidden } from '../../../../renderer/src/features/queue/column-layout';

const state: ViewState = {
  filter: { ...EMPTY_FILTER, urgencies: ['high'], search: 'db' },
  sort: { column: 'title', direction: 'asc' },
  layout: DEFAULT_LAYOUT,
};

function saved(name = 'Hot DBs'): SavedView[] {
  const edit = createView([], name, state, 'view:1');
  if (!edit.ok) throw new Error(edit.problem);
  return edit.views;
}

describe('built-in views', () => {
  it('offers All open, Mine, My teams and High urgency', () => {
    expect(BUILT_IN_VIEWS.map((view) => view.name)).toEqual(['All open', 'Mine', 'My teams', 'High urgency']);
    expect(BUILT_IN_VIEWS[0]!.id).toBe(DEFAULT_VIEW_ID);
    expect(BUILT_IN_VIEWS.find((v) => v.name === 'Mine')!.filter.assignedToMe).toBe(true);
    expect(BUILT_IN_VIEWS.find((v) => v.name === 'My teams')!.filter.myTeams).toBe(true);
    expect(BUILT_IN_VIEWS.find((v) => v.name === 'High urgency')!.filter.urgencies).toEqual(['high']);
  });
  it('leave the columns alone when applied', () => {
    const custom = setColumnHidden(DEFAULT_LAYOUT, 'team', true);
    const applied = applyView(BUILT_IN_VIEWS[1]!, { ...state, layout: custom });
    expect(applied.layout).toBe(custom);
    expect(applied.filter.assignedToMe).toBe(true);
  });
  it('cannot be renamed or overwritten', () => {
    expect(renameView([], DEFAULT_VIEW_ID, 'x').ok).toBe(false);
    expect(overwriteView([], DEFAULT_VIEW_ID, state).ok).toBe(false);
  });
});

describe('user views', () => {
  it('are created with the current filter, sort and columns', () => {
    const [view] = saved();
    expect(view).toMatchObject({
      id: 'view:1',
      name: 'Hot DBs',
      builtIn: false,
      filter: state.filter,
      sort: state.sort,
      layout: DEFAULT_LAYOUT,
    });
  });
  it('need a unique, non-empty name', () => {
    expect(viewNameProblem('   ', [])).toMatch(/name/);
    expect(viewNameProblem('mine', [])).toMatch(/already a view called "Mine"/);
    expect(viewNameProblem('hot dbs', saved())).toMatch(/already/);
    expect(viewNameProblem('x'.repeat(61), [])).toMatch(/60/);
    expect(createView([], '', state, 'v').ok).toBe(false);
  });
  it('are renamed (keeping their own name allowed), overwritten and deleted', () => {
    const views = saved();
    const renamed = renameView(views, 'view:1', '  Databases ');
    expect(renamed.ok && renamed.view.name).toBe('Databases');
    expect(renameView(views, 'view:1', 'hot dbs').ok).toBe(true);
    const newState: ViewState = { ...state, sort: DEFAULT_SORT };
    const overwritten = overwriteView(views, 'view:1', newState);
    expect(overwritten.ok && overwritten.view.sort).toEqual(DEFAULT_SORT);
    expect(deleteView(views, 'view:1')).toEqual([]);
  });
  it('match the state they were saved from, and not a changed one', () => {
    const [view] = saved();
    expect(viewMatches(view!, state)).toBe(true);
    expect(viewMatches(view!, { ...state, filter: { ...state.filter, search: 'other' } })).toBe(false);
    expect(viewMatches(view!, { ...state, layout: setColumnHidden(DEFAULT_LAYOUT, 'team', true) })).toBe(false);
    expect(viewMatches(BUILT_IN_VIEWS[0]!, { ...state, filter: EMPTY_FILTER, sort: DEFAULT_SORT })).toBe(true);
  });
  it('are read back from storage, dropping invalid, duplicate and built-in-looking entries', () => {
    const good = saved()[0]!;
    const parsed = parseStoredViews([
      good,
      { ...good }, // duplicate id
      { ...good, id: 'builtin:evil', name: 'Evil' },
      { id: 'view:2', name: '', filter: {}, sort: DEFAULT_SORT, layout: null },
      'garbage',
      { id: 'view:3', name: 'Partial filter', filter: { urgencies: ['low'] }, sort: DEFAULT_SORT, layout: null },
    ]);
    expect(parsed.map((v) => v.id)).toEqual(['view:1', 'view:3']);
    expect(parsed[1]!.filter).toEqual({ ...EMPTY_FILTER, urgencies: ['low'] });
  });
});
