/**
 * Where the engine reads delivery from: deployment feeds (a repository's environment on
 * GitHub or GitLab, or a Jenkins deployment job), each read incrementally with a cursor
 * the engine keeps, and code hosts that say what changed between two versions. The host
 * builds them from the workspace's `delivery:` section (electron/host/delivery-setup.ts).
 */
import type { DeliverySourceName, Deployment, VersionRange } from '../../../shared/domain/delivery';

/** One poll of a feed: what is new or changed since the cursor, and the cursor to hand back next time. */
interface FeedPoll {
  deployments: Deployment[];
  cursor: string;
  /** True when the source had nothing new (GitHub's 304, an empty GitLab page, no new Jenkins build). */
  unchanged: boolean;
}

/** One stream of deployments of one service. */
export interface DeploymentFeed {
  /** Stable across runs: names the cursor kept for it ("github:acme/payments-api:production"). */
  readonly id: string;
  readonly source: DeliverySourceName;
  /** The service it deploys, as the workspace names it. */
  readonly service: string;
  read(cursor: string | null): Promise<FeedPoll>;
}

export interface CompareOptions {
  /** Also read the pull (merge) requests the commits came through; default true. */
  withPullRequests?: boolean;
}

/** A repository host: what deploying one version over another changes. */
export interface CodeHost {
  compare(repository: string, from: string, to: string, options?: CompareOptions): Promise<VersionRange>;
}
