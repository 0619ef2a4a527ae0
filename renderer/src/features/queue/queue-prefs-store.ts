/**
 * The queue's remembered state: the filter, the sort, the column layout, the user's
 * saved views and which view is active. Kept in a zustand store, saved to storage under
 * a versioned key (validated with zod on load: bad data falls back to defaults, part by
 * part, and never crashes the page).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { z } from 'zod';
import { EMPTY_FILTER, QueueFilter } from './queue-filter';
import { DEFAULT_SORT, QueueSort, toggleSort } from './queue-sort';
import { DEFAULT_LAYOUT, StoredColumnLayout, normaliseLayout, type ColumnLayout } from './column-layout';
import type { ColumnId } from './columns';
import {
  DEFAULT_VIEW_ID,
  applyView,
  createView,
  deleteView,
  findView,
  overwriteView,
  parseStoredViews,
  renameView,
  type SavedView,
  type ViewState,
} from './saved-views';
import { debouncedWriter, readStored, writeStored, type KeyValueStorage } from './persisted-storage';

export const PREFS_KEY = 'oncall-console.queue-prefs.v1';

export interface QueuePrefs extends ViewState {
  /** The user's own views (the built-in ones come from code). */
  views: SavedView[];
  activeViewId: string;
}

interface QueuePrefsActions {
  setFilter(patch: Partial<QueueFilter>): void;
  clearFilters(): void;
  sortBy(column: ColumnId): void;
  setSort(sort: QueueSort): void;
  updateLayout(change: (layout: ColumnLayout) => ColumnLayout): void;
  resetLayout(): void;
  applyView(id: string): void;
  /** Saves the current state as a new view and makes it active; returns a problem to show, or null. */
  saveViewAs(name: string): string | null;
  renameView(id: string, name: string): string | null;
  overwriteView(id: string): string | null;
  deleteView(id: string): void;
  /** Writes any pending change to storage now (before the page goes away). */
  flush(): void;
}

export type QueuePrefsState = QueuePrefs & QueuePrefsActions;

export const DEFAULT_PREFS: QueuePrefs = {
  filter: EMPTY_FILTER,
  sort: DEFAULT_SORT,
  layout: DEFAULT_LAYOUT,
  views: [],
  activeViewId: DEFAULT_VIEW_ID,
};

const StoredPrefs = z.object({
  filter: QueueFilter.catch(EMPTY_FILTER),
  sort: QueueSort.catch(DEFAULT_SORT),
  layout: StoredColumnLayout.transform(normaliseLayout).catch(DEFAULT_LAYOUT),
  views: z.array(z.unknown()).catch([]),
  activeViewId: z.string().catch(DEFAULT_VIEW_ID),
});

/** Reads stored prefs; anything unusable falls back to its default. */
function parsePrefs(raw: unknown): QueuePrefs {
  const parsed = StoredPrefs.safeParse(raw);
  if (!parsed.success) return DEFAULT_PREFS;
  const views = parseStoredViews(parsed.data.views);
  const activeViewId = findView(views, parsed.data.activeViewId) ? parsed.data.activeViewId : DEFAULT_VIEW_ID;
  return { ...parsed.data, views, activeViewId };
}

export function loadPrefs(storage: KeyValueStorage): QueuePrefs {
  return readStored(storage, PREFS_KEY, parsePrefs) ?? DEFAULT_PREFS;
}

function prefsOnly(state: QueuePrefs): QueuePrefs {
  const { filter, sort, layout, views, activeViewId } = state;
  return { filter, sort, layout, views: views.map((view) => ({ ...view })), activeViewId };
}

export interface PrefsStoreOptions {
  storage: KeyValueStorage;
  /** New view ids (tests pass a counter). */
  newId?: () => string;
  writeDelayMs?: number;
}

export function createQueuePrefsStore({ storage, newId = defaultId, writeDelayMs = 150 }: PrefsStoreOptions): StoreApi<QueuePrefsState> {
  let store: StoreApi<QueuePrefsState> | null = null;
  const writer = debouncedWriter(() => {
    if (store) writeStored(storage, PREFS_KEY, { version: 1, ...prefsOnly(store.getState()) });
  }, writeDelayMs);

  store = createStore<QueuePrefsState>()((set, get) => {
    const current = (): ViewState => ({ filter: get().filter, sort: get().sort, layout: get().layout });
    return {
      ...loadPrefs(storage),
      setFilter: (patch) => set((state) => ({ filter: { ...state.filter, ...patch } })),
      clearFilters: () => set({ filter: EMPTY_FILTER }),
      sortBy: (column) => set((state) => ({ sort: toggleSort(state.sort, column) })),
      setSort: (sort) => set({ sort }),
      updateLayout: (change) =>
        set((state) => {
          const layout = change(state.layout);
          return layout === state.layout ? {} : { layout };
        }),
      resetLayout: () => set({ layout: DEFAULT_LAYOUT }),
      applyView: (id) => {
        const view = findView(get().views, id);
        if (!view) return;
        set({ ...applyView(view, current()), activeViewId: id });
      },
      saveViewAs: (name) => {
        const edit = createView(get().views, name, current(), newId());
        if (!edit.ok) return edit.problem;
        set({ views: edit.views, activeViewId: edit.view.id });
        return null;
      },
      renameView: (id, name) => {
        const edit = renameView(get().views, id, name);
        if (!edit.ok) return edit.problem;
        set({ views: edit.views });
        return null;
      },
      overwriteView: (id) => {
        const edit = overwriteView(get().views, id, current());
        if (!edit.ok) return edit.problem;
        set({ views: edit.views, activeViewId: id });
        return null;
      },
      deleteView: (id) =>
        set((state) => ({
          views: deleteView(state.views, id),
          activeViewId: state.activeViewId === id ? DEFAULT_VIEW_ID : state.activeViewId,
        })),
      flush: () => writer.flush(),
    };
  });
  store.subscribe((state, previous) => {
    if (
      state.filter !== previous.filter ||
      state.sort !== previous.sort ||
      state.layout !== previous.layout ||
      state.views !== previous.views ||
      state.activeViewId !== previous.activeViewId
    ) {
      writer.schedule();
    }
  });
  return store;
}

function defaultId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `view:${random}`;
}
