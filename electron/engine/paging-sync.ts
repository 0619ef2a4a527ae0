/**
 * Keeps the incident store in step with a paging platform: a full load at start, then an
 * incremental poll (about one request when nothing changed) every poll interval, and a
 * full reconcile every so often to heal anything an incremental poll could miss. The
 * loop, backoff and connection health come from PollLoop.
 *
 * The first full load puts its first page in the store as soon as it arrives (the first rows
 * show after one request) and the later pages a few at a time, its connection saying how far
 * it has got (`loading`); what is gone from the platform is only removed once the whole list
 * has been read, and a load that fails half way keeps what it read.
 *
 * It also keeps what its pace depends on (paceFacts: what a reconcile costs, the latest
 * rate-limit headers, the last 429), and polls at the pace it is handed (paceWith), the
 * workspace's interval until then.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { Incident } from '../../shared/domain/incident';
import type { IncidentDelta, IncidentStore } from './incident-store';
import type { Clock, OpenIncidentsPage, PagingProvider, SyncCursor } from './ports';
import type { AttemptReport } from './ports/request-context';
import { PollLoop } from './poll-loop';

/** What this platform's answers said that the poll's pace depends on. */
interface SyncPaceFacts {
  /** Requests a minute the full reconciles add beyond a poll's one request (amortised; 0 before the first load). */
  reconcileExtraPerMinute: number;
  /** The latest answer's rate-limit headers (the lowest remaining within one window), or null. */
  budget: NonNullable<AttemptReport['budget']> | null;
  /** When the platform last answered 429 (ms since the epoch), or null. */
  lastRateLimitedAt: number | null;
}

/**
 * After the first page, the first load's pages go into the store together at most this often:
 * a few updates for the page to draw (and the notifications to look at) instead of one per page.
 */
const FIRST_LOAD_BATCH_MS = 200;

interface FirstLoadProgress {
  ids: Set<string>;
  total: number | null;
  pending: Incident[];
  timer: NodeJS.Timeout | null;
  /** The first page has gone in. */
  started: boolean;
}

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
  /** The first full load while it runs: the ids put in the store so far, the platform's total, pages not yet put in. */
  private firstLoadProgress: FirstLoadProgress | null = null;
  private pace: ((sync: PagingSync) => number) | null = null;
  private requestsThisRound = 0;
  private requestsPerReconcile: number | null = null;
  private budget: SyncPaceFacts['budget'] = null;
  private lastRateLimitedAt: number | null = null;

  constructor(private readonly options: PagingSyncOptions) {
    this.loop = new PollLoop({
      provider: options.provider,
      clock: options.clock,
      pollIntervalMs: options.pollIntervalMs,
      cadence: () => this.pace?.(this) ?? options.pollIntervalMs,
      onAttempt: (attempt) => this.heard(attempt),
      round: () => this.round(),
      onStatus: (status) => options.onStatus(this.withLoading({ ...status, paging: true })),
      onError: options.onError,
    });
  }

  get status(): ConnectionStatus {
    return this.withLoading({ ...this.loop.status, paging: true });
  }

  /** The platform it syncs ("pagerduty", "splunk-on-call"). */
  get platformId(): string {
    return this.options.provider.id;
  }

  get lastSyncAt(): number | null {
    return this.loop.lastSuccessAt;
  }

  /** The workspace's poll interval. */
  get configuredIntervalMs(): number {
    return this.options.pollIntervalMs;
  }

  get paceFacts(): SyncPaceFacts {
    const perReconcile = this.requestsPerReconcile;
    return {
      reconcileExtraPerMinute: perReconcile === null ? 0 : (Math.max(0, perReconcile - 1) * 60_000) / this.options.reconcileIntervalMs,
      budget: this.budget,
      lastRateLimitedAt: this.lastRateLimitedAt,
    };
  }

  /** From now on, the wait after a good poll is what `pace` says (asked each time); re-asked at once. */
  paceWith(pace: (sync: PagingSync) => number): void {
    this.pace = pace;
    this.loop.reschedule();
  }

  /** Asks the pace again for the wait under way (a viewer came or went). */
  reschedule(): void {
    this.loop.reschedule();
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

  private heard(attempt: AttemptReport): void {
    this.requestsThisRound += 1;
    if (attempt.rateLimited) this.lastRateLimitedAt = this.options.clock.now();
    const budget = attempt.budget;
    if (!budget) return;
    // Answers to requests sent together arrive in any order: within one window, the lowest count left is the truth.
    const known = this.budget;
    const sameWindow = known !== null && this.options.clock.now() < known.resetAt && Math.abs(budget.resetAt - known.resetAt) <= 1_500;
    this.budget = sameWindow ? { ...budget, remaining: Math.min(known.remaining, budget.remaining) } : budget;
  }

  /** A page of the first load: the first one into the store at once, the others a few at a time. */
  private firstLoadPage(page: OpenIncidentsPage): void {
    const progress = (this.firstLoadProgress ??= { ids: new Set(), total: page.total, pending: [], timer: null, started: false });
    progress.pending.push(...page.incidents);
    if (!progress.started) {
      this.putFirstLoadPages();
    } else if (!progress.timer) {
      progress.timer = setTimeout(() => this.putFirstLoadPages(), FIRST_LOAD_BATCH_MS);
      progress.timer.unref?.();
    }
  }

  /** The first load's pages so far into the store (upserts only: nothing is gone until the whole list is read), announced. */
  private putFirstLoadPages(): void {
    const progress = this.firstLoadProgress;
    if (!progress) return;
    if (progress.timer) clearTimeout(progress.timer);
    progress.timer = null;
    progress.started = true;
    const incidents = progress.pending.splice(0);
    for (const incident of incidents) progress.ids.add(incident.id);
    const delta = this.options.store.applyChanges(incidents);
    if (delta) this.options.onDelta(delta, true);
    this.options.onStatus(this.status);
  }

  private withLoading(status: ConnectionStatus): ConnectionStatus {
    const progress = this.firstLoadProgress;
    return progress ? { ...status, loading: { loaded: progress.ids.size, total: progress.total } } : status;
  }

  private async round(): Promise<void> {
    const { provider, store, clock, reconcileIntervalMs, onDelta } = this.options;
    this.requestsThisRound = 0;
    const fullSyncDue = this.cursor === null || clock.now() - this.lastFullSyncAt >= reconcileIntervalMs;
    let delta: IncidentDelta | null;
    const firstLoad = this.cursor === null && this.lastFullSyncAt === 0;
    if (fullSyncDue) {
      const startedAt = clock.now();
      let listed: Awaited<ReturnType<PagingProvider['listOpenIncidents']>>;
      try {
        listed = await provider.listOpenIncidents(firstLoad ? (page) => this.firstLoadPage(page) : undefined);
      } catch (error) {
        // Keep what was read: the retry reads it all again, and only then can anything be gone.
        this.putFirstLoadPages();
        throw error;
      } finally {
        // Read in full (the whole list goes in below) or failed: the load is no longer under way; a retry counts afresh.
        if (this.firstLoadProgress?.timer) clearTimeout(this.firstLoadProgress.timer);
        this.firstLoadProgress = null;
      }
      const { incidents, cursor } = listed;
      delta = store.replaceAll(incidents, this.options.sharedStore ? provider.id : undefined);
      this.cursor = cursor;
      this.lastFullSyncAt = startedAt;
      this.requestsPerReconcile = this.requestsThisRound;
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
