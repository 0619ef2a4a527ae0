/**
 * The paging syncs of a workspace on one or several platforms: one PagingSync (and one
 * connection badge) per platform over the shared incident store, each reconciling only its
 * own incidents, so a platform that is down keeps its incidents (stale, its badge says so)
 * while the others carry on. Ready once any platform has loaded; fails only when none can.
 *
 * Started with a pace (start({ clock, onCallNow })), each platform polls at the pace the
 * shared rule (shared/rules/poll-cadence.ts) gives from whether I am on call, whether a
 * page is in front of someone (setViewerPresence), how long it has been idle, and that
 * platform's own budget; without one, every platform keeps the workspace's interval.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import { pollCadence, type PollCadence } from '../../shared/rules/poll-cadence';
import type { PagingSync } from './paging-sync';
import type { Clock } from './ports';
import { ViewerPresence } from './viewer-presence';

/** How often the pace is asked again without news (a shift began or ended, a silent page was forgotten): no request is made. */
const RECHECK_PACE_EVERY_MS = 10_000;

/** What the pace needs from the rest of the engine. */
interface PaceSources {
  clock: Clock;
  /** Whether the console's user is on call now, as last learnt (no vendor call); null while unknown. */
  onCallNow(): boolean | null;
}

export class PagingSyncs {
  private readonly presence = new ViewerPresence();
  private pace: PaceSources | null = null;
  /** The last time someone was in front of a page or on call (or the start). */
  private activeAt = 0;
  private recheck: NodeJS.Timeout | null = null;

  /** `platformOf`: the platform of an incident id (to poll only the platforms an action touched). */
  constructor(
    private readonly syncs: readonly [PagingSync, ...PagingSync[]],
    private readonly platformOf: (incidentId: string) => string = () => syncs[0].platformId,
  ) {}

  /** The first platform's connection (the workspace's first `paging` entry). */
  get status(): ConnectionStatus {
    return this.syncs[0].status;
  }

  /** Every platform's connection, first platform first. */
  get statuses(): ConnectionStatus[] {
    return this.syncs.map((sync) => sync.status);
  }

  /** The oldest of the platforms' last successful syncs (what the queue can vouch for); null until every one has synced once. */
  get lastSyncAt(): number | null {
    const times = this.syncs.map((sync) => sync.lastSyncAt);
    return times.includes(null) ? null : Math.min(...(times as number[]));
  }

  /** Starts every platform's sync; with `pace`, at the pace of the shared rule. */
  start(pace?: PaceSources): void {
    if (pace) {
      this.pace = pace;
      this.activeAt = pace.clock.now();
      for (const sync of this.syncs) sync.paceWith((it) => this.cadenceOf(it).intervalMs);
      this.recheck = setInterval(() => this.syncs.forEach((sync) => sync.reschedule()), RECHECK_PACE_EVERY_MS);
      this.recheck.unref?.();
    }
    for (const sync of this.syncs) sync.start();
  }

  /** A page says whether it is visible and focused; every platform's next poll follows at once. Answers the first platform's pace. */
  setViewerPresence(viewerId: string, presence: { visible: boolean; focused: boolean }): PollCadence {
    const first = this.syncs[0];
    if (!this.pace) return { intervalMs: first.configuredIntervalMs, pace: 'configured' };
    this.presence.report(viewerId, presence, this.pace.clock.now());
    for (const sync of this.syncs) sync.reschedule();
    return this.cadenceOf(first);
  }

  private cadenceOf(sync: PagingSync): PollCadence {
    const { clock, onCallNow } = this.pace!;
    const now = clock.now();
    const viewerInFront = this.presence.inFront(now);
    const onCall = onCallNow();
    if (viewerInFront || onCall === true) this.activeAt = now;
    const { reconcileExtraPerMinute, budget, lastRateLimitedAt } = sync.paceFacts;
    return pollCadence({
      platform: sync.platformId,
      configuredMs: sync.configuredIntervalMs,
      onCallNow: onCall,
      viewerInFront,
      idleForMs: now - this.activeAt,
      reconcileExtraPerMinute,
      budget: budget && budget.resetAt > now ? { limit: budget.limit, remaining: budget.remaining, resetInMs: budget.resetAt - now } : null,
      sinceRateLimitedMs: lastRateLimitedAt === null ? null : now - lastRateLimitedAt,
    });
  }

  /** Resolves when the first platform to load has loaded; rejects with the first platform's error when none can. */
  ready(): Promise<void> {
    return Promise.any(this.syncs.map((sync) => sync.ready())).catch((error: unknown) => {
      throw error instanceof AggregateError ? error.errors[0] : error;
    });
  }

  /**
   * Polls now: the platforms of these incidents (an action landed on them: each platform's
   * request budget is its own, and one platform's busy automations must not spend another's),
   * or every platform.
   */
  async pollNow(incidentIds?: readonly string[]): Promise<void> {
    const platforms = incidentIds ? new Set(incidentIds.map(this.platformOf)) : null;
    await Promise.all(this.syncs.filter((sync) => !platforms || platforms.has(sync.platformId)).map((sync) => sync.pollNow()));
  }

  async stop(): Promise<void> {
    if (this.recheck) clearInterval(this.recheck);
    await Promise.all(this.syncs.map((sync) => sync.stop()));
  }
}
