/**
 * Keeps the incident store in step with a paging platform: a full load at start, then an
 * incremental poll (about one request when nothing changed) every poll interval, and a
 * full reconcile every so often to heal anything an incremental poll could miss. Tracks
 * the connection's health (ok / degraded / offline) for the UI.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import { fullJitterBackoffMs } from '../providers/http/backoff';
import type { IncidentDelta, IncidentStore } from './incident-store';
import { ProviderError, type Clock, type PagingProvider, type SyncCursor } from './ports';

export interface PagingSyncOptions {
  provider: PagingProvider;
  store: IncidentStore;
  clock: Clock;
  pollIntervalMs: number;
  reconcileIntervalMs: number;
  onDelta(delta: IncidentDelta): void;
  onStatus(status: ConnectionStatus): void;
  onError?(error: unknown): void;
}

/** After this many failed polls in a row, a degraded connection counts as offline. */
const OFFLINE_AFTER_FAILURES = 3;
const MAX_RETRY_MS = 5 * 60_000;

export class PagingSync {
  private cursor: SyncCursor | null = null;
  private lastFullSyncAt = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private currentStatus: ConnectionStatus;
  private readonly firstSync: Promise<void>;
  private settleFirstSync!: { resolve(): void; reject(error: unknown): void; done: boolean };
  lastSyncAt: number | null = null;

  constructor(private readonly options: PagingSyncOptions) {
    this.currentStatus = {
      provider: options.provider.id,
      label: options.provider.label,
      state: 'connecting',
      lastSuccessAt: null,
      nextRetryAt: null,
      message: null,
    };
    this.firstSync = new Promise<void>((resolve, reject) => {
      this.settleFirstSync = { resolve, reject, done: false };
    });
    // The first sync's outcome is also reported through status; avoid an unhandled rejection.
    this.firstSync.catch(() => undefined);
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Resolves after the first full load; rejects if it failed for a reason retrying cannot fix, or after the first failure. */
  ready(): Promise<void> {
    return this.firstSync;
  }

  start(): void {
    this.schedule(0);
  }

  /** Polls now instead of waiting for the timer (after an action lands, or on the user's request). */
  async pollNow(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.runRound();
    await this.inFlight;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runRound();
    }, delayMs);
  }

  private runRound(): void {
    this.inFlight = this.round().finally(() => {
      this.inFlight = null;
    });
  }

  private async round(): Promise<void> {
    const { provider, store, clock, pollIntervalMs, reconcileIntervalMs, onDelta } = this.options;
    try {
      const fullSyncDue = this.cursor === null || clock.now() - this.lastFullSyncAt >= reconcileIntervalMs;
      let delta: IncidentDelta | null;
      if (fullSyncDue) {
        const startedAt = clock.now();
        const { incidents, cursor } = await provider.listOpenIncidents();
        delta = store.replaceAll(incidents);
        this.cursor = cursor;
        this.lastFullSyncAt = startedAt;
      } else {
        const changes = await provider.changesSince(this.cursor!);
        delta = store.applyChanges(changes.changed, changes.leftScope);
        this.cursor = changes.cursor;
      }
      if (this.stopped) return;
      if (delta) onDelta(delta);
      this.succeeded();
      this.schedule(pollIntervalMs);
    } catch (error) {
      if (this.stopped) return;
      const retryInMs = this.failed(error);
      this.schedule(retryInMs);
    }
  }

  private succeeded(): void {
    const now = this.options.clock.now();
    this.failures = 0;
    this.lastSyncAt = now;
    this.setStatus({ state: 'ok', lastSuccessAt: new Date(now).toISOString(), nextRetryAt: null, message: null });
    if (!this.settleFirstSync.done) {
      this.settleFirstSync.done = true;
      this.settleFirstSync.resolve();
    }
  }

  /** Records a failed poll; returns how long to wait before the next one. */
  private failed(error: unknown): number {
    this.options.onError?.(error);
    this.failures += 1;
    const now = this.options.clock.now();
    const refused = error instanceof ProviderError && error.kind !== 'transient';
    const vendorRetryAt = error instanceof ProviderError ? error.retryAt : undefined;
    // Never sooner than the next regular poll; the jittered wait grows with each failure in a row.
    const jittered = fullJitterBackoffMs(this.failures - 1, Math.random, { baseMs: this.options.pollIntervalMs, capMs: MAX_RETRY_MS });
    const backoff = Math.max(this.options.pollIntervalMs, jittered);
    const retryInMs = Math.max(backoff, vendorRetryAt ? vendorRetryAt - now : 0);
    const message = error instanceof Error ? error.message : String(error);
    this.setStatus({
      state: refused || this.failures >= OFFLINE_AFTER_FAILURES ? 'offline' : 'degraded',
      nextRetryAt: new Date(now + retryInMs).toISOString(),
      message,
    });
    if (!this.settleFirstSync.done) {
      this.settleFirstSync.done = true;
      this.settleFirstSync.reject(error);
    }
    return retryInMs;
  }

  private setStatus(change: Partial<ConnectionStatus>): void {
    const next = { ...this.currentStatus, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.currentStatus)) return;
    this.currentStatus = next;
    this.options.onStatus(next);
  }
}
