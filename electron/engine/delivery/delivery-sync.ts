/**
 * Reads the workspace's delivery sources into the delivery store: every round polls each
 * deployment feed from its kept cursor (one cheap request per feed when nothing changed),
 * then reads what the production deployments that succeeded since brought (the commits
 * between the service's previous production version and theirs, once each, a bounded
 * number per round so a first load of months of history catches up over a few rounds).
 * A feed that fails keeps its cursor and is read again next round: nothing is lost, and
 * each source's freshness says how old its figures are.
 */
import type { DeliverySourceName, DeploymentRange, SourceFreshness } from '../../../shared/domain/delivery';
import { errorText } from '../../../shared/error-text';
import type { Clock } from '../ports';
import type { CodeHost, DeploymentFeed } from '../ports/delivery-source';
import { deploymentKey, type DeliveryStore, type StoredDeployment } from './delivery-store';

/** A range lists at most this many commits (the total says how many there were). */
const RANGE_COMMITS = 50;
/** How many earlier production versions a range tries as its base when the previous one cannot be traced. */
const UNTRACEABLE_SKIPS = 5;
const SOURCE_LABEL: Record<DeliverySourceName, string> = { github: 'GitHub', gitlab: 'GitLab', jenkins: 'Jenkins' };

/** Where a service's code lives, to read what its deployments brought. */
export interface ServiceCode {
  repository: string;
  host: CodeHost;
}

export interface DeliverySyncOptions {
  store: DeliveryStore;
  feeds: readonly DeploymentFeed[];
  /** By service name, as the workspace names it; absent: its ranges are not read. */
  code: ReadonlyMap<string, ServiceCode>;
  clock: Clock;
  pollIntervalMs: number;
  /** Production ranges read per round (default 100). */
  rangesPerRound?: number;
  /** Feeds read at once (default 4). */
  concurrency?: number;
  /** Something new was stored, or a source's freshness changed. */
  onChange(): void;
  log?(message: string): void;
}

interface FeedHealth {
  error: string | null;
  /** When it was last read successfully (this run or, from the store, an earlier one). */
  readAt: number | null;
}

export class DeliverySync {
  private readonly health = new Map<string, FeedHealth>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly firstRound: Promise<void>;
  private settleFirst!: () => void;
  /** Requests' worth of work done by the last round, for the bench: feeds read, and those that had news. */
  lastRound = { feeds: 0, changedFeeds: 0, ranges: 0 };

  constructor(private readonly options: DeliverySyncOptions) {
    this.firstRound = new Promise((resolve) => (this.settleFirst = resolve));
    for (const feed of options.feeds) this.health.set(feed.id, { error: null, readAt: options.store.feed(feed.id)?.readAt ?? null });
  }

  start(): void {
    this.stopped = false;
    void this.syncNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Resolves once the first round has ended (however it went). */
  ready(): Promise<void> {
    return this.firstRound;
  }

  /** Runs a round now (or joins the one under way), then waits the interval for the next. */
  syncNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.round()
      .catch((error: unknown) => this.options.log?.(`Delivery sync failed: ${errorText(error)}`))
      .finally(() => {
        this.running = null;
        this.settleFirst();
        if (!this.stopped) this.timer = setTimeout(() => void this.syncNow(), this.options.pollIntervalMs);
      });
    return this.running;
  }

  /** How fresh each source's figures are: the oldest last read among its feeds, and the first error. */
  freshness(): SourceFreshness[] {
    const bySource = new Map<DeliverySourceName, FeedHealth[]>();
    for (const feed of this.options.feeds) bySource.set(feed.source, [...(bySource.get(feed.source) ?? []), this.health.get(feed.id)!]);
    return [...bySource].map(([source, feeds]) => {
      const error = feeds.find((feed) => feed.error !== null)?.error ?? null;
      const reads = feeds.map((feed) => feed.readAt);
      const readAt = reads.includes(null) ? null : Math.min(...(reads as number[]));
      return {
        source,
        label: SOURCE_LABEL[source],
        state: error !== null ? 'error' : readAt === null ? 'never-read' : 'ok',
        readAt: readAt === null ? null : new Date(readAt).toISOString(),
        error,
      };
    });
  }

  /**
   * What a production deployment brought, read now if it was not yet (the incident's "what
   * changed" asks before the sync got to it); null when the service's code is not mapped.
   */
  async rangeOf(stored: StoredDeployment): Promise<DeploymentRange | null> {
    if (stored.range) return stored.range;
    if (!stored.deployment.production || stored.deployment.succeededAt === null) return null;
    return this.readRange(stored);
  }

  private async round(): Promise<void> {
    const { feeds, store, clock, concurrency = 4 } = this.options;
    let changed = false;
    let changedFeeds = 0;
    const queue = [...feeds];
    const work = async () => {
      for (let feed = queue.shift(); feed && !this.stopped; feed = queue.shift()) {
        const health = this.health.get(feed.id)!;
        const before = health.error;
        try {
          const poll = await feed.read(store.feed(feed.id)?.cursor ?? null);
          store.upsert(feed.service, feed.source, poll.deployments);
          const now = clock.now();
          store.saveFeed(feed.id, poll.cursor, now);
          health.readAt = now;
          health.error = null;
          if (!poll.unchanged || poll.deployments.length > 0) {
            changedFeeds++;
            changed = true;
          }
        } catch (error) {
          health.error = errorText(error);
          this.options.log?.(`${SOURCE_LABEL[feed.source]} (${feed.id}) could not be read: ${health.error}`);
        }
        if (before !== health.error) changed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, feeds.length) }, work));
    // The deployments show at once; what they brought follows when read.
    if (changed) this.options.onChange();
    const ranges = await this.readRanges();
    this.lastRound = { feeds: feeds.length, changedFeeds, ranges };
    if (ranges > 0) this.options.onChange();
  }

  /** Reads the ranges of production deployments that lack one, oldest first, up to the round's budget. */
  private async readRanges(): Promise<number> {
    const { store, code, rangesPerRound = 100 } = this.options;
    let read = 0;
    for (const stored of store.withoutRange(rangesPerRound)) {
      if (this.stopped) break;
      if (!code.has(stored.service)) continue;
      try {
        await this.readRange(stored);
        read++;
      } catch (error) {
        // A host that is down: the range is read again next round (nothing stored for it yet).
        this.options.log?.(`What ${stored.service} ${stored.deployment.ref} brought could not be read: ${errorText(error)}`);
        break;
      }
    }
    return read;
  }

  private async readRange(stored: StoredDeployment): Promise<DeploymentRange | null> {
    const { store } = this.options;
    const code = this.options.code.get(stored.service);
    if (!code) return null;
    const { deployment } = stored;
    let previous = store.previousProduction(stored.service, Date.parse(deployment.createdAt), stored.key);
    let range = previous ? await compareRange(code, previous, stored) : firstKnown();
    // A base that was force-pushed away cannot be compared with: try the versions before it, keeping the first reason if none can.
    for (let step = 0; previous && !range.traceable && step < UNTRACEABLE_SKIPS; step++) {
      previous = store.previousProduction(stored.service, Date.parse(previous.deployment.createdAt), previous.key);
      const earlier = previous ? await compareRange(code, previous, stored) : null;
      if (earlier?.traceable) range = earlier;
    }
    store.saveRange(deploymentKey(stored.source, deployment.id), range);
    return range;
  }
}

/** The first production deployment the console knows of: nothing to compare it with, so no commits and no lead time. */
function firstKnown(): DeploymentRange {
  return { from: null, traceable: true, reason: null, relation: null, totalCommits: 0, commits: [], firstCommitAt: null };
}

async function compareRange(code: ServiceCode, previous: StoredDeployment, stored: StoredDeployment): Promise<DeploymentRange> {
  const from = previous.deployment.ref;
  if (previous.deployment.sha === stored.deployment.sha)
    return { from, traceable: true, reason: null, relation: 'identical', totalCommits: 0, commits: [], firstCommitAt: null };
  const range = await code.host.compare(code.repository, previous.deployment.sha, stored.deployment.sha, { withPullRequests: false });
  if (!range.traceable)
    return { from, traceable: false, reason: range.reason, relation: null, totalCommits: 0, commits: [], firstCommitAt: null };
  const authored = range.commits.map((commit) => Date.parse(commit.authoredAt)).filter(Number.isFinite);
  return {
    from,
    traceable: true,
    reason: null,
    relation: range.relation,
    totalCommits: range.totalCommits,
    commits: range.commits.slice(0, RANGE_COMMITS),
    // Lead time starts at the first commit a release brings; a rollback brings none.
    firstCommitAt: authored.length > 0 ? new Date(Math.min(...authored)).toISOString() : null,
  };
}
