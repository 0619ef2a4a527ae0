/**
 * The paging syncs of a workspace on one or several platforms: one PagingSync (and one
 * connection badge) per platform over the shared incident store, each reconciling only its
 * own incidents, so a platform that is down keeps its incidents (stale, its badge says so)
 * while the others carry on. Ready once any platform has loaded; fails only when none can.
 */
import type { ConnectionStatus } from '../../shared/domain/connection';
import type { PagingSync } from './paging-sync';

export class PagingSyncs {
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

  start(): void {
    for (const sync of this.syncs) sync.start();
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
    await Promise.all(this.syncs.map((sync) => sync.stop()));
  }
}
