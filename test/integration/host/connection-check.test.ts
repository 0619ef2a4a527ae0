// "Test" on the Connections page against real HTTP: the PagerDuty and ServiceNow
// simulators (accepting only the given secrets) and a tiny GitHub stand-in on 127.0.0.1.
// A good secret says who it belongs to; a refused one says so, without the secret.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionDraft } from '../../../shared/domain/connection-settings';
import { checkConnection, scrubSecret } from '../../../electron/host/connection-check';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { INTEGRATION_USER_NAME, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { startJiraServiceManagementSimulator } from '../../../electron/simulators/jira-service-management';

const PD_TOKEN = 'pd-check-token-91ab';
const SN_PASSWORD = 'sn-check-password-27cd';
const GH_TOKEN = 'ghp_checktoken0123456789';

let pagerDuty: PagerDutySimulator;
let serviceNow: ServiceNowSimulator;
let gitHub: Server;
let gitHubUrl: string;
const gitHubRequests: { path: string | undefined; authorization: string | undefined }[] = [];

beforeAll(async () => {
  pagerDuty = await startPagerDutySimulator({ seedIncidents: 1, validTokens: [PD_TOKEN] });
  serviceNow = await startServiceNowSimulator({
    validCredentials: [{ kind: 'basic', user: INTEGRATION_USER_NAME, password: SN_PASSWORD }],
  });
  gitHub = createServer((req, res) => {
    gitHubRequests.push({ path: req.url, authorization: req.headers.authorization });
    if (req.url !== '/user') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${GH_TOKEN}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ login: 'octocat', name: 'The Octocat', id: 1 }));
  });
  await new Promise<void>((resolve) => gitHub.listen(0, '127.0.0.1', resolve));
  gitHubUrl = `http://127.0.0.1:${(gitHub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([pagerDuty.close(), serviceNow.close(), new Promise((resolve) => gitHub.close(resolve))]);
});

const draft = (input: unknown) => ConnectionDraft.parse(input);

describe('checkConnection', () => {
  it('PagerDuty: GET /users/me says whose token it is; another token is refused', async () => {
    const connection = draft({ kind: 'pagerduty', label: 'Payments', baseUrl: pagerDuty.baseUrl, fromEmail: 'ada@example.com' });
    const good = await checkConnection(connection, PD_TOKEN, { timeoutMs: 5_000 });
    const me = pagerDuty.state.me;
    expect(good).toEqual({ ok: true, message: `Signed in to Payments as ${me.name} <${me.email}>.`, account: `${me.name} <${me.email}>` });
    expect(pagerDuty.requests.some((request) => request.path === '/users/me')).toBe(true);

    const bad = await checkConnection(connection, 'pd-wrong-token-0000', { timeoutMs: 5_000 });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/^Payments refused the credentials/);
    expect(bad.message).not.toContain('pd-wrong-token-0000');
  });

  it('ServiceNow: basic auth signs in as the integration user; a wrong password is refused', async () => {
    const connection = draft({
      kind: 'servicenow',
      label: 'ServiceNow',
      instanceUrl: serviceNow.baseUrl,
      authKind: 'basic',
      user: INTEGRATION_USER_NAME,
    });
    const good = await checkConnection(connection, SN_PASSWORD, { timeoutMs: 5_000 });
    expect(good).toMatchObject({ ok: true, message: expect.stringMatching(/^Signed in to ServiceNow as /) });
    const bad = await checkConnection(connection, 'not-the-password', { timeoutMs: 5_000 });
    expect(bad).toMatchObject({ ok: false, account: null });
    expect(bad.message).not.toContain('not-the-password');
  });

  it('Jira Service Management: the API token signs in as the Atlassian account', async () => {
    const jira = await startJiraServiceManagementSimulator({
      validCredentials: [{ email: 'oncall-console@example.com', apiToken: 'jira-check-token' }],
    });
    try {
      const connection = draft({
        kind: 'jira-service-management',
        label: 'Jira',
        siteUrl: jira.baseUrl,
        email: 'oncall-console@example.com',
      });
      expect(await checkConnection(connection, 'jira-check-token', { timeoutMs: 5_000 })).toMatchObject({
        ok: true,
        message: expect.stringMatching(/^Signed in to Jira as /),
      });
      const bad = await checkConnection(connection, 'jira-wrong-token', { timeoutMs: 5_000 });
      expect(bad).toMatchObject({ ok: false });
      expect(bad.message).not.toContain('jira-wrong-token');
    } finally {
      await jira.close();
    }
  });

  it('GitHub: GET /user with the token as a Bearer credential', async () => {
    const connection = draft({ kind: 'github', label: 'GitHub', apiUrl: gitHubUrl });
    expect(await checkConnection(connection, GH_TOKEN, { timeoutMs: 5_000 })).toEqual({
      ok: true,
      message: 'Signed in to GitHub as The Octocat (octocat).',
      account: 'The Octocat (octocat)',
    });
    expect(gitHubRequests.at(-1)).toEqual({ path: '/user', authorization: `Bearer ${GH_TOKEN}` });
    const bad = await checkConnection(connection, 'ghp_wrong', { timeoutMs: 5_000 });
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('GitHub refused the token (401)'), account: null });
  });

  it('reports an address nobody answers at', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await checkConnection(draft({ kind: 'github', label: 'GitHub', apiUrl: `http://127.0.0.1:${port}` }), GH_TOKEN, {
      timeoutMs: 2_000,
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('could not be reached') });
  });
});

describe('scrubSecret', () => {
  it('replaces the secret raw, base64 and URL-encoded', () => {
    const secret = 'a b/c+d=e';
    const text = `raw ${secret} b64 ${Buffer.from(secret).toString('base64')} url ${encodeURIComponent(secret)}`;
    expect(scrubSecret(text, secret)).toBe('raw [secret] b64 [secret] url [secret]');
  });
});
