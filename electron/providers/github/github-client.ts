/**
 * GitHub's REST API through @octokit/rest, with what octokit leaves to us: a timeout on
 * every request, retries with backoff and jitter (429 and secondary rate limits honouring
 * Retry-After / x-ratelimit-reset, 5xx, network errors, unreadable bodies), zod-validated
 * responses, and errors classified for the engine. The token only goes into the
 * Authorization header; it is scrubbed from every message.
 */
import { Octokit } from '@octokit/rest';
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs } from '../http/backoff';
import { gaveUpAfter, retryWaitMs, withRetries, type RetryTiming } from '../http/retry-loop';
import { GITHUB_API_URL, type GitHubActionsConfig } from './config';
import { RetryableFailure } from '../http/retryable-failure';

export const GITHUB_API_VERSION = '2022-11-28';

/** A refusal from GitHub (4xx other than rate limits): the provider rewords it with what to fix. */
export class GitHubRefusal extends ProviderError {
  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    /** GitHub's own message, e.g. "Required input 'backup_id' not provided". */
    readonly vendorMessage: string,
  ) {
    super(kind, message, status);
    this.name = 'GitHubRefusal';
  }
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

export class GitHubClient {
  readonly octokit: Octokit;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly config: GitHubActionsConfig) {
    this.now = config.now ?? Date.now;
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = config.random ?? Math.random;
    const baseFetch = config.fetch ?? fetch;
    const onRequest = config.onRequest;
    const now = this.now;
    const meteredFetch: typeof fetch = async (input, init) => {
      const started = now();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
      const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
      try {
        const response = await baseFetch(input, init);
        onRequest?.({ method: init?.method ?? 'GET', path, status: response.status, durationMs: Math.max(0, now() - started) });
        return response;
      } catch (error) {
        onRequest?.({ method: init?.method ?? 'GET', path, status: 'network-error', durationMs: Math.max(0, now() - started) });
        throw error;
      }
    };
    const quiet = () => {};
    this.octokit = new Octokit({
      auth: config.token,
      baseUrl: (config.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, ''),
      userAgent: 'oncall-console',
      request: { fetch: meteredFetch },
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    });
  }

  /** Per-request options octokit takes: the API version header and a timeout. */
  requestOptions(): { headers: Record<string, string>; request: { signal: AbortSignal } } {
    return { headers: { 'x-github-api-version': GITHUB_API_VERSION }, request: { signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000) } };
  }

  /** Runs one octokit call with retries; returns its status and validated data. */
  async call<S extends z.ZodType>(options: CallOptions<S>, send: () => Promise<{ status: number; data: unknown }>): Promise<{ status: number; data: z.output<S> }> {
    return withRetries(() => this.attempt(options, send), {
      ...this.timing(),
      maxRetries: options.maxRetries ?? this.config.maxRetries ?? 4,
      idempotent: options.idempotent,
      giveUp: (failure, tries) => this.scrub(gaveUpAfter(failure, tries)),
    });
  }

  /** How long to wait before retry `attempt`: backoff with jitter, at least what the server hinted, at most maxRetryWaitMs. */
  retryWaitMs(attempt: number, hintMs: number | null): number {
    return retryWaitMs(attempt, hintMs, this.timing());
  }

  private timing(): RetryTiming {
    return { random: this.random, now: this.now, sleep: this.sleep, maxRetryWaitMs: this.config.maxRetryWaitMs };
  }

  private async attempt<S extends z.ZodType>(options: CallOptions<S>, send: () => Promise<{ status: number; data: unknown }>): Promise<{ status: number; data: z.output<S> }> {
    let response: { status: number; data: unknown };
    try {
      response = await send();
    } catch (error) {
      throw this.classify(options.label, error);
    }
    const parsed = options.schema.safeParse(response.status === 204 ? undefined : response.data);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      throw new RetryableFailure(`GitHub ${options.label} answered ${response.status} with an unexpected body: ${issues}`, response.status, null, false);
    }
    return { status: response.status, data: parsed.data };
  }

  private classify(label: string, raw: unknown): Error {
    const error = (raw ?? {}) as OctokitLikeError;
    const response = error.response;
    if (!response) {
      const reason = raw instanceof Error ? (/abort|timeout/i.test(`${raw.name} ${raw.message}`) ? `no answer within ${this.config.timeoutMs ?? 10_000} ms` : raw.message) : 'network error';
      return new RetryableFailure(`GitHub ${label} failed: ${reason}`, undefined, null, false);
    }
    const status = response.status;
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
    const vendorMessage = messageOf(response.data);
    const said = vendorMessage ? `: ${vendorMessage}` : '';
    const rateLimited = status === 429 || (status === 403 && (headers.has('retry-after') || headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(vendorMessage)));
    if (rateLimited) return new RetryableFailure(`GitHub is rate limiting ${label} (${status})${said}`, status, this.rateLimitHintMs(headers), true);
    if (status >= 500 || status === 408) return new RetryableFailure(`GitHub ${label} failed with ${status}${said}`, status, retryHintMs(headers, this.now()), false);
    if (status === 401) {
      return new GitHubRefusal(
        'auth',
        `GitHub rejected the token (401${said}): check GITHUB_TOKEN in the GitHub connection settings; it may be mistyped, revoked or expired`,
        401,
        vendorMessage,
      );
    }
    if (status === 403) {
      return new GitHubRefusal(
        'auth',
        this.scrub(`GitHub refused ${label} (403${said}): the token needs Actions read and write permission on this repository`),
        403,
        vendorMessage,
      );
    }
    return new GitHubRefusal('rejected', this.scrub(`GitHub refused ${label} (${status})${said}`), status, vendorMessage);
  }

  /** Retry-After, or the reset of an exhausted primary limit (x-ratelimit-reset is epoch seconds). */
  private rateLimitHintMs(headers: Headers): number | null {
    const retryAfter = retryHintMs(headers, this.now());
    if (retryAfter !== null) return retryAfter;
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - this.now());
    return null;
  }

  scrub(message: string): string {
    return this.config.token ? message.split(this.config.token).join('[redacted]') : message;
  }
}

function messageOf(data: unknown): string {
  if (data && typeof data === 'object' && 'message' in data && typeof (data as { message: unknown }).message === 'string') {
    return (data as { message: string }).message.replace(/\s+/g, ' ').trim();
  }
  if (typeof data === 'string') {
    const title = /<title>([^<]*)<\/title>/i.exec(data)?.[1]?.trim();
    return (title ?? data.trim()).slice(0, 200);
  }
  return '';
}
