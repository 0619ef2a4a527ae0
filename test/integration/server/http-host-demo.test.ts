import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRoute, type ConsoleEvent } from '../../../shared/contract';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Incident } from '../../../shared/domain/incident';
import { startConsoleHost } from '../../../electron/host/console-host';
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
    expect(snapshot.incidents).toHaveLength(5);
    const target = snapshot.incidents.find((incident) => incident.status === 'triggered') ?? snapshot.incidents[0]!;

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
});
