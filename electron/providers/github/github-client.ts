/**
 * GitHub's REST API through @octokit/rest, with every exchange going through the shared
 * transport (providers/http/transport.ts: timeout, cancellation, metering, the rules for
 * rate limits and refusals), retried by the shared loop, and zod-validated answers; and
 * plain GETs straight through the transport for the reads that page by Link headers and
 * ask conditionally (If-None-Match: an unchanged resource answers 304, which GitHub does
 * not count against the rate limit). The token only goes into the Authorization header;
 * it is scrubbed from every message.
 */
import { Octokit } from '@octokit/rest';
import type { z } from 'zod';
import { Cancelled } from '../../engine/ports/request-context';
import {
  HttpTransport,
  labelPath,
  transportTuning,
  urlUnder,
  withQuery,
  type ClientTuning,
  type FailedAnswer,
  type HttpAnswer,
  type NotModifiedAnswer,
  type QueryParams,
  type VendorDialect,
} from '../http/transport';
import { GITHUB_API_URL, type GitHubActionsConfig } from './config';
import { parseLinkHeader } from '../http/link-header';
import { checkBody, RetryableFailure } from '../http/retryable-failure';
import { VendorRefusal } from '../http/vendor-refusal';

const GITHUB_API_VERSION = '2022-11-28';

/** A refusal from GitHub (4xx other than rate limits), with its message ("Required input 'backup_id' not provided"). */
export class GitHubRefusal extends VendorRefusal {
  override name = 'GitHubRefusal';
}

/** A failure worth retrying; `notProcessed` when GitHub certainly did not act (rate limits). */
interface OctokitLikeError {
  status?: number;
  message?: string;
  response?: { status: number; headers: Record<string, string | number | undefined>; data: unknown };
}

export interface CallOptions<S extends z.ZodType> {
  /** "POST /repos/acme/db-ops/actions/workflows/x.yml/dispatches", for messages. */
  label: string;
  schema: S;
  /** False for requests not to be repeated after an ambiguous failure; they are retried only when GitHub certainly did not act. */
  idempotent: boolean;
  /** Override of the configured retries (0: the caller retries). */
  maxRetries?: number;
}

/** A plain GET: its query, the schema of its answer, and what a refusal means. */
interface GetOptions<S extends z.ZodType> {
  schema: S;
  query?: QueryParams;
  /** What the token needs, said when GitHub answers 403: "read access to acme/payments-api's deployments (Deployments: read)". */
  needs: string;
  /** What a 404 means and what to fix; default GitHub's own words. */
  notFound?: string;
}

/** Where the client connects: the API base URL, the token, and the request tuning. */
type GitHubConnection = Pick<GitHubActionsConfig, 'baseUrl' | 'token'> & ClientTuning;

export class GitHubClient {
  readonly octokit: Octokit;
  private readonly transport: HttpTransport;
  private readonly root: string;
  private readonly headers: Record<string, string>;

  constructor(config: GitHubConnection) {
    this.root = (config.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, '');
    this.headers = {
      authorization: `Bearer ${config.token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
      'user-agent': 'oncall-console',
    };
    this.transport = new HttpTransport({
      vendor: 'GitHub',
      dialect: gitHubDialect,
      secrets: [config.token],
      ...transportTuning(config),
    });
    // octokit reads and parses the answers; every exchange still goes through the transport's fetch.
    const transportFetch: typeof fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
      return this.transport.fetchOnce(url, init ?? {}, `${init?.method ?? 'GET'} ${labelPath(url)}`);
    };
    const quiet = () => {};
    this.octokit = new Octokit({
      auth: config.token,
      baseUrl: this.root,
      userAgent: 'oncall-console',
      request: { fetch: transportFetch },
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
  }

  /** Per-request options octokit takes: the API version header (the transport adds the timeout). */
  requestOptions(): { headers: Record<string, string> } {
    return { headers: { 'x-github-api-version': GITHUB_API_VERSION } };
  }

  /** Runs one octokit call with the transport's retries; returns its status and validated data. */
  async call<S extends z.ZodType>(
    options: CallOptions<S>,
    send: () => Promise<{ status: number; data: unknown }>,
  ): Promise<{ status: number; data: z.output<S> }> {
    return this.transport.retrying(() => this.attempt(options, send), options);
  }

  /** GET a path under the API base, or a link GitHub sent (a next page), validated by the schema. */
  get<S extends z.ZodType>(path: string, options: GetOptions<S>): Promise<HttpAnswer<z.output<S>>> {
    return this.transport.request(this.getRequest(path, options, {}));
  }

  /**
   * A conditional GET: with the ETag of the version the caller holds, GitHub answers 304
   * (notModified) when the resource is unchanged; without one, a plain GET.
   */
  getIfChanged<S extends z.ZodType>(
    path: string,
    etag: string | null,
    options: GetOptions<S>,
  ): Promise<HttpAnswer<z.output<S>> | NotModifiedAnswer> {
    return this.transport.requestConditional(this.getRequest(path, options, etag ? { 'if-none-match': etag } : {}));
  }

  /** A list with the pages GitHub's Link header leads to (at most `maxPages` in all), and the first page's ETag. */
  async getList<T>(path: string, options: GetOptions<z.ZodType<T[]>>, maxPages: number): Promise<{ items: T[]; etag: string | null }> {
    return this.followPages(await this.get(path, options), options, maxPages);
  }

  /** The items of a list's first page (an answer already read) and of the pages its Link header leads to. */
  async followPages<T>(
    first: { body: T[]; headers: Headers },
    options: GetOptions<z.ZodType<T[]>>,
    maxPages: number,
  ): Promise<{ items: T[]; etag: string | null }> {
    const items = [...first.body];
    let next = nextPage(first.headers);
    for (let pages = 1; next && pages < maxPages; pages++) {
      // A next link carries the query already.
      const page = await this.get(next, { ...options, query: undefined });
      items.push(...page.body);
      next = nextPage(page.headers);
    }
    return { items, etag: first.headers.get('etag') };
  }

  private getRequest<S extends z.ZodType>(path: string, options: GetOptions<S>, extraHeaders: Record<string, string>) {
    const url = withQuery(urlUnder(this.root, path, 'GitHub', 'the GitHub API base URL'), options.query);
    return {
      method: 'GET',
      url,
      label: `GET ${labelPath(url)}`,
      headers: { ...this.headers, ...extraHeaders },
      schema: options.schema,
      idempotent: true,
      refusal: (answer: FailedAnswer) => readRefusal(answer, options),
    };
  }

  /** Rethrows `error` unless it is transient with retries left after `attempt`, else waits before the next (HttpTransport.waitToRetry). */
  waitToRetry(error: unknown, attempt: number): Promise<void> {
    return this.transport.waitToRetry(error, attempt);
  }

  private async attempt<S extends z.ZodType>(
    options: CallOptions<S>,
    send: () => Promise<{ status: number; data: unknown }>,
  ): Promise<{ status: number; data: z.output<S> }> {
    let response: { status: number; data: unknown };
    try {
      response = await send();
    } catch (error) {
      throw this.classify(options.label, error);
    }
    const data = checkBody(options.schema, `GitHub ${options.label}`, response.status, response.status === 204 ? undefined : response.data);
    return { status: response.status, data };
  }

  /** An octokit failure read by the transport's rules: the transport's own (cancelled, no answer), or the answer classified. */
  private classify(label: string, raw: unknown): Error {
    const error = (raw ?? {}) as OctokitLikeError & { cause?: unknown };
    if (error.cause instanceof Cancelled || error.cause instanceof RetryableFailure) return error.cause;
    if (raw instanceof Cancelled) return raw;
    const response = error.response;
    if (!response)
      return new RetryableFailure(
        this.transport.scrub(`GitHub ${label} failed: ${raw instanceof Error ? raw.message : 'network error'}`),
        undefined,
        null,
        false,
      );
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
    const text = typeof response.data === 'string' ? response.data : JSON.stringify(response.data ?? '');
    return this.transport.classify(label.split(' ')[0]!, label, response.status, text, headers);
  }
}

/** What GitHub's refusals mean: rate limits also come as 403, 401 a bad token, 403 a missing permission. */
const gitHubDialect: VendorDialect = {
  errorText: (json) => messageOf(json),
  isRateLimit: ({ status, headers, vendorText }) =>
    status === 403 && (headers.has('retry-after') || headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(vendorText)),
  /** The reset of an exhausted primary limit (x-ratelimit-reset is epoch seconds). */
  rateLimitHintMs(headers, now) {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
    return null;
  },
  refusal({ status, label, said, vendorText }) {
    if (status === 401) {
      return new GitHubRefusal(
        'auth',
        `GitHub rejected the token (401${said}): check GITHUB_TOKEN in the GitHub connection settings; it may be mistyped, revoked or expired`,
        401,
        vendorText,
      );
    }
    if (status === 403) {
      return new GitHubRefusal(
        'auth',
        `GitHub refused ${label} (403${said}): the token needs Actions read and write permission on this repository`,
        403,
        vendorText,
      );
    }
    return new GitHubRefusal('rejected', `GitHub refused ${label} (${status})${said}`, status, vendorText);
  },
};

/** The next page's URL from GitHub's Link header, or null on the last page. */
export function nextPage(headers: Headers): string | null {
  return parseLinkHeader(headers.get('link')).get('next') ?? null;
}

/** A refused read: 403 says what the token needs, 404 what it means; the rest as the dialect reads them. */
function readRefusal(answer: FailedAnswer, options: { needs: string; notFound?: string }): Error {
  const { status, label, said, vendorText } = answer;
  if (status === 403)
    return new GitHubRefusal('auth', `GitHub refused ${label} (403${said}): the token needs ${options.needs}`, 403, vendorText);
  if (status === 404 && options.notFound)
    return new GitHubRefusal('rejected', `${options.notFound} (GitHub answered ${label} with 404${said})`, 404, vendorText);
  return gitHubDialect.refusal(answer);
}

function messageOf(data: unknown): string {
  if (data && typeof data === 'object' && 'message' in data && typeof (data as { message: unknown }).message === 'string') {
    return (data as { message: string }).message.replace(/\s+/g, ' ').trim();
  }
  return '';
}
