/**
 * GitLab's REST API v4 over the shared transport (providers/http/transport.ts): the
 * PRIVATE-TOKEN header and what GitLab's refusals mean. The token is scrubbed from every
 * message.
 */
import type { z } from 'zod';
import { errorBodyText, HttpTransport, transportTuning, withQuery, type VendorDialect } from '../http/transport';
import { VendorRefusal } from '../http/vendor-refusal';
import type { GitLabConfig } from './config';

/** A refusal from GitLab (4xx other than 429), with GitLab's own message for the provider to reword. */
export class GitLabRefusal extends VendorRefusal {
  override name = 'GitLabRefusal';
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
  /** 'text': the answer is plain text (a job's trace), handed to the schema as it came. */
  bodyAs?: 'json' | 'text';
}

export class GitLabClient {
  readonly apiUrl: string;
  private readonly transport: HttpTransport;

  constructor(private readonly config: GitLabConfig) {
    this.apiUrl = `${config.baseUrl.replace(/\/+$/, '')}/api/v4`;
    this.transport = new HttpTransport({
      vendor: 'GitLab',
      dialect: gitLabDialect,
      secrets: [config.token],
      ...transportTuning(config),
    });
  }

  async request<S extends z.ZodType>(req: GitLabRequest<S>): Promise<{ status: number; body: z.output<S>; headers: Headers }> {
    return this.transport.request({
      method: req.method,
      url: withQuery(`${this.apiUrl}${req.path}`, req.query),
      label: `${req.method} ${req.path}`,
      headers: {
        Accept: req.bodyAs === 'text' ? 'text/plain' : 'application/json',
        'PRIVATE-TOKEN': this.config.token,
        ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      schema: req.schema,
      emptyBody: undefined,
      idempotent: req.idempotent ?? req.method === 'GET',
      maxRetries: req.maxRetries,
      bodyAs: req.bodyAs,
    });
  }

  /** Rethrows `error` unless it is transient with retries left after `attempt`, else waits before the next (HttpTransport.waitToRetry). */
  waitToRetry(error: unknown, attempt: number): Promise<void> {
    return this.transport.waitToRetry(error, attempt);
  }
}

/** What GitLab's refusals mean: 401 a bad token, 403 a missing scope or role, other 4xx the request itself. */
const gitLabDialect: VendorDialect = {
  errorText: gitLabErrorText,
  refusal({ status, label, said, vendorText }) {
    if (status === 401) {
      return new GitLabRefusal(
        'auth',
        `GitLab rejected the token (401${said}): check GITLAB_TOKEN in the GitLab connection settings (an access token with the api scope); it may be mistyped, revoked or expired`,
        401,
        vendorText,
      );
    }
    if (status === 403) {
      return new GitLabRefusal(
        'auth',
        `GitLab refused ${label} (403${said}): the token needs the api scope and at least the Developer role in the project`,
        403,
        vendorText,
      );
    }
    return new GitLabRefusal('rejected', `GitLab refused ${label} (${status})${said}`, status, vendorText);
  },
};

/**
 * GitLab's error body in one line: `{"message":"404 Project Not Found"}`,
 * `{"message":{"base":["Reference not found"]}}`, `{"error":"ref is missing"}`, or plain text.
 */
export function gitLabMessage(text: string): string {
  return errorBodyText(text, gitLabErrorText);
}

function gitLabErrorText(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const { message, error } = json as { message?: unknown; error?: unknown };
  if (typeof message === 'string') return message;
  if (typeof error === 'string') return error;
  if (message && typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .flatMap(([field, problems]) =>
        (Array.isArray(problems) ? problems : [problems]).map((problem) =>
          field === 'base' ? String(problem) : `${field} ${String(problem)}`,
        ),
      )
      .join('; ');
  }
  return '';
}
