/**
 * Jira Service Management Cloud (the Service Desk API, the Jira platform REST API v3 and
 * Assets) over the shared transport (providers/http/transport.ts): Basic auth with email +
 * API token, and refusals said with what the request was doing and what to fix. The API
 * token only ever goes into the Authorization header: it is never logged and is scrubbed
 * from every error message.
 */
import type { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import {
  basicAuthorization,
  errorBodyText,
  HttpTransport,
  transportTuning,
  withQuery,
  type ClientTuning,
  type FailedAnswer,
  type QueryParams,
  type VendorDialect,
} from '../http/transport';
import { VendorRefusal } from '../http/vendor-refusal';
import { JiraErrorBody } from './schemas';

export const PRODUCT = 'Jira Service Management';

export interface JsmClientOptions extends ClientTuning {
  siteUrl: string;
  /** Where Assets lives: https://api.atlassian.com for Cloud sites, the site itself for the simulator. */
  assetsBaseUrl: string;
  email: string;
  apiToken: string;
}

export interface JsmRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: QueryParams;
  body?: unknown;
  schema: S;
  /** 'assets' sends the request to the Assets base URL. */
  api?: 'site' | 'assets';
  /** An experimental Service Desk route: sends `X-ExperimentalApi: opt-in` (without it Jira answers 412). */
  experimental?: boolean;
  /** What the request does, for messages: "update ITSM-42", "search requests". */
  action: string;
  /** What to do about a 403, e.g. which permission the integration user needs. */
  forbiddenHint?: string;
  /** What a 404 means here, e.g. "ITSM-42 does not exist or the integration user cannot see it". */
  notFoundHint?: string;
  /**
   * False for requests that must not be sent twice after an ambiguous failure (creating a
   * request or a comment): those are retried only on 429, which Jira answers before doing
   * anything. Defaults to true for GET and PUT, false for POST.
   */
  idempotent?: boolean;
}

/** A refusal from Jira, carrying what Jira itself said (errorMessages and field errors), for callers that rephrase it. */
export class JsmRefusal extends VendorRefusal {}

export class JsmClient {
  private readonly siteUrl: string;
  private readonly assetsBaseUrl: string;
  private readonly authorization: string;
  private readonly transport: HttpTransport;

  constructor(private readonly options: JsmClientOptions) {
    this.siteUrl = options.siteUrl.replace(/\/+$/, '');
    this.assetsBaseUrl = options.assetsBaseUrl.replace(/\/+$/, '');
    this.authorization = basicAuthorization(options.email, options.apiToken);
    this.transport = new HttpTransport({
      vendor: PRODUCT,
      dialect: jiraDialect,
      secrets: [options.apiToken, this.authorization.slice('Basic '.length)],
      giveUpNote: '; the console will try again',
      ...transportTuning(options),
    });
  }

  get site(): string {
    return this.siteUrl;
  }

  buildHeaders(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  buildUrl(path: string, query: QueryParams = [], api: 'site' | 'assets' = 'site'): string {
    return withQuery(`${api === 'assets' ? this.assetsBaseUrl : this.siteUrl}${path}`, query);
  }

  /** Sends one request, retrying transient failures; returns the validated body ({} for 204). */
  async request<S extends z.ZodType>(req: JsmRequest<S>): Promise<z.output<S>> {
    const hasBody = req.body !== undefined;
    const label = `${req.method} ${req.path}`;
    const { body } = await this.transport.request({
      method: req.method,
      url: this.buildUrl(req.path, req.query, req.api),
      label,
      headers: { ...this.buildHeaders(hasBody), ...(req.experimental ? { 'X-ExperimentalApi': 'opt-in' } : {}) },
      body: hasBody ? JSON.stringify(req.body) : undefined,
      schema: req.schema,
      idempotent: req.idempotent ?? req.method !== 'POST',
      refusal: (answer) => this.refusal(req, answer),
    });
    return body;
  }

  /** What Jira refused, said with what the request was doing and what to fix. */
  private refusal(req: JsmRequest<z.ZodType>, { status, vendorText, said, label }: FailedAnswer): Error {
    if (status === 401) {
      return new ProviderError(
        'auth',
        `${PRODUCT} rejected the credentials (401): check the email and API token (JIRA_EMAIL / JIRA_API_TOKEN, or the connection settings); the token may be mistyped, revoked or expired, or belong to another Atlassian account.`,
        401,
      );
    }
    if (status === 403) {
      const hint = req.forbiddenHint ?? `ask a Jira admin to give ${this.options.email} the permission it needs`;
      return new JsmRefusal(
        'auth',
        `${PRODUCT} refused to ${req.action} (403${vendorText ? ` ${vendorText}` : ''}): ${hint}.`,
        403,
        vendorText,
      );
    }
    if (status === 404) {
      return new JsmRefusal(
        'rejected',
        `${PRODUCT} could not ${req.action} (404${said}): ${req.notFoundHint ?? 'it does not exist or the integration user cannot see it'}.`,
        404,
        vendorText,
      );
    }
    if (status === 410) return new JsmRefusal('rejected', `${PRODUCT} no longer offers ${label} (410${said}).`, 410, vendorText);
    return new JsmRefusal('rejected', `${PRODUCT} refused to ${req.action} (${status}${said}).`, status, vendorText);
  }
}

/** Jira's error bodies; its refusals are read per request (JsmClient.refusal). */
const jiraDialect: VendorDialect = {
  errorText: jiraErrorText,
  refusal: ({ status, label, said }) => new JsmRefusal('rejected', `${PRODUCT} refused ${label} (${status}${said}).`, status, said),
};

/** One line from Jira's error body: its errorMessages and field errors ("priority: ..."). */
export function describeJiraError(text: string): string {
  return errorBodyText(text, jiraErrorText);
}

function jiraErrorText(json: unknown): string {
  const parsed = JiraErrorBody.safeParse(json);
  if (!parsed.success) return '';
  const { errorMessages = [], errors = {}, message, errorMessage } = parsed.data;
  const parts = [...errorMessages, ...Object.entries(errors).map(([field, value]) => `${field}: ${value}`)];
  if (message) parts.push(message);
  if (errorMessage) parts.push(errorMessage);
  return parts.join('; ');
}
