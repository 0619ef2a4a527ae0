import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRoute, type ConsoleEvent } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Incident } from '../../../shared/domain/incident';
import { startConsoleHost } from '../../../electron/host/console-host';
import { DEMO_SPLUNK_ON_CALL_CREDENTIALS } from '../../../electron/host/demo-setup';
import type { ConsoleHost } from '../../../electron/host/types';
import { startHttpHost, type HttpHost } from '../../../electron/server';
import { waitFor } from '../../support/wait-for';
import { openEventStream } from '../../unit/server/sse-client';

let root: string;
let host: ConsoleHost | null = null;
let http: HttpHost | null = null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'http-host-demo-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>console</title>');
});

afterEach(async () => {
  await http?.close();
  await host?.close();
  http = null;
  host = null;
  rmSync(root, { recursive: true, force: true });
});

async function call<T>(name: Parameters<typeof httpRoute>[0], body: unknown): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${http!.port}${httpRoute(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${http!.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

describe('the headless host over the demo engine', () => {
  it('acknowledges through HTTP and reports the outcome over SSE', async () => {
    host = await startConsoleHost({
      demo: true,
      dataDir: join(root, 'data'),
      env: {},
      demoIncidents: 5,
      demoNewIncidentEveryMs: 0,
      log: () => {},
    });
    http = await startHttpHost({ engine: host.engine, staticDir: join(root, 'renderer'), log: () => {} });
    await host.engine.ready();

    const snapshot = await call<{ incidents: Incident[] }>('getSnapshot', {});
    const fromPagerDuty = snapshot.incidents.filter((incident) => incident.provider === 'pagerduty');
    expect(fromPagerDuty).toHaveLength(5);
    const target = fromPagerDuty.find((incident) => incident.status === 'triggered') ?? fromPagerDuty[0]!;

    const stream = await openEventStream(http.port, http.token);
    const action = await call<ActionRecord>('submitAction', { kind: 'acknowledge', incidentIds: [target.id] });
    expect(action.request).toEqual({ kind: 'acknowledge', incidentIds: [target.id] });

    const received = () =>
      [...stream.raw.matchAll(/event: console\ndata: (.*)\n\n/g)].map((match) => JSON.parse(match[1]!) as ConsoleEvent);
    await waitFor(
      'the acknowledge to be done, on the event stream',
      () => received().some((event) => event.name === 'actionChanged' && event.payload.id === action.id && event.payload.state === 'done'),
      { timeoutMs: 15_000, everyMs: 10 },
    );
    stream.close();

    const detail = await call<{ incident: Incident }>('getIncidentDetail', { incidentId: target.id });
    expect(detail.incident.status).toBe('acknowledged');
  });

  it('serves incidents from both demo platforms and acknowledges a Splunk On-Call one in its simulator', async () => {
    host = await startConsoleHost({
      demo: true,
      dataDir: join(root, 'data'),
      env: {},
      demoIncidents: 3,
      demoNewIncidentEveryMs: 0,
      demoSplunkOnCall: true,
      log: () => {},
    });
    http = await startHttpHost({ engine: host.engine, staticDir: join(root, 'renderer'), log: () => {} });
    await host.engine.ready();
    const splunkOnCallApi = host.simulators!.splunkOnCallApi;

    const snapshot = await waitFor(
      'incidents from both platforms in the snapshot',
      () => call<{ incidents: Incident[] }>('getSnapshot', {}),
      {
        until: ({ incidents }) =>
          incidents.some((incident) => incident.provider === 'pagerduty') &&
          incidents.some((incident) => incident.provider === 'splunk-on-call'),
        timeoutMs: 15_000,
      },
    );
    const target = snapshot.incidents.find((incident) => incident.provider === 'splunk-on-call' && incident.status === 'triggered')!;
    expect(target).toBeDefined();
    const incidentNumber = target.id.replace(/^.*:/, '');

    const action = await call<ActionRecord>('submitAction', { kind: 'acknowledge', incidentIds: [target.id] });
    expect(action.request).toEqual({ kind: 'acknowledge', incidentIds: [target.id] });

    // The simulator's own answer, read as any API client would: the incident is acknowledged there.
    const phase = await waitFor(
      'the incident acknowledged in the Splunk On-Call simulator',
      async () => {
        const response = await fetch(`${splunkOnCallApi}/api-public/v1/incidents`, {
          headers: { 'X-VO-Api-Id': DEMO_SPLUNK_ON_CALL_CREDENTIALS.apiId, 'X-VO-Api-Key': DEMO_SPLUNK_ON_CALL_CREDENTIALS.apiKey },
        });
        const body = (await response.json()) as { incidents: { incidentNumber: string; currentPhase: string }[] };
        return body.incidents.find((incident) => incident.incidentNumber === incidentNumber)?.currentPhase;
      },
      { until: (value) => value === 'ACKED', timeoutMs: 15_000, everyMs: 100 },
    );
    expect(phase).toBe('ACKED');
    const done = await waitFor('the acknowledge recorded as done', () => call<{ actions: ActionRecord[] }>('getSnapshot', {}), {
      until: ({ actions }) => actions.some((record) => record.id === action.id && record.state === 'done'),
      timeoutMs: 15_000,
      describe: (last) => JSON.stringify(last?.actions.find((record) => record.id === action.id)),
    });
    expect(done.actions.find((record) => record.id === action.id)?.state).toBe('done');
  });
});
