/**
 * A thin typed HTTP client for Jenkins' remote access API: Basic auth with the user's API
 * token, the CSRF crumb on POSTs (fetched from /crumbIssuer/api/json once and again when
 * Jenkins says it is no longer valid; a 404 there means CSRF protection is off), a
 * timeout on every request, retries with backoff and jitter for transient failures,
 * zod-validated answers and errors classified for the engine. The token is scrubbed from
 * every message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { retryHintMs } from '../http/backoff';
import { gaveUpAfter, retryWaitMs, withRetries, type RetryTiming } from '../http/retry-loop';
import type { JenkinsConfig } from './config';
import { JkCrumb } from './mapper';
import { parseJsonBody, RetryableFailure } from '../http/retryable-failure';

/** A refusal from Jenkins, with its own words (an exception line or the error page's text). */
export class JenkinsRefusal extends ProviderError {
  constructor(
    kind: 'auth' | 'rejected',
    message: string,
    status: number,
    readonly vendorMessage: string,
  ) {
    super(kind, message, status);
    this.name = 'JenkinsRefusal';
  }
}

class CrumbRefused extends Error {}

export interface JenkinsRequest<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** A path under the root (/job/dns-change/api/json) or an absolute URL on the same Jenkins. */
  path: string;
  query?: Array<[string, string]>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** The answer's shape; an empty body (201 from buildWithParameters) is parsed as undefined. */
  schema: S;
  idempotent?: boolean;
  maxRetries?: number;
}

export interface JenkinsResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export class JenkinsClient {
  readonly rootUrl: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** undefined: not asked yet; null: CSRF protection is off. */
  private crumb: { field: string; value: string } | null | undefined = undefined;

  constructor(private readonly config: JenkinsConfig) {
    this.rootUrl = config.baseUrl.replace(/\/+$/, '');
    this.now = config.now ?? Date.now;
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = config.random ?? Math.random;
  }

  async request<S extends z.ZodType>(req: JenkinsRequest<S>): Promise<JenkinsResponse<z.output<S>>> {
    const label = `${req.method} ${labelPath(req.path)}`;
    let crumbRetried = false;
    const attempt = async (): Promise<JenkinsResponse<z.output<S>>> => {
      try {
        return await this.attempt(req, label);
      } catch (error) {
        if (!(error instanceof CrumbRefused)) throw error;
        if (crumbRetried) {
          throw new JenkinsRefusal('rejected', `Jenkins refused ${label}: No valid crumb was included in the request, even with a fresh crumb from /crumbIssuer/api/json`, 403, error.message);
        }
        // Crumbs expire with the session or a restart: Jenkins refused the request before acting on it (not counted as a retry).
        crumbRetried = true;
        this.crumb = undefined;
        return attempt();
      }
    };
    return withRetries(attempt, {
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

  private async crumbHeaders(): Promise<Record<string, string>> {
    if (this.crumb === undefined) {
      try {
        const { body } = await this.attempt({ method: 'GET', path: '/crumbIssuer/api/json', schema: JkCrumb }, 'GET /crumbIssuer/api/json');
        this.crumb = { field: body.crumbRequestField, value: body.crumb };
      } catch (error) {
        if (error instanceof JenkinsRefusal && error.status === 404) this.crumb = null;
        else throw error;
      }
    }
    return this.crumb ? { [this.crumb.field]: this.crumb.value } : {};
  }

  private async attempt<S extends z.ZodType>(req: JenkinsRequest<S>, label: string): Promise<JenkinsResponse<z.output<S>>> {
    const search = new URLSearchParams(req.query ?? []);
    const base = req.path.startsWith('http') ? req.path : `${this.rootUrl}${req.path}`;
    if (!base.startsWith(`${this.rootUrl}/`)) throw new ProviderError('rejected', `Jenkins sent a link outside ${this.rootUrl} (${labelPath(base)}); refusing to follow it`);
    const url = `${base}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Basic ${Buffer.from(`${this.config.user}:${this.config.apiToken}`, 'utf8').toString('base64')}`,
    };
    if (req.method === 'POST') Object.assign(headers, await this.crumbHeaders());
    if (req.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const started = this.now();
    const report = (status: number | 'network-error') =>
      this.config.onRequest?.({ method: req.method, path: labelPath(req.path), status, durationMs: Math.max(0, this.now() - started) });
    let response: Response;
    let text: string;
    try {
      response = await (this.config.fetch ?? fetch)(url, {
        method: req.method,
        headers,
        body: req.form ? new URLSearchParams(req.form).toString() : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (error) {
      report('network-error');
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new RetryableFailure(`Jenkins ${label} failed: ${timedOut ? `no answer within ${this.config.timeoutMs ?? 10_000} ms` : describeNetworkError(error)}`, undefined, null, false);
    }
    report(response.status);
    if (response.status >= 200 && response.status < 300) {
      const body = parseJsonBody(req.schema, `Jenkins ${label}`, response.status, text.trim() === '' ? '' : text, undefined);
      return { status: response.status, body, headers: response.headers };
    }
    const vendorMessage = jenkinsMessage(text);
    const said = vendorMessage ? `: ${vendorMessage}` : '';
    const hintMs = retryHintMs(response.headers, this.now());
    if (response.status === 403 && /no valid crumb/i.test(text)) throw new CrumbRefused(vendorMessage);
    if (response.status === 429) throw new RetryableFailure(`Jenkins is rate limiting ${label} (429)${said}`, 429, hintMs, true);
    if (response.status === 500 && /IllegalArgumentException|IllegalStateException/.test(text)) {
      throw new JenkinsRefusal('rejected', this.scrub(`Jenkins refused ${label} (500)${said}`), 500, vendorMessage);
    }
    if (response.status >= 500 || response.status === 408) throw new RetryableFailure(`Jenkins ${label} failed with ${response.status}${said}`, response.status, hintMs, false);
    if (response.status === 401) {
      throw new JenkinsRefusal(
        'auth',
        this.scrub(`Jenkins rejected the credentials (401${said}): check JENKINS_USER and JENKINS_API_TOKEN in the Jenkins connection settings; the token may be mistyped or revoked`),
        401,
        vendorMessage,
      );
    }
    if (response.status === 403) {
      throw new JenkinsRefusal('auth', this.scrub(`Jenkins refused ${label} (403${said}): the user needs Job/Read and Job/Build permission on this job`), 403, vendorMessage);
    }
    throw new JenkinsRefusal('rejected', this.scrub(`Jenkins refused ${label} (${response.status})${said}`), response.status, vendorMessage);
  }

  scrub(message: string): string {
    return this.config.apiToken ? message.split(this.config.apiToken).join('[redacted]') : message;
  }
}

/** Jenkins' words from an error page: the exception line, the first paragraph, or the title. */
export function jenkinsMessage(text: string): string {
  const exception = /java\.lang\.\w+: ([^\n<]+)/.exec(text)?.[1];
  if (exception) return exception.trim();
  const paragraph = /<p>([^<]+)<\/p>/i.exec(text)?.[1];
  if (paragraph) return paragraph.trim().slice(0, 200);
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  if (title) return title.trim();
  return text.trim().slice(0, 200);
}

function labelPath(path: string): string {
  const withoutOrigin = path.replace(/^https?:\/\/[^/]+/, '');
  return withoutOrigin.split('?')[0] ?? withoutOrigin;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  return code ? `${error.message} (${code})` : error.message;
}
