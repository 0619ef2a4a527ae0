/**
 * Keeps TanStack Query's snapshot in step with the engine: fetches `getSnapshot`, patches
 * it in place with each pushed event, and refetches when an event was missed (a seq gap),
 * when the event stream comes back after a drop, or when an event failed validation.
 *
 * Events that arrive while a snapshot fetch is in flight are kept and replayed onto its
 * result, so nothing that happened between the engine answering and the answer landing
 * is lost.
 *
 * The snapshot query runs without TanStack's structural sharing (set here as the query's
 * defaults, and in use-snapshot.ts): events
 * are folded immutably already, and a deep compare of 5,000 incidents per delta would
 * cost more than the delta (and break incident identity whenever a row is removed).
 * A refetch shares unchanged records with the cached snapshot instead (shareUnchanged).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ConsoleEvent, Snapshot } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { ConsoleClient } from '../client/console-client';
import type { ConsoleClientError } from '../client/console-client-error';
import { applyEvent, applyEvents, shareUnchanged } from './apply-event';

export const snapshotKey = ['snapshot'] as const;
export const incidentDetailKey = (incidentId: string) => ['incidentDetail', incidentId] as const;

/** How many recent events are kept for replay onto a snapshot that was in flight. */
const REPLAY_LIMIT = 1_000;

export class SnapshotSync {
  private readonly recent: { mark: number; event: ConsoleEvent }[] = [];
  private mark = 0;
  private gapRefetchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: ConsoleClient,
    private readonly queryClient: QueryClient,
    private readonly onProblem: (error: ConsoleClientError) => void,
  ) {
    // Events are folded immutably; TanStack's deep compare per delta would only cost time.
    queryClient.setQueryDefaults(snapshotKey, { structuralSharing: false });
  }

  /** The query function for the snapshot: fetch, then replay what arrived meanwhile. */
  readonly fetchSnapshot = async (): Promise<Snapshot> => {
    const startMark = this.mark;
    const fetched = await this.client.call('getSnapshot', {});
    const meanwhile = this.recent.filter((entry) => entry.mark > startMark).map((entry) => entry.event);
    const { snapshot, gap } = applyEvents(fetched, meanwhile);
    if (gap) this.scheduleGapRefetch();
    return shareUnchanged(this.queryClient.getQueryData<Snapshot>(snapshotKey), snapshot);
  };

  /** Subscribes to events and stream state; returns the function that stops it all. */
  start(): () => void {
    const unsubscribe = this.client.subscribe(
      (event) => this.handle(event),
      (error) => {
        this.onProblem(error);
        this.refetch();
      },
    );
    let wasLive = false;
    const unsubscribeLive = this.client.onLiveStateChange?.((state) => {
      // Events sent while the stream was down are gone: start again from a snapshot.
      if (state === 'live' && !wasLive) this.refetch();
      wasLive = state === 'live';
    });
    return () => {
      unsubscribe();
      unsubscribeLive?.();
      if (this.gapRefetchTimer) clearTimeout(this.gapRefetchTimer);
    };
  }

  /** Folds an action record the engine returned (submit, retry) into the snapshot now. */
  actionRecorded(record: ActionRecord): void {
    this.handle({ name: 'actionChanged', payload: record });
  }

  handle(event: ConsoleEvent): void {
    this.recent.push({ mark: ++this.mark, event });
    if (this.recent.length > REPLAY_LIMIT) this.recent.splice(0, this.recent.length - REPLAY_LIMIT);
    this.invalidateDetails(event);
    const current = this.queryClient.getQueryData<Snapshot>(snapshotKey);
    if (!current) return; // The fetch in flight will replay it.
    const { snapshot, gap } = applyEvent(current, event);
    if (gap) {
      // A fetch in flight replays this event and notices the gap itself.
      if (this.queryClient.isFetching({ queryKey: snapshotKey }) === 0) this.refetch();
      return;
    }
    if (snapshot !== current) this.queryClient.setQueryData(snapshotKey, snapshot);
    // Another workspace (the connections changed): its queue, tickets and seq start afresh.
    if (event.name === 'workspaceChanged') this.workspaceChanged();
  }

  /** Every cached read (directory, on call, details, settings) was the old workspace's too. */
  private workspaceChanged(): void {
    this.refetch();
    void this.queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== snapshotKey[0] });
  }

  private refetch(): void {
    void this.queryClient.invalidateQueries({ queryKey: snapshotKey });
  }

  private scheduleGapRefetch(): void {
    if (this.gapRefetchTimer) return;
    this.gapRefetchTimer = setTimeout(() => {
      this.gapRefetchTimer = null;
      this.refetch();
    }, 250);
  }

  /** An open detail pane shows notes and the timeline: refetch it when its incident changes. */
  private invalidateDetails(event: ConsoleEvent): void {
    const ids =
      event.name === 'incidentsChanged'
        ? [...event.payload.upserted.map((incident) => incident.id), ...event.payload.removedIds]
        : event.name === 'actionChanged' && event.payload.state === 'done'
          ? event.payload.request.incidentIds
          : [];
    if (ids.length === 0) return;
    const changed = new Set(ids);
    // One pass over the (small) query cache, not one per incident in the event.
    const detailKey = incidentDetailKey('')[0];
    const isChangedDetail = (queryKey: readonly unknown[]) =>
      queryKey[0] === detailKey && typeof queryKey[1] === 'string' && changed.has(queryKey[1]);
    if (!this.queryClient.getQueryCache().findAll({ predicate: (query) => isChangedDetail(query.queryKey) }).length) return;
    void this.queryClient.invalidateQueries({ predicate: (query) => isChangedDetail(query.queryKey) });
  }
}
