/**
 * The paging sync's first load, page by page: the first page is in the store (and announced as
 * a first-load delta) as soon as it arrives, the later ones a few at a time, the connection
 * says how far the load has got,
 * incidents gone from the platform leave only once the whole list is read, and a load that
 * fails half way keeps what it read and is tried again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/domain/connection';
import type { Incident } from '../../../shared/domain/incident';
import { IncidentStore, type IncidentDelta } from '../../../electron/engine/incident-store';
import { PagingSync } from '../../../electron/engine/paging-sync';
import { ProviderError, type OpenIncidentsPage, type PagingProvider } from '../../../electron/engine/ports';
import { makeIncident } from '../../support/fake-paging-provider';
import { waitFor } from '../../support/wait-for';

/** A full load the test hands out page by page: each call of listOpenIncidents waits on the test. */
class PagedLoads {
  readonly calls: Array<{
    onPage?: (page: OpenIncidentsPage) => void;
    finish(incidents: Incident[]): void;
    fail(error: unknown): void;
  }> = [];

  readonly provider = {
    id: 'fake',
    label: 'Fake PagerDuty',
    listOpenIncidents: (onPage?: (page: OpenIncidentsPage) => void) =>
      new Promise<{ incidents: Incident[]; cursor: string }>((resolve, reject) => {
        this.calls.push({ onPage, finish: (incidents) => resolve({ incidents, cursor: 'c1' }), fail: reject });
      }),
    changesSince: async () => ({ changed: [], leftScope: [], cursor: 'c1' }),
  } as unknown as PagingProvider;

  async call(number: number) {
    return waitFor(`listOpenIncidents call ${number}`, () => this.calls[number - 1]);
  }
}

const incidents = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => makeIncident(`P${from + index}`));
const ids = (store: IncidentStore) =>
  store
    .list()
    .map((incident) => incident.id)
    .sort();
const idsOf = (list: Incident[]) => list.map((incident) => incident.id).sort();

const running: PagingSync[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sync) => sync.stop()));
});

function startSync(loads: PagedLoads, store = new IncidentStore()) {
  const deltas: Array<{ delta: IncidentDelta; firstLoad: boolean }> = [];
  const statuses: ConnectionStatus[] = [];
  const sync = new PagingSync({
    provider: loads.provider,
    store,
    clock: { now: () => Date.now() },
    pollIntervalMs: 60_000,
    reconcileIntervalMs: 600_000,
    onDelta: (delta, firstLoad) => deltas.push({ delta, firstLoad }),
    onStatus: (status) => statuses.push(status),
  });
  running.push(sync);
  sync.start();
  return { sync, store, deltas, statuses };
}

describe('PagingSync first load, page by page', () => {
  it('puts the first page in the store and announces it before the rest arrive, then the rest, then is ready', async () => {
    const loads = new PagedLoads();
    const { sync, store, deltas, statuses } = startSync(loads);
    let ready = false;
    void sync.ready().then(() => (ready = true));
    const load = await loads.call(1);
    expect(load.onPage).toBeTypeOf('function');

    load.onPage!({ incidents: incidents(1, 100), total: 250 });
    expect(store.size).toBe(100);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.firstLoad).toBe(true);
    expect(deltas[0]!.delta.upserted).toHaveLength(100);
    expect(sync.status).toMatchObject({ state: 'connecting', paging: true, loading: { loaded: 100, total: 250 } });
    expect(statuses.at(-1)?.loading).toEqual({ loaded: 100, total: 250 });

    load.onPage!({ incidents: incidents(101, 200), total: 250 });
    // A page may repeat an incident an earlier page had (offsets shift while the list is read): counted once.
    load.onPage!({ incidents: incidents(200, 250), total: 250 });
    // The pages after the first go in together, a moment later: one update, not one per page.
    expect(store.size).toBe(100);
    await waitFor('the later pages in the store', () => store.size === 250);
    expect(sync.status.loading).toEqual({ loaded: 250, total: 250 });
    expect(deltas.map(({ delta }) => delta.upserted.length)).toEqual([100, 150]);
    expect(ready).toBe(false);

    load.finish(incidents(1, 250));
    await sync.ready();
    expect(ids(store)).toEqual(idsOf(incidents(1, 250)));
    // The whole list held nothing new: no third delta, and the connection no longer says it is loading.
    expect(deltas).toHaveLength(2);
    expect(deltas.every(({ firstLoad }) => firstLoad)).toBe(true);
    expect(sync.status.state).toBe('ok');
    expect(sync.status.loading).toBeUndefined();
    expect(statuses.at(-1)).toMatchObject({ state: 'ok' });
    expect(statuses.at(-1)?.loading).toBeUndefined();
  });

  it('removes incidents gone from the platform only once the whole list has been read', async () => {
    const loads = new PagedLoads();
    const store = new IncidentStore();
    // Held from before (another platform shares nothing here): P900 has since been resolved on the platform.
    store.applyChanges([makeIncident('P900'), makeIncident('P1')]);
    const { sync, deltas } = startSync(loads, store);
    const load = await loads.call(1);

    load.onPage!({ incidents: incidents(1, 100), total: 200 });
    expect(store.has('P900')).toBe(true);
    load.onPage!({ incidents: incidents(101, 200), total: 200 });
    await waitFor('the second page in the store', () => store.size === 201);
    expect(store.has('P900')).toBe(true);
    expect(deltas.flatMap(({ delta }) => delta.removedIds)).toEqual([]);

    load.finish(incidents(1, 200));
    await sync.ready();
    expect(store.has('P900')).toBe(false);
    expect(store.size).toBe(200);
    expect(deltas.at(-1)!.delta).toMatchObject({ upserted: [], removedIds: ['P900'] });
    expect(deltas.at(-1)!.firstLoad).toBe(true);
  });

  it('keeps what a failed load read, and the retry completes it (still a first load)', async () => {
    const loads = new PagedLoads();
    const { sync, store, deltas, statuses } = startSync(loads);
    const failedReady = sync.ready().catch((error: unknown) => error);
    const first = await loads.call(1);

    first.onPage!({ incidents: incidents(1, 100), total: 300 });
    // Read but not yet put in when the load fails: kept all the same.
    first.onPage!({ incidents: incidents(101, 150), total: 300 });
    first.fail(new ProviderError('transient', 'PagerDuty answered 503 Service Unavailable', 503));
    expect(await failedReady).toBeInstanceOf(ProviderError);
    await waitFor('the failure shown', () => sync.status.state === 'degraded');
    expect(ids(store)).toEqual(idsOf(incidents(1, 150)));
    // The load is no longer under way: the connection says what is wrong, not how far it got.
    expect(sync.status.loading).toBeUndefined();
    expect(statuses.at(-1)).toMatchObject({ state: 'degraded' });

    const retry = sync.pollNow();
    const second = await loads.call(2);
    expect(second.onPage).toBeTypeOf('function');
    second.onPage!({ incidents: incidents(1, 100), total: 300 });
    // Already held as read: nothing new to announce, and the count starts afresh.
    expect(deltas).toHaveLength(2);
    expect(sync.status.loading).toEqual({ loaded: 100, total: 300 });
    second.onPage!({ incidents: incidents(101, 300), total: 300 });
    second.finish(incidents(1, 300));
    await retry;
    expect(store.size).toBe(300);
    expect(sync.status.state).toBe('ok');
    expect(deltas.every(({ firstLoad }) => firstLoad)).toBe(true);
  });

  it('reads later reconciles as one list (no pages): the first load is the only one shown page by page', async () => {
    const loads = new PagedLoads();
    const store = new IncidentStore();
    const sync = new PagingSync({
      provider: loads.provider,
      store,
      clock: { now: () => Date.now() },
      pollIntervalMs: 60_000,
      // Every round is a full reconcile.
      reconcileIntervalMs: 0,
      onDelta: () => undefined,
      onStatus: () => undefined,
    });
    running.push(sync);
    sync.start();
    (await loads.call(1)).finish(incidents(1, 10));
    await sync.ready();
    const reconcile = sync.pollNow();
    const second = await loads.call(2);
    expect(second.onPage).toBeUndefined();
    second.finish(incidents(1, 5));
    await reconcile;
    expect(store.size).toBe(5);
  });
});
