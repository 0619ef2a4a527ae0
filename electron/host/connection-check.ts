/**
 * "Test" on the Connections page: signs in to the system with the connection's settings
 * and secret and says who the secret belongs to. PagerDuty asks GET /users/me, ServiceNow
 * the sys_user of the session, Jira Service Management /myself, GitHub GET /user (a tiny
 * fetch here; the GitHub provider comes later). Splunk On-Call's API key belongs to the
 * organisation, so its Test names the API ID and the user the console acts as (GET
 * /user/{username}), and says which field to fix: the API ID and key, or the username.
 * No retries: a person is waiting.
 *
 * Messages never carry the secret: whatever a vendor or a library says is scrubbed of
 * it (raw, base64 and URL-encoded) before it leaves.
 */
import { z } from 'zod';
import type { ConnectionDraft } from '../../shared/domain/connection-settings';
import { ProviderError } from '../engine/ports';
import { createJiraServiceManagementProvider } from '../providers/jira-service-management';
import { createPagerDutyProvider } from '../providers/pagerduty';
import { createServiceNowProvider } from '../providers/servicenow';
import { createSplunkOnCallProvider } from '../providers/splunk-on-call';
import { serviceNowAuth } from './workspace-connections';
import { errorText } from '../../shared/error-text';

export interface CheckResult {
  ok: boolean;
  message: string;
  /** Who the secret belongs to, e.g. "Ada Lovelace <ada@example.com>". */
  account: string | null;
}

export interface CheckOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Signs in with the connection's settings and secret; never throws. */
export async function checkConnection(connection: ConnectionDraft, secret: string, options: CheckOptions = {}): Promise<CheckResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    const account = await whoIs(connection, secret, timeoutMs, options.fetch);
    if (connection.kind === 'splunk-on-call') {
      const message = `Signed in to ${connection.label} (the organisation's API key, API ID ${connection.apiId}) as ${account}, the user the console acts as.`;
      return { ok: true, message, account };
    }
    return { ok: true, message: `Signed in to ${connection.label} as ${account}.`, account };
  } catch (error) {
    return { ok: false, message: scrubSecret(explain(connection, error), secret), account: null };
  }
}

async function whoIs(connection: ConnectionDraft, secret: string, timeoutMs: number, fetchImpl?: typeof fetch): Promise<string> {
  switch (connection.kind) {
    case 'pagerduty': {
      const provider = createPagerDutyProvider({
        baseUrl: connection.baseUrl,
        token: secret,
        from: connection.fromEmail,
        scope: {},
        timeoutMs,
        maxRetries: 0,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      const me = await provider.whoAmI();
      return `${me.name} <${me.email}>`;
    }
    case 'splunk-on-call': {
      const provider = createSplunkOnCallProvider({
        apiUrl: connection.apiUrl,
        apiId: connection.apiId,
        apiKey: secret,
        username: connection.username,
        timeoutMs,
        maxRetries: 0,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      const me = await provider.whoAmI();
      return `${me.name} (${me.id})`;
    }
    case 'servicenow': {
      const provider = createServiceNowProvider({
        instanceUrl: connection.instanceUrl,
        auth: serviceNowAuth(connection, secret),
        timeoutMs,
        maxRetries: 0,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      const me = await provider.whoAmI();
      return me.email ? `${me.name} <${me.email}>` : me.name;
    }
    case 'jira-service-management': {
      const provider = createJiraServiceManagementProvider({
        siteUrl: connection.siteUrl,
        email: connection.email,
        apiToken: secret,
        projectKey: connection.projectKey,
        serviceDeskId: connection.serviceDeskId,
        requestTypeName: connection.requestTypeName,
        timeoutMs,
        maxRetries: 0,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      const me = await provider.whoAmI();
      return me.email ? `${me.name} <${me.email}>` : me.name;
    }
    case 'github':
      return gitHubUser(connection.apiUrl, secret, timeoutMs, fetchImpl ?? fetch);
  }
}

const GitHubUser = z.object({ login: z.string().min(1), name: z.string().nullable().optional() });

/** GET /user with the token; the login (and name) it belongs to. */
async function gitHubUser(apiUrl: string, token: string, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(`${apiUrl}/user`, {
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'oncall-console',
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ProviderError('transient', `GitHub could not be reached at ${apiUrl}: ${errorText(error)}`);
  }
  if (response.status === 401)
    throw new ProviderError('auth', 'GitHub refused the token (401): check it has not expired or been revoked.', 401);
  if (response.status === 403)
    throw new ProviderError('auth', 'GitHub refused the token (403): it may lack access, or the rate limit is spent.', 403);
  if (!response.ok) throw new ProviderError('rejected', `GitHub answered GET /user with HTTP ${response.status}.`, response.status);
  const parsed = GitHubUser.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ProviderError('rejected', `GitHub's answer to GET /user is not a user: is ${apiUrl} a GitHub API URL?`);
  return parsed.data.name ? `${parsed.data.name} (${parsed.data.login})` : parsed.data.login;
}

function explain(connection: ConnectionDraft, error: unknown): string {
  const message = errorText(error);
  if (connection.kind === 'splunk-on-call' && error instanceof ProviderError) {
    const refusal = explainSplunkOnCallRefusal(connection, error);
    if (refusal) return refusal;
  }
  if (error instanceof ProviderError && error.kind === 'auth') return `${connection.label} refused the credentials: ${message}`;
  return `Could not sign in to ${connection.label}: ${message}`;
}

/**
 * Splunk On-Call's refusals in the form's words: 401 (the API ID or key missing) and 403
 * (not a rate limit: the pair refused) point at the API ID and API key; a 404 for the user
 * means the key was accepted and the username is unknown. Null for anything else.
 */
function explainSplunkOnCallRefusal(connection: Extract<ConnectionDraft, { kind: 'splunk-on-call' }>, error: ProviderError): string | null {
  const where = 'Splunk On-Call -> Integrations -> API';
  if (error.kind === 'auth' && error.status === 401)
    return `${connection.label} refused the sign-in (401: the API ID or API key is missing): enter both, as shown in ${where}.`;
  if (error.kind === 'auth')
    return `${connection.label} refused the API ID and API key (${error.status ?? 'refused'}): check the API ID "${connection.apiId}" and the API key against ${where}.`;
  if (error.status === 404)
    return `${connection.label} accepted the API ID and key but knows no user "${connection.username}": set Username to your Splunk On-Call username (as on your profile).`;
  return null;
}

/** The text with every form of the secret (raw, base64 alone or after `user:`, URL-encoded) replaced. */
export function scrubSecret(text: string, secret: string): string {
  if (secret.length < 4) return text;
  const forms = new Set([secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]);
  let scrubbed = text;
  for (const form of forms) scrubbed = scrubbed.split(form).join('[secret]');
  return scrubbed;
}
