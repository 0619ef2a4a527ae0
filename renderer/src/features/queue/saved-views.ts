/**
 * Saved views: a name plus a filter, a sort and (for the user's own views) a column
 * layout. Four built-in views cover the usual questions (All open, Mine, My teams, High
 * urgency) and cannot be changed; the user's views can be created, renamed, overwritten
 * and deleted. Pure functions over plain data; the prefs store persists the result.
 */
import { z } from 'zod';
import { EMPTY_FILTER, QueueFilter, filtersEqual } from './queue-filter';
import { DEFAULT_SORT, QueueSort } from './queue-sort';
import { StoredColumnLayout, layoutsEqual, normaliseLayout, type ColumnLayout } from './column-layout';

export interface SavedView {
  id: string;
  name: string;
  builtIn: boolean;
  filter: QueueFilter;
  sort: QueueSort;
  /** null: the view leaves the columns as they are (the built-in views). */
  layout: ColumnLayout | null;
}

/** The part of the queue's state a view captures. */
export interface ViewState {
  filter: QueueFilter;
  sort: QueueSort;
  layout: ColumnLayout;
}

export const DEFAULT_VIEW_ID = 'builtin:all-open';
export const MAX_VIEW_NAME = 60;

const builtIn = (id: string, name: string, filter: Partial<QueueFilter>, sort: QueueSort = DEFAULT_SORT): SavedView => ({
  id: `builtin:${id}`,
  name,
  builtIn: true,
  filter: { ...EMPTY_FILTER, ...filter },
  sort,
  layout: null,
});

export const BUILT_IN_VIEWS: readonly SavedView[] = [
  builtIn('all-open', 'All open', {}),
  builtIn('mine', 'Mine', { assignedToMe: true }),
  builtIn('my-teams', 'My teams', { myTeams: true }),
  builtIn('high-urgency', 'High urgency', { urgencies: ['high'] }, { column: 'status', direction: 'asc' }),
];

/** A user view as stored; anything else in storage is dropped on load. */
const StoredView = z.object({
  id: z
    .string()
    .min(1)
    .refine((id) => !id.startsWith('builtin:'), 'A user view cannot take a built-in id'),
  name: z.string().trim().min(1).max(MAX_VIEW_NAME),
  filter: QueueFilter,
  sort: QueueSort,
  layout: StoredColumnLayout.transform(normaliseLayout).nullable(),
});

export function parseStoredViews(items: readonly unknown[]): SavedView[] {
  const views: SavedView[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const parsed = StoredView.safeParse(item);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    views.push({ ...parsed.data, builtIn: false });
  }
  return views;
}

export function allViews(userViews: readonly SavedView[]): SavedView[] {
  return [...BUILT_IN_VIEWS, ...userViews];
}

export function findView(userViews: readonly SavedView[], id: string): SavedView | undefined {
  return allViews(userViews).find((view) => view.id === id);
}

/** Why a name cannot be used, in words to show under the field; null when it can. */
export function viewNameProblem(name: string, userViews: readonly SavedView[], exceptId?: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the view a name';
  if (trimmed.length > MAX_VIEW_NAME) return `Keep the name under ${MAX_VIEW_NAME} characters`;
  const clash = allViews(userViews).find((view) => view.id !== exceptId && view.name.toLowerCase() === trimmed.toLowerCase());
  return clash ? `There is already a view called "${clash.name}"` : null;
}

export type ViewEdit = { ok: true; views: SavedView[]; view: SavedView } | { ok: false; problem: string };

export function createView(userViews: readonly SavedView[], name: string, state: ViewState, id: string): ViewEdit {
  const problem = viewNameProblem(name, userViews);
  if (problem) return { ok: false, problem };
  const view: SavedView = { id, name: name.trim(), builtIn: false, filter: state.filter, sort: state.sort, layout: state.layout };
  return { ok: true, views: [...userViews, view], view };
}

export function renameView(userViews: readonly SavedView[], id: string, name: string): ViewEdit {
  const existing = userViews.find((view) => view.id === id);
  if (!existing) return { ok: false, problem: 'Built-in views cannot be renamed' };
  const problem = viewNameProblem(name, userViews, id);
  if (problem) return { ok: false, problem };
  const view = { ...existing, name: name.trim() };
  return { ok: true, views: userViews.map((other) => (other.id === id ? view : other)), view };
}

export function overwriteView(userViews: readonly SavedView[], id: string, state: ViewState): ViewEdit {
  const existing = userViews.find((view) => view.id === id);
  if (!existing) return { ok: false, problem: 'Built-in views cannot be changed; save a new view instead' };
  const view = { ...existing, filter: state.filter, sort: state.sort, layout: state.layout };
  return { ok: true, views: userViews.map((other) => (other.id === id ? view : other)), view };
}

export function deleteView(userViews: readonly SavedView[], id: string): SavedView[] {
  return userViews.filter((view) => view.id !== id);
}

/** The state the queue takes when the user picks `view`. */
export function applyView(view: SavedView, current: ViewState): ViewState {
  return { filter: view.filter, sort: view.sort, layout: view.layout ?? current.layout };
}

/** True when the queue shows what the view says (so it is not "modified"). */
export function viewMatches(view: SavedView, state: ViewState): boolean {
  if (!filtersEqual(view.filter, state.filter)) return false;
  if (view.sort.column !== state.sort.column || view.sort.direction !== state.sort.direction) return false;
  return view.layout === null || layoutsEqual(view.layout, state.layout);
}
