// The Splunk On-Call connection in a workspace, both ways: beside a PagerDuty connection it
// becomes the workspace's second paging platform (paging + morePaging, exactly as a file's
// `paging` list parses), alone it makes no workspace (PagerDuty comes first), the YAML export
// names it in the list form and imports back to the same connection, and the desktop's run
// takes its API key from the SecretStore under `splunk-on-call:<id>`, never from the settings.
// Through the connections service: the key is stored in the SecretStore only, and a stored
// key is only sent with the API ID and to the API URL it was saved for.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requests } from '../../../shared/contract';
import { Connection, type ConnectionDraft } from '../../../shared/domain/connection-settings';
import { MemorySecretStore } from '../../../electron/engine/ports/secret-store';
import { SettingsStore } from '../../../electron/engine/settings-store';
import { ConnectionsService } from '../../../electron/host/connections';
import { parseWorkspace } from '../../../electron/host/workspace';
import {
  connectionsFromWorkspace,
  resolveDesktopWorkspace,
  workspaceFromConnections,
  workspaceToYaml,
} from '../../../electron/host/workspace-connections';

const API_KEY = 'soc-KEY-4e1b77c2a9';
const PD_TOKEN = 'pd-TOKEN-0b3f5d';

const pagerDuty = Connection.parse({ id: 'pd1', kind: 'pagerduty', label: 'Payments on call', fromEmail: 'ada@example.com' });
const splunkOnCall = Connection.parse({
  id: 'soc1',
  kind: 'splunk-on-call',
  label: 'Acme on Splunk',
  apiUrl: 'https://api.victorops.com/',
  apiId: 'acme-4f2e',
  username: 'ada',
  orgSlug: 'acme',
  requestTimeoutSeconds: 15,
});

/** The same platforms as a workspace file writes them: `paging` as a list, PagerDuty first. */
const FILE = `name: Payments on call
paging:
  - provider: pagerduty
    baseUrl: https://api.pagerduty.com
  - provider: splunk-on-call
    apiUrl: https://api.victorops.com
    orgSlug: acme
    requestTimeoutSeconds: 15
`;

describe('workspaceFromConnections with Splunk On-Call', () => {
  it('PagerDuty then Splunk On-Call: paging and morePaging exactly as the list form of a file parses', () => {
    const workspace = workspaceFromConnections([splunkOnCall, pagerDuty], false);
    expect(workspace).toEqual(parseWorkspace(FILE, 'workspace.yaml'));
    expect(workspace?.morePaging).toEqual([
      { provider: 'splunk-on-call', apiUrl: 'https://api.victorops.com', orgSlug: 'acme', requestTimeoutSeconds: 15 },
    ]);
  });

  it('a Splunk On-Call connection alone makes no workspace: PagerDuty comes first', () => {
    expect(workspaceFromConnections([splunkOnCall], false)).toBeNull();
  });

  it('exports the list form, which imports back to the same connection (id, API ID and username kept)', () => {
    const workspace = workspaceFromConnections([pagerDuty, splunkOnCall], false)!;
    const yaml = workspaceToYaml(workspace);
    expect(yaml).toContain('SPLUNK_ONCALL_API_KEY');
    expect(yaml).not.toContain('morePaging');
    expect(yaml).not.toContain('acme-4f2e');
    expect(parseWorkspace(yaml, 'exported.yaml')).toEqual(workspace);

    const back = connectionsFromWorkspace(parseWorkspace(yaml, 'exported.yaml'), [pagerDuty, splunkOnCall], (kind) => `new-${kind}`);
    expect(back.map((connection) => connection.id)).toEqual(['pd1', 'soc1']);
    expect(back[1]).toEqual(splunkOnCall);
  });

  it('a teammate importing it gets the platform with the API ID and username to fill in (or from the environment)', () => {
    const workspace = parseWorkspace(FILE, 'workspace.yaml');
    const [, blank] = connectionsFromWorkspace(workspace, [], (kind) => `new-${kind}`);
    expect(blank).toEqual({
      id: 'new-splunk-on-call',
      kind: 'splunk-on-call',
      label: 'Splunk On-Call',
      apiUrl: 'https://api.victorops.com',
      apiId: '',
      username: '',
      orgSlug: 'acme',
      requestTimeoutSeconds: 15,
    });
    const [, filled] = connectionsFromWorkspace(workspace, [], (kind) => kind, {
      splunkOnCallApiId: 'acme-4f2e',
      splunkOnCallUsername: 'ada',
    });
    expect(filled).toMatchObject({ id: 'splunk-on-call', apiId: 'acme-4f2e', username: 'ada' });
    expect(Connection.parse(filled)).toEqual(filled);
  });
});

describe('resolveDesktopWorkspace with Splunk On-Call', () => {
  it('takes the API key from the SecretStore account splunk-on-call:<id>, beside the PagerDuty token', async () => {
    const secrets = new MemorySecretStore({ 'pagerduty:pd1': PD_TOKEN, 'splunk-on-call:soc1': API_KEY });
    const resolved = await resolveDesktopWorkspace([pagerDuty, splunkOnCall], false, secrets);
    expect(resolved?.splunkOnCall).toEqual({ apiId: 'acme-4f2e', apiKey: API_KEY, username: 'ada' });
    expect(resolved?.workspace.morePaging).toHaveLength(1);
    // The workspace itself (what is exported, logged or shown) carries no secret.
    expect(JSON.stringify(resolved?.workspace)).not.toContain(API_KEY);
  });

  it('runs PagerDuty alone while the Splunk On-Call connection has no stored key, API ID or username', async () => {
    const noKey = await resolveDesktopWorkspace([pagerDuty, splunkOnCall], false, new MemorySecretStore({ 'pagerduty:pd1': PD_TOKEN }));
    expect(noKey).toMatchObject({ splunkOnCall: null });
    expect(noKey?.workspace.morePaging).toBeUndefined();

    const incomplete = { ...splunkOnCall, username: '' };
    const secrets = new MemorySecretStore({ 'pagerduty:pd1': PD_TOKEN, 'splunk-on-call:soc1': API_KEY });
    expect(await resolveDesktopWorkspace([pagerDuty, incomplete], false, secrets)).toMatchObject({ splunkOnCall: null });
  });

  it('opens nothing on a Splunk On-Call connection alone (the desktop then shows the demo)', async () => {
    const secrets = new MemorySecretStore({ 'splunk-on-call:soc1': API_KEY });
    expect(await resolveDesktopWorkspace([splunkOnCall], false, secrets)).toBeNull();
  });
});

describe('ConnectionsService with a Splunk On-Call connection (the desktop)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'splunk-connections-'));
    dirs.push(dir);
    const settingsPath = join(dir, 'settings.json');
    const secrets = new MemorySecretStore();
    const check = vi.fn(async (connection: ConnectionDraft, _secret: string) => ({
      ok: true,
      message: `Signed in to ${connection.label}.`,
      account: 'Ada',
    }));
    let next = 0;
    const service = new ConnectionsService({
      settings: new SettingsStore(settingsPath),
      secrets,
      source: { kind: 'editable' },
      check,
      newId: () => `c${++next}`,
    });
    return { settingsPath, secrets, service, check };
  }

  const draft = (connection: Record<string, unknown>) => requests.saveConnection.input.parse({ connection }).connection;
  const splunkDraft = draft({ kind: 'splunk-on-call', label: 'Acme on Splunk', apiId: 'acme-4f2e', username: 'ada' });

  it('keeps the API key in the SecretStore only, and exports PagerDuty and Splunk On-Call as a paging list', async () => {
    const { settingsPath, secrets, service } = setup();
    await service.saveConnection({
      connection: draft({ kind: 'pagerduty', label: 'Payments', fromEmail: 'ada@example.com' }),
      secret: PD_TOKEN,
    });
    const saved = await service.saveConnection({ connection: splunkDraft, secret: API_KEY });
    expect(saved).toEqual({ connection: expect.objectContaining({ id: 'c2', kind: 'splunk-on-call' }), hasSecret: true });
    expect(await secrets.get('splunk-on-call:c2')).toBe(API_KEY);
    expect(readFileSync(settingsPath, 'utf8')).not.toContain(API_KEY);
    expect(JSON.stringify(await service.listConnections())).not.toContain(API_KEY);

    const { yaml } = await service.exportWorkspace();
    expect(yaml).not.toContain(API_KEY);
    expect(parseWorkspace(yaml, 'exported.yaml').morePaging).toEqual([
      { provider: 'splunk-on-call', apiUrl: 'https://api.victorops.com', requestTimeoutSeconds: 10 },
    ]);
  });

  it('tests with the stored key only for the API ID and API URL it was saved for', async () => {
    const { service, check } = setup();
    const { connection } = await service.saveConnection({ connection: splunkDraft, secret: API_KEY });
    if (connection.kind !== 'splunk-on-call') throw new Error('expected the Splunk On-Call connection back');
    await service.testConnection({ connection: { ...connection, username: 'grace' } });
    expect(check).toHaveBeenLastCalledWith(expect.objectContaining({ username: 'grace' }), API_KEY);
    await expect(service.testConnection({ connection: { ...connection, apiId: 'other-org' } })).rejects.toThrow(
      /the address changed, so paste the API key again/,
    );
    await expect(service.testConnection({ connection: { ...connection, apiUrl: 'http://127.0.0.1:9' } })).rejects.toThrow(
      /the address changed, so paste the API key again/,
    );
  });

  it('says why a Splunk On-Call connection alone exports no workspace', async () => {
    const { service } = setup();
    await service.saveConnection({ connection: splunkDraft, secret: API_KEY });
    await expect(service.exportWorkspace()).rejects.toThrow(
      'Add a PagerDuty connection first: a workspace file is built around one (Splunk On-Call runs beside PagerDuty for now).',
    );
  });
});
