// The desktop host on a PagerDuty and a Splunk On-Call connection saved through the contract
// (as Settings -> Connections does), secrets in memory, against the PagerDuty and Splunk
// On-Call simulators over real HTTP (each accepting only its own secret): after the restart
// the queue holds both platforms' incidents, the Splunk On-Call API key was read from the
// SecretStore account splunk-on-call:<id>, and it is in neither settings.json nor the logs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../electron/engine/ports/secret-store';
import { startDesktopHost, type DesktopHost } from '../../../electron/host/desktop-host';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';
import { waitFor } from '../../support/wait-for';

const PD_TOKEN = 'pd-desktop-token-5e6f7a';
const API_ID = 'acme-4f2e';
const API_KEY = 'soc-desktop-key-9b8c7d6e';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('startDesktopHost with a Splunk On-Call connection', () => {
  it('runs PagerDuty and Splunk On-Call in one queue, the API key from the SecretStore only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'oncall-desktop-soc-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const pagerDuty: PagerDutySimulator = await startPagerDutySimulator({ seedIncidents: 3, validTokens: [PD_TOKEN] });
    cleanups.push(() => pagerDuty.close());
    const splunkOnCall: SplunkOnCallSimulator = await startSplunkOnCallSimulator({ credentials: [{ apiId: API_ID, apiKey: API_KEY }] });
    cleanups.push(() => splunkOnCall.close());

    const logs: string[] = [];
    const secrets = new MemorySecretStore();
    const host: DesktopHost = await startDesktopHost({
      demo: true,
      dataDir: join(root, 'demo'),
      settingsDir: join(root, 'state'),
      env: {},
      secrets,
      demoIncidents: 2,
      demoNewIncidentEveryMs: 0,
      log: (line) => logs.push(line),
    });
    cleanups.push(() => host.close());

    await host.engine.saveConnection({
      connection: { kind: 'pagerduty', label: 'Payments', baseUrl: pagerDuty.baseUrl, fromEmail: pagerDuty.state.me.email },
      secret: PD_TOKEN,
    });
    const username = splunkOnCall.state.users[0]!.username;
    const splunkConnection = {
      kind: 'splunk-on-call' as const,
      label: 'Acme on Splunk',
      apiUrl: splunkOnCall.apiUrl,
      apiId: API_ID,
      username,
    };
    const tested = await host.engine.testConnection({ connection: splunkConnection, secret: API_KEY });
    expect(tested).toMatchObject({ ok: true, message: expect.stringContaining(`API ID ${API_ID}`) });
    const { connection: saved } = await host.engine.saveConnection({ connection: splunkConnection, secret: API_KEY });
    expect(await secrets.get(`splunk-on-call:${saved.id}`)).toBe(API_KEY);
    await host.restart();

    const snapshot = await host.engine.getSnapshot({});
    expect(snapshot.workspace).toMatchObject({ demo: false, name: 'Payments' });
    await host.engine.ready();
    await waitFor(
      'incidents of both platforms in the queue',
      async () => {
        const providers = new Set((await host.engine.getSnapshot({})).incidents.map((incident) => incident.provider));
        return providers.has('pagerduty') && providers.has('splunk-on-call');
      },
      { timeoutMs: 15_000, describe: () => logs.join('\n') },
    );
    // The key went with the API ID, and the queue's reads were done with it.
    const read = splunkOnCall.requests.find((request) => request.route === 'GET /api-public/v1/incidents');
    expect(read?.headers['x-vo-api-id']).toBe(API_ID);

    const settings = readFileSync(join(root, 'state', 'settings.json'), 'utf8');
    expect(settings).toContain('"kind": "splunk-on-call"');
    expect(settings).not.toContain(API_KEY);
    expect(logs.join('\n')).not.toContain(API_KEY);
  });
});
