/**
 * One poll of an environment's deployments since a cursor (the delivery reader's
 * deploymentsSince). The first page of the list is asked for with the ETag last seen, so
 * a poll with nothing new is one request answered 304, which GitHub does not count
 * against the rate limit. A deployment object carries no state, so a new or changed one
 * (a new updated_at) is read with its statuses; one not settled yet (queued, in progress)
 * is asked after on the next polls with the ETag of its statuses, for as long as the
 * reader follows open deployments, whether or not GitHub changes its updated_at.
 *
 * Assumption where GitHub's docs are silent: the list is newest first (as GitHub is seen
 * to answer), so past the first page a poll reads on only while a page holds nothing but
 * deployments newer than the cursor's newest.
 */
import { z } from 'zod';
import { Deployment } from '../../../shared/domain/delivery';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import type { QueryParams } from '../http/transport';
import { ProviderError } from '../../engine/ports';
import { GhDeployment, GhDeploymentList, GhDeploymentStatusPage, isSettled, toDeployment } from './delivery-mapper';
import { nextPage, type GitHubClient, GitHubRefusal } from './github-client';

const PAGE_SIZE = 100;
/** A deployment's statuses: read up to this many pages of 100. */
const STATUS_PAGES = 10;

/** One poll's outcome. */
export interface DeploymentPoll {
  /** Deployments new since the cursor, or whose state changed, oldest first (the first poll: all those read). */
  deployments: Deployment[];
  /** Hand it back on the next poll of the same repository and environment. */
  cursor: string;
  /** True when GitHub said nothing changed (304s only). */
  unchanged: boolean;
}

export interface PollSettings {
  concurrency: number;
  /** A first poll (no cursor) reads at most this many pages of 100 deployments. */
  firstPollPages: number;
  /** How long after its creation a deployment not settled is asked after. */
  followOpenMs: number;
  now: () => number;
}

/** What is polled: the repository (owner/name), its API path (/repos/owner/name) and the environment. */
interface PollTarget {
  repository: string;
  path: string;
  environment: string;
}

const DeploymentCursor = z.object({
  v: z.literal(1),
  repository: z.string(),
  environment: z.string(),
  /** The ETag of the list's first page as last read. */
  etag: z.string().nullable(),
  /** The newest deployment read. */
  newest: z.object({ createdAt: z.string(), id: z.number() }).nullable(),
  /** The first page's deployments by id: their updated_at, to tell a changed one. */
  seen: z.record(z.string(), z.string()),
  /** Deployments not settled yet, by id: when each was created, and the ETag of its statuses. */
  open: z.record(z.string(), z.object({ createdAt: z.string(), etag: z.string().nullable() })),
});
type DeploymentCursor = z.infer<typeof DeploymentCursor>;

/** A deployment read with its statuses, and the ETag of those. */
interface ReadDeployment {
  deployment: Deployment;
  etag: string | null;
}

export async function pollDeployments(
  client: GitHubClient,
  settings: PollSettings,
  target: PollTarget,
  cursor: string | null,
): Promise<DeploymentPoll> {
  const { repository, path, environment } = target;
  const previous = cursor === null ? null : readCursor(cursor, repository, environment);
  const needs = `read access to ${repository}'s deployments (fine-grained token: Deployments: read; classic: repo)`;
  const notFound = `GitHub has no repository ${repository}, or the token cannot see it: check the service's repository in the workspace`;
  const statuses = { schema: GhDeploymentStatusPage, query: [['per_page', PAGE_SIZE]] satisfies QueryParams, needs };
  const statusesOf = (id: number | string) => `${path}/deployments/${id}/statuses`;

  // The list: one conditional request when nothing changed; past the first page only while every deployment is new.
  const list = { schema: GhDeploymentList, needs, notFound };
  const first = await client.getIfChanged(`${path}/deployments`, previous?.etag ?? null, {
    ...list,
    query: [
      ['environment', environment],
      ['per_page', PAGE_SIZE],
    ],
  });
  const listed: GhDeployment[] = [];
  let { etag = null, seen = {} } = previous ?? {};
  if (!('notModified' in first)) {
    etag = first.headers.get('etag');
    seen = Object.fromEntries(first.body.map((deployment) => [String(deployment.id), deployment.updated_at]));
    listed.push(...first.body);
    let page = first;
    for (let pages = 1; pages < settings.firstPollPages; pages++) {
      const next = nextPage(page.headers);
      if (!next || (previous && !page.body.every((deployment) => isNewer(deployment, previous.newest)))) break;
      page = await client.get(next, list);
      listed.push(...page.body);
    }
  }

  const fresh = listed.filter((deployment) => {
    if (!previous) return true;
    const before = previous.seen[String(deployment.id)];
    return before === undefined ? isNewer(deployment, previous.newest) : before !== deployment.updated_at;
  });
  const freshIds = new Set(fresh.map((deployment) => String(deployment.id)));
  const followed = Object.entries(previous?.open ?? {}).filter(
    ([id, open]) => !freshIds.has(id) && settings.now() - Date.parse(open.createdAt) <= settings.followOpenMs,
  );

  const stillOpen: DeploymentCursor['open'] = {};
  const read = await mapWithConcurrency(fresh, settings.concurrency, async (deployment): Promise<ReadDeployment> => {
    const { items, etag: statusesEtag } = await client.getList(statusesOf(deployment.id), statuses, STATUS_PAGES);
    return { deployment: toDeployment(repository, deployment, items), etag: statusesEtag };
  });
  const rechecked = await mapWithConcurrency(followed, settings.concurrency, async ([id, known]): Promise<ReadDeployment | null> => {
    try {
      const answer = await client.getIfChanged(statusesOf(id), known.etag, statuses);
      if ('notModified' in answer) {
        stillOpen[id] = known;
        return null;
      }
      const { items, etag: statusesEtag } = await client.followPages(answer, statuses, STATUS_PAGES);
      const deployment =
        listed.find((candidate) => String(candidate.id) === id) ??
        (await client.get(`${path}/deployments/${id}`, { schema: GhDeployment, needs })).body;
      return { deployment: toDeployment(repository, deployment, items), etag: statusesEtag };
    } catch (error) {
      // Deleted since (GitHub deletes only inactive deployments): nothing more to follow.
      if (error instanceof GitHubRefusal && error.status === 404) return null;
      throw error;
    }
  });
  const changed = [...read, ...rechecked].filter((found) => found !== null);
  for (const { deployment, etag: statusesEtag } of changed)
    if (!isSettled(deployment.state)) stillOpen[deployment.id] = { createdAt: deployment.createdAt, etag: statusesEtag };

  const newest = listed.reduce((best, deployment) => (isNewer(deployment, best) ? toNewest(deployment) : best), previous?.newest ?? null);
  const next: DeploymentCursor = { v: 1, repository, environment, etag, newest, seen, open: stillOpen };
  const deployments = changed
    .map(({ deployment }) => deployment)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id));
  return {
    deployments: z.array(Deployment).parse(deployments),
    cursor: encodeJsonCursor(next, 'base64url'),
    unchanged: 'notModified' in first && changed.length === 0,
  };
}

function readCursor(text: string, repository: string, environment: string): DeploymentCursor {
  const cursor = decodeJsonCursor(
    text,
    DeploymentCursor,
    'The deployment cursor is not one the GitHub delivery reader wrote: poll again without a cursor to start over',
    'base64url',
  );
  if (cursor.repository !== repository || cursor.environment !== environment)
    throw new ProviderError(
      'rejected',
      `The deployment cursor is for ${cursor.repository} ${cursor.environment}, not ${repository} ${environment}: keep one cursor per repository and environment`,
    );
  return cursor;
}

const toNewest = (deployment: GhDeployment) => ({ createdAt: deployment.created_at, id: deployment.id });

/** Created after `than` (the higher id among equal times); anything is newer than nothing. */
function isNewer(deployment: GhDeployment, than: DeploymentCursor['newest']): boolean {
  if (!than) return true;
  const difference = Date.parse(deployment.created_at) - Date.parse(than.createdAt);
  return difference > 0 || (difference === 0 && deployment.id > than.id);
}
