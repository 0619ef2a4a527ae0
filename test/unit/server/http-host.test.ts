import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractFailure, HTTP_EVENTS_ROUTE, httpRoute, requestNames } from '../../../shared/contract';
import { ProviderError } from '../../../electron/engine/ports';
import { startHttpHost, type HttpHost } from '../../../electron/server';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/security';
import { createFakeEngine, sampleIncident, type FakeEngine } from './fake-engine';
import { rawRequest } from './http-client';
import { waitFor } from '../../support/wait-for';
import { openEventStream } from './sse-client';

let root: string;
let staticDir: string;
let engine: FakeEngine;
let host: HttpHost;
let logged: string[];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'http-host-'));
  staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")');
  writeFileSync(join(staticDir, 'assets', 'page-root-B6PjQI0G.js'), 'console.log("hashed")');
  writeFileSync(join(staticDir, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'top secret');
  engine = createFakeEngine();
  logged = [];
  host = await startHttpHost({ engine, port: 0, staticDir, log: (line) => logged.push(line) });
});

afterEach(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });
const post = (path: string, body: unknown, headers: Record<string, string> = auth()) =>
  rawRequest({ port: host.port, method: 'POST', path, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('startHttpHost', () => {
  it('listens on 127.0.0.1 and gives a URL that carries a random token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startHttpHost({ engine, port: 0, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
  });

  it('refuses to start when the renderer is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-renderer-'));
    try {
      await expect(startHttpHost({ engine, staticDir: empty })).rejects.toThrow('The web console is not built: run `npm run build` first.');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('closes even while an event stream is open', async () => {
    const stream = await openEventStream(host.port, host.token);
    await host.close();
    await stream.ended;
    expect(engine.listenerCount()).toBe(0);
  });
});

describe('contract routes', () => {
  it('serves every request name of the contract', async () => {
    const inputs: Record<string, unknown> = {
      getIncidentDetail: { incidentId: 'Q1ABC' },
      submitAction: { kind: 'acknowledge', incidentIds: ['Q1ABC'] },
      retryAction: { actionId: 'A1' },
      dismissAction: { actionId: 'A1' },
      getResponseMetrics: { windowDays: 7 },
      pauseNotifications: { minutes: 60 },
      testConnection: { connection: { kind: 'github', label: 'GitHub' }, secret: 'ghp_example' },
      saveConnection: { connection: { kind: 'github', label: 'GitHub' }, secret: 'ghp_example' },
      removeConnection: { id: 'abc123' },
      importWorkspace: { yaml: 'paging: {}' },
      submitSpecialistRequest: { offeringId: 'query-performance-review', inputs: { database: 'pg-payments' } },
      actOnSpecialistRequest: { requestId: 'SR-0a1b2c3d4e', action: 'claim' },
      retrySpecialistRequest: { requestId: 'SR-0a1b2c3d4e', inputs: { grantee: 'priya.patel@example.com' } },
      getSpecialistRunLog: { requestId: 'SR-0a1b2c3d4e', runId: '14250000001' },
      switchPersona: { personaId: 'dba' },
      proposeChangeTemplate: {
        service: { id: 'ci1', name: 'Payments API' },
        name: 'Config-only release',
        scope: 'Configuration-only releases',
        risk: 'low',
        implementationPlan: 'Roll out',
        backoutPlan: 'Roll back',
        testPlan: 'Smoke tests',
      },
      decideChange: { changeId: 'c1', decision: 'approved' },
      decideChangeTemplate: { templateId: 't1', decision: 'rejected', comment: 'Too broad' },
      getServiceDelivery: { service: 'Payments API' },
      compareVersions: { service: 'Payments API', from: 'v1', to: 'v2' },
      getDeliveryMetrics: { days: 30 },
      getAuditReport: { from: '2026-11-01', to: '2026-11-30' },
      getIncidentChanges: { incidentId: 'Q1ABC' },
      setViewerPresence: { viewerId: 'window-1234', visible: true, focused: true },
    };
    for (const name of requestNames) {
      const res = await post(httpRoute(name), inputs[name] ?? {});
      expect(res.status, name).toBe(200);
    }
    expect(engine.calls.map((call) => call.name)).toEqual(requestNames);
  });

  it('passes the parsed input to the engine and returns its output as JSON', async () => {
    const res = await post(httpRoute('submitAction'), { kind: 'resolve', incidentIds: ['Q1ABC'], note: '  fixed  ' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(engine.calls[0]?.input).toEqual({ kind: 'resolve', incidentIds: ['Q1ABC'], note: 'fixed' });
    expect(res.json()).toMatchObject({ id: 'A1', state: 'pending', request: { kind: 'resolve', note: 'fixed' } });
  });

  it('treats an empty body as {}', async () => {
    const res = await post(httpRoute('getSnapshot'), '');
    expect(res.status).toBe(200);
    expect((res.json() as { incidents: unknown[] }).incidents).toEqual([sampleIncident()]);
  });

  it('requires the token on every API route', async () => {
    for (const name of requestNames) {
      const res = await post(httpRoute(name), {}, { 'Content-Type': 'application/json' });
      expect(res.status, name).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('refuses a wrong token, and a token passed in the query string on a request route', async () => {
    const wrong = await post(httpRoute('getSnapshot'), {}, { Authorization: `Bearer ${host.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    const query = await post(`${httpRoute('getSnapshot')}?token=${host.token}`, {}, {});
    expect(query.status).toBe(401);
    const basic = await post(httpRoute('getSnapshot'), {}, { Authorization: `Basic ${host.token}` });
    expect(basic.status).toBe(401);
    expect(engine.calls).toEqual([]);
  });

  it('answers 400 with a message naming the field when the input is wrong', async () => {
    const res = await post(httpRoute('getIncidentDetail'), { incidentId: '' });
    expect(res.status).toBe(400);
    const { error } = res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('incidentId');
    expect(engine.calls).toEqual([]);
  });

  it('answers 400 when the body is not JSON', async () => {
    const res = await post(httpRoute('getSnapshot'), '{"oops":');
    expect(res.status).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toMatch(/must be JSON/);
  });

  it('answers 413 for bodies over 1 MB, declared or streamed', async () => {
    const big = JSON.stringify({ kind: 'addNote', incidentIds: ['Q1ABC'], content: 'x'.repeat(1_100_000) });
    const declared = await post(httpRoute('submitAction'), big);
    expect(declared.status).toBe(413);

    const streamed = await new Promise<number>((resolve, reject) => {
      const req = (async () => {
        const { request } = await import('node:http');
        return request({
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: httpRoute('submitAction'),
          headers: { ...auth(), Host: `127.0.0.1:${host.port}`, 'Transfer-Encoding': 'chunked' },
        });
      })();
      req.then((r) => {
        r.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        r.on('error', reject);
        for (let i = 0; i < 12; i++) r.write(Buffer.alloc(100_000, 'x'));
        r.end();
      }, reject);
    });
    expect(streamed).toBe(413);
    expect(engine.calls).toEqual([]);
  });

  it('refuses a 900 KB incident id without passing it on or echoing it', async () => {
    const huge = 'Q'.repeat(900_000);
    const res = await post(httpRoute('submitAction'), { kind: 'acknowledge', incidentIds: [huge] });
    expect(res.status).toBe(400);
    expect(res.body.length).toBeLessThan(500);
    expect((res.json() as { error: { message: string } }).error.message).toBe(
      'submitAction: incidentIds.0: An incident id is at most 64 characters (like Q1ABC23DEF45GH)',
    );
    const detail = await post(httpRoute('getIncidentDetail'), { incidentId: 'Q1ABC/../users' });
    expect(detail.status).toBe(400);
    expect(engine.calls).toEqual([]);
  });

  it('logs an upload the client abandons half-way as one line, once, with no stack trace', async () => {
    const { request } = await import('node:http');
    const req = request({
      host: '127.0.0.1',
      port: host.port,
      method: 'POST',
      path: httpRoute('submitAction'),
      headers: { ...auth(), Host: `127.0.0.1:${host.port}`, 'Content-Length': '5000' },
    });
    req.on('error', () => undefined);
    req.write('{"kind":"acknowledge","incidentIds":["Q1');
    await new Promise((resolve) => setTimeout(resolve, 100));
    req.destroy();
    await waitFor('the abandoned upload to be logged', () => logged.length > 0, { timeoutMs: 3_000, everyMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged).toEqual([
      `submitAction: the client went away before sending the whole request body (40 of 5000 bytes); nothing was done`,
    ]);
    expect(engine.calls).toEqual([]);
  });

  it('maps a ContractFailure to its status and message', async () => {
    engine.override('getIncidentDetail', () => Promise.reject(new ContractFailure('not_found', 'No incident Q404')));
    const res = await post(httpRoute('getIncidentDetail'), { incidentId: 'Q404' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No incident Q404' } });
  });

  it('maps a provider error to 502 upstream', async () => {
    engine.override('refreshNow', () => Promise.reject(new ProviderError('transient', 'PagerDuty answered 503')));
    const res = await post(httpRoute('refreshNow'), {});
    expect(res.status).toBe(502);
    expect(res.json()).toEqual({ error: { code: 'upstream', message: 'PagerDuty answered 503' } });
  });

  it('answers 500 with a safe message for unexpected errors, logging the detail', async () => {
    engine.override('refreshNow', () => Promise.reject(new Error('secret internals at /home/x/engine.ts:12')));
    const res = await post(httpRoute('refreshNow'), {});
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('secret internals');
    expect(res.body).not.toContain('engine.ts');
    expect(res.json()).toMatchObject({ error: { code: 'internal' } });
    expect(logged.join('\n')).toContain('secret internals');
  });

  it('validates the engine output against the contract', async () => {
    engine.override('getSnapshot', () => Promise.resolve({ seq: -1, incidents: 'nope' }));
    const res = await post(httpRoute('getSnapshot'), {});
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'internal' } });
    expect(logged.join('\n')).toMatch(/getSnapshot.*does not match the contract/);
  });

  it('answers 404 for unknown API routes and 405 for GET on a request route', async () => {
    expect((await post('/api/dropDatabase', {})).status).toBe(404);
    const get = await rawRequest({ port: host.port, path: httpRoute('getSnapshot'), headers: auth() });
    expect(get.status).toBe(405);
  });
});

describe('DNS rebinding and cross-origin protection', () => {
  it('refuses a foreign Host header on API and static routes', async () => {
    for (const path of [httpRoute('getSnapshot'), '/', '/assets/app-1234.js']) {
      const res = await rawRequest({
        port: host.port,
        method: path.startsWith('/api') ? 'POST' : 'GET',
        path,
        headers: { ...auth(), Host: `evil.example:${host.port}` },
      });
      expect(res.status, path).toBe(403);
    }
    const wrongPort = await rawRequest({ port: host.port, path: '/', headers: { Host: `127.0.0.1:${host.port + 1}` } });
    expect(wrongPort.status).toBe(403);
    expect(engine.calls).toEqual([]);
  });

  it('accepts localhost:PORT as the host', async () => {
    const res = await post(httpRoute('getSnapshot'), {}, { ...auth(), Host: `localhost:${host.port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await post(httpRoute('getSnapshot'), {}, { ...auth(), Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const nullOrigin = await post(httpRoute('getSnapshot'), {}, { ...auth(), Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    expect(engine.calls).toEqual([]);
  });

  it('accepts its own origin', async () => {
    const res = await post(httpRoute('getSnapshot'), {}, { ...auth(), Origin: `http://localhost:${host.port}` });
    expect(res.status).toBe(200);
  });
});

describe('event stream', () => {
  it('delivers pushed events as `event: console` messages and unsubscribes when the client leaves', async () => {
    const stream = await openEventStream(host.port, host.token);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(engine.listenerCount()).toBe(1);
    const payload = { seq: 2, upserted: [sampleIncident({ status: 'acknowledged' })], removedIds: [] };
    engine.push({ name: 'incidentsChanged', payload });
    const message = await stream.nextMessage();
    expect(message.event).toBe('console');
    expect(JSON.parse(message.data)).toEqual({ name: 'incidentsChanged', payload });
    stream.close();
    await stream.ended;
    // The host keeps one engine subscription for all clients; a closed client must not break it.
    engine.push({ name: 'incidentsChanged', payload: { seq: 3, upserted: [], removedIds: [] } });
    const again = await openEventStream(host.port, host.token);
    engine.push({ name: 'incidentsChanged', payload: { seq: 4, upserted: [], removedIds: [] } });
    expect(JSON.parse((await again.nextMessage()).data)).toMatchObject({ payload: { seq: 4 } });
    again.close();
  });

  it('drops events that break the contract instead of sending them', async () => {
    const stream = await openEventStream(host.port, host.token);
    engine.push({ name: 'actionChanged', payload: { id: 'A1' } as never });
    engine.push({ name: 'incidentsChanged', payload: { seq: 3, upserted: [], removedIds: ['Q1'] } });
    const message = await stream.nextMessage();
    expect(JSON.parse(message.data)).toMatchObject({ name: 'incidentsChanged', payload: { seq: 3 } });
    expect(logged.join('\n')).toMatch(/actionChanged.*breaks the contract/);
    stream.close();
  });

  it('sends heartbeat comments', async () => {
    const fast = await startHttpHost({ engine, port: 0, staticDir, heartbeatMs: 50 });
    try {
      const stream = await openEventStream(fast.port, fast.token);
      await waitFor('a heartbeat comment', () => stream.raw.includes(': heartbeat'), { timeoutMs: 3_000, everyMs: 10 });
      stream.close();
    } finally {
      await fast.close();
    }
  });

  it('requires the token', async () => {
    const none = await rawRequest({ port: host.port, path: HTTP_EVENTS_ROUTE });
    expect(none.status).toBe(401);
    const wrong = await rawRequest({ port: host.port, path: `${HTTP_EVENTS_ROUTE}?token=nope` });
    expect(wrong.status).toBe(401);
    expect(engine.listenerCount()).toBe(1); // the hub's own subscription only
  });
});

describe('static files', () => {
  it('serves index.html for / with no-store and the security headers', async () => {
    const res = await rawRequest({ port: host.port, path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>console</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('serves assets with their content types', async () => {
    const js = await rawRequest({ port: host.port, path: '/assets/app-1234.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app")');
    const css = await rawRequest({ port: host.port, path: '/assets/style.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it("caches the build's hashed assets for good, and revalidates any other file", async () => {
    const hashed = await rawRequest({ port: host.port, path: '/assets/page-root-B6PjQI0G.js' });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await rawRequest({ port: host.port, path: '/assets/app-1234.js' })).headers['cache-control']).toBe('no-cache');
    expect((await rawRequest({ port: host.port, path: '/assets/style.css' })).headers['cache-control']).toBe('no-cache');
  });

  it('puts the security headers on API responses and errors too', async () => {
    for (const res of [
      await post(httpRoute('getSnapshot'), {}),
      await post(httpRoute('getSnapshot'), {}, {}),
      await rawRequest({ port: host.port, path: '/missing.js' }),
    ]) {
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await rawRequest({ port: host.port, path: '/nope.html' })).status).toBe(404);
    expect((await rawRequest({ port: host.port, path: '/assets' })).status).toBe(404);
  });

  it('refuses directory traversal, encoded or not, and symlinks out of the folder', async () => {
    symlinkSync(join(root, 'secret.txt'), join(staticDir, 'link.txt'));
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/link.txt',
      '/%00',
    ]) {
      const res = await rawRequest({ port: host.port, path });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('top secret');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await rawRequest({ port: host.port, method: 'DELETE', path: '/' });
    expect(res.status).toBe(405);
  });
});
