/**
 * A thin typed HTTP client for GitLab's REST API v4: the PRIVATE-TOKEN header, a timeout
 * on every request, retries with backoff and jitter for transient failures (429 honouring
 * Retry-After, 5xx, network, unreadable bodies), zod-validated responses, and errors
 * classified for the engine. The token is scrubbed from every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs } from '../http/backoff';
import { gaveUpAfter, retryWaitMs, withRetries, type RetryTiming } from '../http/retry-loop';
import type { GitLabConfig } from './config';
import { parseJsonBody, RetryableFailure } from '../http/retryable-failure';

/** A refusal from GitLab (4xx other than 429), with GitLab's own message for the provider to reword. */
export class GitLabRefusal extends ProviderError {
  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    /** GitLab's message, flattened: "Reference not found", "404 Project Not Found". */
    readonly vendorMessage: string,
  ) {
    super(kind, message, status);
    this.name = 'GitLabRefusal';
  }
}

export interface GitLabRequest<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Under /api/v4, e.g. /projects/network%2Ffirewall-as-code/pipeline. */
  path: string;
  query?: Array<[string, string | number]>;
  body?: unknown;
  schema: S;
  /** Defaults to true for GET. Non-idempotent requests are retried only on 429. */
  idempotent?: boolean;
  maxRetries?: number;
}

export class GitLabClient {
  readonly apiUrl: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly config: GitLabConfig) {
    this.apiUrl = `${config.baseUrl.replace(/\/+$/, '')}/api/v4`;
    this.now = config.now ?? Date.now;
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = config.random ?? Math.random;
  }

  async request<S extends z.ZodType>(req: GitLabRequest<S>): Promise<{ status: number; body: z.output<S>; headers: Headers }> {
    const label = `${req.method} ${req.path}`;
    return withRetries(() => this.attempt(req, label), {
      ...this.timing(),
      maxRetries: req.maxRetries ?? this.config.maxRetries ?? 4,
      idempotent: req.idempotent ?? req.method === 'GET',
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

  private async attempt<S extends z.ZodType>(req: GitLabRequest<S>, label: string): Promise<{ status: number; body: z.output<S>; headers: Headers }> {
    const search = new URLSearchParams();
    for (const [name, value] of req.query ?? []) search.append(name, String(value));
    const url = `${this.apiUrl}${req.path}${search.size ? `?${search}` : ''}`;
    const started = this.now();
    const report = (status: number | 'network-error') =>
      this.config.onRequest?.({ method: req.method, path: req.path, status, durationMs: Math.max(0, this.now() - started) });
    let response: Response;
    let text: string;
    try {
      response = await (this.config.fetch ?? fetch)(url, {
        method: req.method,
        headers: {
          Accept: 'application/json',
          'PRIVATE-TOKEN': this.config.token,
          ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      report('network-error');
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new RetryableFailure(`GitLab ${label} failed: ${timedOut ? `no answer within ${this.config.timeoutMs ?? 10_000} ms` : describeNetworkError(error)}`, undefined, null, false);
    }
    report(response.status);
    if (response.ok) {
      const body = parseJsonBody(req.schema, `GitLab ${label}`, response.status, text, undefined);
      return { status: response.status, body, headers: response.headers };
    }
    const vendorMessage = gitLabMessage(text);
    const said = vendorMessage ? `: ${vendorMessage}` : '';
    const hintMs = retryHintMs(response.headers, this.now());
    if (response.status === 429) throw new RetryableFailure(`GitLab is rate limiting ${label} (429)${said}`, 429, hintMs, true);
    if (response.status >= 500 || response.status === 408) throw new RetryableFailure(`GitLab ${label} failed with ${response.status}${said}`, response.status, hintMs, false);
    if (response.status === 401) {
      throw new GitLabRefusal(
        'auth',
        `GitLab rejected the token (401${said}): check GITLAB_TOKEN in the GitLab connection settings (an access token with the api scope); it may be mistyped, revoked or expired`,
        401,
        vendorMessage,
      );
    }
    if (response.status === 403) {
      throw new GitLabRefusal('auth', this.scrub(`GitLab refused ${label} (403${said}): the token needs the api scope and at least the Developer role in the project`), 403, vendorMessage);
    }
    throw new GitLabRefusal('rejected', this.scrub(`GitLab refused ${label} (${response.status})${said}`), response.status, vendorMessage);
  }

  scrub(message: string): string {
    return this.config.token ? message.split(this.config.token).join('[redacted]') : message;
  }
}

/**
 * GitLab's error body in one line: `{"message":"404 Project Not Found"}`,
 * `{"message":{"base":["Reference not found"]}}`, `{"error":"ref is missing"}`, or plain text.
 */
export function gitLabMessage(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return (title ?? trimmed).slice(0, 200);
  }
  if (!json || typeof json !== 'object') return '';
  const { message, error } = json as { message?: unknown; error?: unknown };
  if (typeof message === 'string') return message;
  if (typeof error === 'string') return error;
  if (message && typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .flatMap(([field, problems]) => (Array.isArray(problems) ? problems : [problems]).map((problem) => (field === 'base' ? String(problem) : `${field} ${String(problem)}`)))
      .join('; ');
  }
  return '';
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
