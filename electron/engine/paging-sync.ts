/**
 * Keeps the incident store in step with a paging platform: a full load at start, then an
 * incremental poll (about one request when nothing changed) every poll interval, and a
 * full reconcile every so often to heal anything an incremental poll could miss. The
 * loop, backoff and connection health come from PollLoop.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { Incident } from '../../shared/domain/incident';
import type { IncidentDelta, IncidentStore } from './incident-store';
import type { Clock, PagingProvider, SyncCursor } from './ports';
import { PollLoop } from './poll-loop';

export interface PagingSyncOptions {
  provider: PagingProvider;
  store: IncidentStore;
  clock: Clock;
  pollIntervalMs: number;
  reconcileIntervalMs: number;
  /** `firstLoad`: the delta of this platform's first full load (what was already open: not news). */
  onDelta(delta: IncidentDelta, firstLoad: boolean): void;
  /** Several platforms share the store: each reconciles only its own incidents. */
  sharedStore?: boolean;
  onStatus(status: ConnectionStatus): void;
  /** Incidents seen resolving in an incremental poll (automations resolve their tickets). */
  onResolved?(incidents: Incident[]): void;
  onError?(error: unknown): void;
}

export class PagingSync {
  private cursor: SyncCursor | null = null;
  private lastFullSyncAt = 0;
  private readonly loop: PollLoop;

  constructor(private readonly options: PagingSyncOptions) {
    this.loop = new PollLoop({
      provider: options.provider,
      clock: options.clock,
      pollIntervalMs: options.pollIntervalMs,
      round: () => this.round(),
      onStatus: (status) => options.onStatus({ ...status, paging: true }),
      onError: options.onError,
    });
  }

  get status(): ConnectionStatus {
    return { ...this.loop.status, paging: true };
  }

  /** The platform it syncs ("pagerduty", "splunk-on-call"). */
  get platformId(): string {
    return this.options.provider.id;
  }

  get lastSyncAt(): number | null {
    return this.loop.lastSuccessAt;
  }

  /** Resolves after the first full load; rejects with the first failure's error. */
  ready(): Promise<void> {
    return this.loop.ready();
  }

  start(): void {
    this.loop.start();
  }

  /** Polls now instead of waiting for the timer (after an action lands, or on the user's request). */
  pollNow(): Promise<void> {
    return this.loop.pollNow();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async round(): Promise<void> {
    const { provider, store, clock, reconcileIntervalMs, onDelta } = this.options;
    const fullSyncDue = this.cursor === null || clock.now() - this.lastFullSyncAt >= reconcileIntervalMs;
    let delta: IncidentDelta | null;
    const firstLoad = this.cursor === null && this.lastFullSyncAt === 0;
    if (fullSyncDue) {
      const startedAt = clock.now();
      const { incidents, cursor } = await provider.listOpenIncidents();
      delta = store.replaceAll(incidents, this.options.sharedStore ? provider.id : undefined);
      this.cursor = cursor;
      this.lastFullSyncAt = startedAt;
    } else {
      const changes = await provider.changesSince(this.cursor!);
      delta = store.applyChanges(changes.changed, changes.leftScope);
      this.cursor = changes.cursor;
      const resolved = changes.changed.filter((incident) => incident.status === 'resolved');
      if (resolved.length > 0) this.options.onResolved?.(resolved);
    }
    if (delta) onDelta(delta, firstLoad);
  }
}
