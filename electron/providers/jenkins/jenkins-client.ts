/**
 * Jenkins' remote access API over the shared transport (providers/http/transport.ts): Basic
 * auth with the user's API token, the CSRF crumb on POSTs (fetched from
 * /crumbIssuer/api/json once and again when Jenkins says it is no longer valid; a 404 there
 * means CSRF protection is off), and what Jenkins' refusals mean. The token is scrubbed
 * from every message.
 */
import type { z } from 'zod';
import {
  basicAuthorization,
  HttpTransport,
  htmlTitle,
  transportTuning,
  labelPath,
  urlUnder,
  withQuery,
  type VendorDialect,
} from '../http/transport';
import { VendorRefusal } from '../http/vendor-refusal';
import type { JenkinsConfig } from './config';
import { JkCrumb } from './mapper';

/** A refusal from Jenkins, with its own words (an exception line or the error page's text). */
export class JenkinsRefusal extends VendorRefusal {
  override name = 'JenkinsRefusal';
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
  /** 'text': the answer is plain text (a build's console), handed to the schema as it came. */
  bodyAs?: 'json' | 'text';
}

export interface JenkinsResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export class JenkinsClient {
  readonly rootUrl: string;
  private readonly transport: HttpTransport;
  /** undefined: not asked yet; null: CSRF protection is off. */
  private crumb: { field: string; value: string } | null | undefined = undefined;

  constructor(private readonly config: JenkinsConfig) {
    this.rootUrl = config.baseUrl.replace(/\/+$/, '');
    this.transport = new HttpTransport({
      vendor: 'Jenkins',
      dialect: jenkinsDialect,
      secrets: [config.apiToken, basicAuthorization(config.user, config.apiToken).slice('Basic '.length)],
      ...transportTuning(config),
    });
  }

  async request<S extends z.ZodType>(req: JenkinsRequest<S>): Promise<JenkinsResponse<z.output<S>>> {
    try {
      return await this.send(req);
    } catch (error) {
      if (!(error instanceof CrumbRefused)) throw error;
      // Crumbs expire with the session or a restart: Jenkins refused the request before acting on it, so ask for a fresh one once.
      this.crumb = undefined;
      try {
        return await this.send(req);
      } catch (again) {
        if (!(again instanceof CrumbRefused)) throw again;
        throw new JenkinsRefusal(
          'rejected',
          `Jenkins refused ${req.method} ${labelPath(req.path)}: No valid crumb was included in the request, even with a fresh crumb from /crumbIssuer/api/json`,
          403,
          again.message,
        );
      }
    }
  }

  /** Rethrows `error` unless it is transient with retries left after `attempt`, else waits before the next (HttpTransport.waitToRetry). */
  waitToRetry(error: unknown, attempt: number): Promise<void> {
    return this.transport.waitToRetry(error, attempt);
  }

  private async send<S extends z.ZodType>(req: JenkinsRequest<S>, maxRetries = req.maxRetries): Promise<JenkinsResponse<z.output<S>>> {
    const base = urlUnder(this.rootUrl, req.path, 'Jenkins', this.rootUrl);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: basicAuthorization(this.config.user, this.config.apiToken),
    };
    if (req.method === 'POST') Object.assign(headers, await this.crumbHeaders());
    if (req.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return this.transport.request({
      method: req.method,
      url: withQuery(base, req.query),
      label: `${req.method} ${labelPath(req.path)}`,
      headers,
      body: req.form ? new URLSearchParams(req.form).toString() : undefined,
      redirect: 'manual',
      schema: req.schema,
      emptyBody: undefined,
      idempotent: req.idempotent ?? req.method === 'GET',
      maxRetries,
      bodyAs: req.bodyAs,
    });
  }

  private async crumbHeaders(): Promise<Record<string, string>> {
    if (this.crumb === undefined) {
      try {
        const { body } = await this.send({ method: 'GET', path: '/crumbIssuer/api/json', schema: JkCrumb }, 0);
        this.crumb = { field: body.crumbRequestField, value: body.crumb };
      } catch (error) {
        if (error instanceof JenkinsRefusal && error.status === 404) this.crumb = null;
        else throw error;
      }
    }
    return this.crumb ? { [this.crumb.field]: this.crumb.value } : {};
  }
}

/** What Jenkins' refusals mean: a stale crumb, a 500 that is an argument Jenkins refused, 401/403 credentials and permissions. */
const jenkinsDialect: VendorDialect = {
  errorText: () => '',
  describeBody: (text) => jenkinsMessage(text),
  isRefusal: ({ status, text }) => status === 500 && /IllegalArgumentException|IllegalStateException/.test(text),
  refusal({ status, text, label, vendorText: vendorMessage, said }) {
    if (status === 403 && /no valid crumb/i.test(text)) return new CrumbRefused(vendorMessage);
    if (status === 401) {
      return new JenkinsRefusal(
        'auth',
        `Jenkins rejected the credentials (401${said}): check JENKINS_USER and JENKINS_API_TOKEN in the Jenkins connection settings; the token may be mistyped or revoked`,
        401,
        vendorMessage,
      );
    }
    if (status === 403)
      return new JenkinsRefusal(
        'auth',
        `Jenkins refused ${label} (403${said}): the user needs Job/Read and Job/Build permission on this job`,
        403,
        vendorMessage,
      );
    return new JenkinsRefusal('rejected', `Jenkins refused ${label} (${status})${said}`, status, vendorMessage);
  },
};

/** Jenkins' words from an error page: the exception line, the first paragraph, or the title. */
export function jenkinsMessage(text: string): string {
  const exception = /java\.lang\.\w+: ([^\n<]+)/.exec(text)?.[1];
  if (exception) return exception.trim();
  const paragraph = /<p>([^<]+)<\/p>/i.exec(text)?.[1];
  if (paragraph) return paragraph.trim().slice(0, 200);
  const title = htmlTitle(text);
  if (title) return title;
  return text.trim().slice(0, 200);
}
