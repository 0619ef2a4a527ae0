// The connections service: secrets go to the SecretStore only (never in an answer, never in
// settings.json), a stored secret only goes back to the address it was saved for, import
// and export round-trip without secrets, import problems name their line, and workspace
// connections (headless, demo) are read-only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { ContractFailure } from '../../../shared/contract';
import { requests } from '../../../shared/contract';
import type { ConnectionDraft } from '../../../shared/domain/connection-settings';
import { MemorySecretStore } from '../../../electron/engine/ports/secret-store';
import { SettingsStore } from '../../../electron/engine/settings-store';
import { ConnectionsService, workspaceConnectionsService } from '../../../electron/host/connections';
import { parseWorkspace } from '../../../electron/host/workspace';

const TOKEN = 'pd-TOKEN-7c1e4f9a2b';
const SN_PASSWORD = 'sn-PASSWORD-55aa91';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup(options: { check?: ConstructorParameters<typeof ConnectionsService>[0]['check'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'connections-'));
  dirs.push(dir);
  const path = join(dir, 'settings.json');
  const settings = new SettingsStore(path);
  const secrets = new MemorySecretStore();
  let next = 0;
  const check =
    options.check ??
    vi.fn(async (connection: ConnectionDraft) => ({ ok: true, message: `Signed in to ${connection.label}.`, account: 'Ada' }));
  const service = new ConnectionsService({ settings, secrets, source: { kind: 'editable' }, check, newId: () => `c${++next}` });
  const changes = vi.fn();
  service.onConnectionsChanged(changes);
  return { dir, path, settings, secrets, service, check, changes };
}

const pagerDuty = (overrides: Record<string, unknown> = {}) =>
  requests.saveConnection.input.parse({
    connection: {
      kind: 'pagerduty',
      label: 'Payments on call',
      baseUrl: 'https://api.pagerduty.com/',
      fromEmail: 'ada@example.com',
      ...overrides,
    },
  }).connection;

const serviceNow = () =>
  requests.saveConnection.input.parse({
    connection: {
      kind: 'servicenow',
      label: 'ServiceNow',
      instanceUrl: 'https://acme.service-now.com',
      authKind: 'basic',
      user: 'svc.oncall',
    },
  }).connection;

async function failure(promise: Promise<unknown>): Promise<ContractFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!error) throw new Error('expected the call to fail');
  return error as ContractFailure;
}

describe('ConnectionsService (editable, the desktop)', () => {
  it('stores the secret in the SecretStore only: not in the answer, the list or settings.json', async () => {
    const { service, secrets, path, changes } = setup();
    const saved = await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });
    expect(saved).toEqual({
      connection: expect.objectContaining({ id: 'c1', kind: 'pagerduty', baseUrl: 'https://api.pagerduty.com' }),
      hasSecret: true,
    });
    expect(await secrets.get('pagerduty:c1')).toBe(TOKEN);
    expect(changes).toHaveBeenCalledOnce();

    const listed = await service.listConnections();
    expect(listed).toEqual({ editable: true, note: null, connections: [saved] });
    const everything = JSON.stringify([saved, listed, await service.getSettings(), await service.exportWorkspace()]);
    expect(everything).not.toContain(TOKEN);
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).toContain('Payments on call');
    expect(onDisk).not.toContain(TOKEN);
    // Every answer fits the contract, so nothing extra slips through.
    expect(requests.listConnections.output.parse(listed)).toEqual(listed);
  });

  it('needs a secret for a new connection, and keeps the stored one when an edit leaves it out', async () => {
    const { service, secrets } = setup();
    expect((await failure(service.saveConnection({ connection: pagerDuty() }))).message).toMatch(/paste the token/);
    const saved = await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });
    const edited = await service.saveConnection({ connection: { ...pagerDuty({ label: 'Renamed' }), id: saved.connection.id } });
    expect(edited).toEqual({ connection: expect.objectContaining({ id: 'c1', label: 'Renamed' }), hasSecret: true });
    expect(await secrets.get('pagerduty:c1')).toBe(TOKEN);
    expect((await service.listConnections()).connections).toHaveLength(1);
  });

  it('tests with the typed secret, or the stored one, but sends a stored one only to the address it was saved for', async () => {
    const { service, check } = setup();
    await service.testConnection({ connection: pagerDuty(), secret: 'typed-secret' });
    expect(check).toHaveBeenLastCalledWith(expect.objectContaining({ baseUrl: 'https://api.pagerduty.com' }), 'typed-secret');
    const { connection } = await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });

    const result = await service.testConnection({ connection: { ...pagerDuty(), id: connection.id } });
    expect(result).toEqual({ ok: true, message: 'Signed in to Payments on call.', account: 'Ada' });
    expect(check).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'c1' }), TOKEN);

    const elsewhere = { ...pagerDuty({ baseUrl: 'https://attacker.example' }), id: connection.id };
    const refused = await failure(service.testConnection({ connection: elsewhere }));
    expect(refused.code).toBe('bad_request');
    expect(refused.message).toMatch(/address changed, so paste the token again/);
    expect(await failure(service.saveConnection({ connection: elsewhere }))).toMatchObject({ code: 'bad_request' });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('removes a connection with its secret', async () => {
    const { service, secrets, changes } = setup();
    const { connection } = await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });
    await service.removeConnection({ id: connection.id });
    expect(await secrets.get('pagerduty:c1')).toBeNull();
    expect((await service.listConnections()).connections).toEqual([]);
    expect(changes).toHaveBeenCalledTimes(2);
    expect((await failure(service.removeConnection({ id: connection.id }))).code).toBe('not_found');
  });

  it('exports a workspace without secrets that imports back to the same connections', async () => {
    const { service } = setup();
    await service.saveConnection({
      connection: pagerDuty({ scope: { teamIds: ['PT1'] }, incidentManagerPolicyIds: ['PEP9'] }),
      secret: TOKEN,
    });
    await service.saveConnection({ connection: serviceNow(), secret: SN_PASSWORD });
    await service.updateSettings({ automationHost: true });
    const exported = await service.exportWorkspace();
    expect(exported.fileName).toBe('oncall-workspace.yaml');
    expect(exported.yaml).not.toContain(TOKEN);
    expect(exported.yaml).not.toContain(SN_PASSWORD);
    expect(exported.yaml).not.toContain('ada@example.com');
    const workspace = parseWorkspace(exported.yaml, 'exported.yaml');
    expect(workspace).toMatchObject({
      name: 'Payments on call',
      paging: { baseUrl: 'https://api.pagerduty.com', scope: { teamIds: ['PT1'] } },
      incidentManagers: { escalationPolicyIds: ['PEP9'] },
      ticketing: { provider: 'servicenow', instanceUrl: 'https://acme.service-now.com' },
      automations: { enabled: true },
    });

    // A teammate imports it: same settings, no secrets, personal parts left to fill in.
    const teammate = setup();
    const imported = await teammate.service.importWorkspace({ yaml: exported.yaml });
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.connections.map((entry) => entry.hasSecret)).toEqual([false, false]);
    const [paging, ticketing] = imported.connections.map((entry) => entry.connection);
    expect(paging).toMatchObject({
      kind: 'pagerduty',
      label: 'Payments on call',
      fromEmail: '',
      scope: { teamIds: ['PT1'] },
      incidentManagerPolicyIds: ['PEP9'],
    });
    expect(ticketing).toMatchObject({ kind: 'servicenow', instanceUrl: 'https://acme.service-now.com', user: '' });
    expect(parse((await teammate.service.exportWorkspace()).yaml)).toEqual(parse(exported.yaml));
    expect(teammate.changes).toHaveBeenCalledOnce();
  });

  it('keeps the ids, personal parts and secrets of connections the imported file still names, and drops the others', async () => {
    const { service, secrets } = setup();
    await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });
    await service.saveConnection({ connection: serviceNow(), secret: SN_PASSWORD });
    const yaml = 'name: Shared\npaging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\n';
    const imported = await service.importWorkspace({ yaml });
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.connections).toEqual([
      { connection: expect.objectContaining({ id: 'c1', label: 'Shared', fromEmail: 'ada@example.com' }), hasSecret: true },
    ]);
    expect(await secrets.get('pagerduty:c1')).toBe(TOKEN);
    expect(await secrets.get('servicenow:c2')).toBeNull();
  });

  it('reports an import problem with its line and changes nothing', async () => {
    const { service, changes } = setup();
    await service.saveConnection({ connection: pagerDuty(), secret: TOKEN });
    changes.mockClear();
    const result = await service.importWorkspace({ yaml: 'name: Broken\npaging:\n  provider: pagerduty\n  baseUrl: not-a-url\n' });
    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining('workspace.yaml:4:12: paging.baseUrl: must be an http(s) URL'),
      problems: [{ line: 4, column: 12, problem: expect.stringContaining('paging.baseUrl') }],
    });
    const invalidYaml = await service.importWorkspace({ yaml: 'paging:\n  provider: [pagerduty\n' });
    expect(invalidYaml).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ line: expect.any(Number), problem: expect.stringContaining('invalid YAML') })],
    });
    expect((await service.listConnections()).connections).toHaveLength(1);
    expect(changes).not.toHaveBeenCalled();
  });

  it('says what to add before exporting an empty set', async () => {
    const { service } = setup();
    expect((await failure(service.exportWorkspace())).message).toMatch(/Add a PagerDuty connection first/);
  });

  it('updates the non-secret sections, and restarts only when the automation host changes', async () => {
    const { service, changes } = setup();
    const updated = await service.updateSettings({ launchAtLogin: true });
    expect(updated.launchAtLogin).toBe(true);
    expect(changes).not.toHaveBeenCalled();
    await service.updateSettings({ automationHost: true });
    expect(changes).toHaveBeenCalledOnce();
  });
});

describe('ConnectionsService (a workspace file or the demo: read-only)', () => {
  function readOnly() {
    const dir = mkdtempSync(join(tmpdir(), 'connections-ro-'));
    dirs.push(dir);
    const workspace = parseWorkspace(
      'name: Team\npaging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\nticketing:\n  provider: jira-service-management\n  siteUrl: https://acme.atlassian.net\n',
      'ws.yaml',
    );
    const check = vi.fn(async () => ({ ok: true, message: 'ok', account: null }));
    const service = workspaceConnectionsService({
      settings: new SettingsStore(join(dir, 'settings.json')),
      workspace,
      secrets: new MemorySecretStore({ 'pagerduty:pagerduty': TOKEN }),
      personal: { pagerDutyFrom: 'ada@example.com', jiraEmail: 'ada@example.com' },
      note: 'These come from ws.yaml and the environment.',
      check,
    });
    return { service, check };
  }

  it('lists the workspace connections with whether the environment has their secret', async () => {
    const { service } = readOnly();
    expect(await service.listConnections()).toEqual({
      editable: false,
      note: 'These come from ws.yaml and the environment.',
      connections: [
        { connection: expect.objectContaining({ id: 'pagerduty', kind: 'pagerduty', fromEmail: 'ada@example.com' }), hasSecret: true },
        { connection: expect.objectContaining({ id: 'jira-service-management', email: 'ada@example.com' }), hasSecret: false },
      ],
    });
  });

  it('refuses to change them, and to test with a typed secret, saying where they come from', async () => {
    const { service, check } = readOnly();
    const draft = requests.saveConnection.input.parse({
      connection: { id: 'pagerduty', kind: 'pagerduty', label: 'Team', fromEmail: 'ada@example.com' },
    }).connection;
    for (const attempt of [
      service.saveConnection({ connection: draft, secret: 'x'.repeat(8) }),
      service.removeConnection({ id: 'pagerduty' }),
      service.importWorkspace({ yaml: 'paging:\n  provider: pagerduty\n  baseUrl: https://api.pagerduty.com\n' }),
      service.testConnection({ connection: draft, secret: 'x'.repeat(8) }),
    ]) {
      const error = await failure(attempt);
      expect(error.code).toBe('bad_request');
      expect(error.message).toContain('read-only here. These come from ws.yaml');
    }
    expect(check).not.toHaveBeenCalled();
    await service.testConnection({ connection: { ...draft, label: 'Team' } });
    expect(check).toHaveBeenCalledWith(expect.objectContaining({ id: 'pagerduty' }), TOKEN);
  });

  it('still checks a workspace file and names the line of each problem', async () => {
    const { service } = readOnly();
    expect(
      await service.importWorkspace({ yaml: 'paging:\n  provider: pagerdooty\n  baseUrl: https://api.pagerduty.com\n' }),
    ).toMatchObject({
      ok: false,
      problems: [{ line: 2, column: 13, problem: 'paging.provider: must be "pagerduty" (got "pagerdooty")' }],
    });
  });

  it('exports the workspace it runs', async () => {
    const { service } = readOnly();
    const { yaml } = await service.exportWorkspace();
    expect(parseWorkspace(yaml, 'x.yaml')).toMatchObject({ name: 'Team', ticketing: { provider: 'jira-service-management' } });
    expect(yaml).not.toContain(TOKEN);
  });
});
