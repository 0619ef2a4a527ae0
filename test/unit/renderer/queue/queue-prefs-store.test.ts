import { describe, expect, it } from 'vitest';
import { createQueuePrefsStore, DEFAULT_PREFS, PREFS_KEY, loadPrefs } from '../../../../renderer/src/features/queue/queue-prefs-store';
import { memoryStorage, type KeyValueStorage } from '../../../../renderer/src/features/queue/persisted-storage';
import { DEFAULT_VIEW_ID } from '../../../../renderer/src/features/queue/saved-views';
import { EMPTY_FILTER } from '../../../../renderer/src/features/queue/queue-filter';
import { DEFAULT_LAYOUT, setColumnHidden, visibleColumns } from '../../../../renderer/src/features/queue/column-layout';

function newStore(storage: KeyValueStorage = memoryStorage()) {
  let n = 0;
  return { storage, store: createQueuePrefsStore({ storage, newId: () => `view:${++n}`, writeDelayMs: 10_000 }) };
}

describe('queue prefs persistence', () => {
  it('starts from defaults with nothing stored', () => {
    const { store } = newStore();
    expect(store.getState()).toMatchObject(DEFAULT_PREFS);
  });
  it('remembers filter, sort, columns, views and the active view across restarts', () => {
    const { storage, store } = newStore();
    const prefs = store.getState();
    prefs.setFilter({ urgencies: ['high'], search: 'checkout' });
    prefs.sortBy('title');
    prefs.updateLayout((layout) => setColumnHidden(layout, 'service', true));
    expect(prefs.saveViewAs('Hot checkout')).toBeNull();
    prefs.flush();

    const restarted = newStore(storage).store.getState();
    expect(restarted.filter).toEqual({ ...EMPTY_FILTER, urgencies: ['high'], search: 'checkout' });
    expect(restarted.sort).toEqual({ column: 'title', direction: 'asc' });
    expect(visibleColumns(restarted.layout)).not.toContain('service');
    expect(restarted.views.map((view) => view.name)).toEqual(['Hot checkout']);
    expect(restarted.activeViewId).toBe('view:1');
  });
  it('writes nothing until flushed or the delay passes (one write per burst)', () => {
    const { storage, store } = newStore();
    store.getState().setFilter({ search: 'a' });
    expect(storage.getItem(PREFS_KEY)).toBeNull();
    store.getState().flush();
    expect(storage.getItem(PREFS_KEY)).toContain('"search":"a"');
  });
  it('falls back to defaults on corrupt or foreign data, never throwing', () => {
    for (const text of ['not json', '42', 'null', '[]', '{"filter": 7, "sort": {"column": "nope"}}']) {
      const storage = memoryStorage();
      storage.setItem(PREFS_KEY, text);
      expect(loadPrefs(storage)).toMatchObject({ filter: EMPTY_FILTER, activeViewId: DEFAULT_VIEW_ID });
    }
  });
  it('keeps the valid parts of partly bad data', () => {
    const storage = memoryStorage();
    storage.setItem(
      PREFS_KEY,
      JSON.stringify({
        filter: { statuses: ['bogus'] },
        sort: { column: 'service', direction: 'desc' },
        layout: { order: ['title'], hidden: ['team', 'nope'], widths: { title: 400 } },
        views: [{ id: 'view:9', name: 'Ok', filter: {}, sort: { column: 'age', direction: 'asc' }, layout: null }, { broken: true }],
        activeViewId: 'view:404',
      }),
    );
    const prefs = loadPrefs(storage);
    expect(prefs.filter).toEqual(EMPTY_FILTER);
    expect(prefs.sort).toEqual({ column: 'service', direction: 'desc' });
    expect(prefs.layout.hidden).toEqual(['team']);
    expect(prefs.layout.widths).toEqual({ title: 400 });
    expect(prefs.views.map((view) => view.id)).toEqual(['view:9']);
    expect(prefs.activeViewId).toBe(DEFAULT_VIEW_ID);
  });
  it('survives a storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    const { store } = newStore(broken);
    store.getState().setFilter({ search: 'x' });
    expect(() => store.getState().flush()).not.toThrow();
    expect(store.getState().filter.search).toBe('x');
  });
});

describe('views in the store', () => {
  it('switching views applies their filter and sort; user views bring their columns', () => {
    const { store } = newStore();
    const prefs = store.getState();
    prefs.updateLayout((layout) => setColumnHidden(layout, 'team', true));
    prefs.setFilter({ search: 'db' });
    prefs.saveViewAs('DB');
    prefs.applyView('builtin:mine');
    expect(store.getState().filter).toEqual({ ...EMPTY_FILTER, assignedToMe: true });
    expect(visibleColumns(store.getState().layout)).not.toContain('team'); // built-in views keep the columns
    prefs.resetLayout();
    prefs.applyView('view:1');
    expect(store.getState().filter.search).toBe('db');
    expect(visibleColumns(store.getState().layout)).not.toContain('team');
    expect(store.getState().activeViewId).toBe('view:1');
  });
  it('renames, overwrites and deletes user views; refuses clashing names', () => {
    const { store } = newStore();
    const prefs = store.getState();
    prefs.saveViewAs('One');
    expect(prefs.saveViewAs('one')).toMatch(/already/);
    expect(prefs.renameView('view:1', 'Uno')).toBeNull();
    prefs.setFilter({ statuses: ['triggered'] });
    expect(prefs.overwriteView('view:1')).toBeNull();
    expect(store.getState().views[0]).toMatchObject({ name: 'Uno', filter: { statuses: ['triggered'] } });
    prefs.deleteView('view:1');
    expect(store.getState().views).toEqual([]);
    expect(store.getState().activeViewId).toBe(DEFAULT_VIEW_ID);
    expect(store.getState().layout).toEqual(DEFAULT_LAYOUT);
  });
});
