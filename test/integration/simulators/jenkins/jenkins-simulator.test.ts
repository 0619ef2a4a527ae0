/**
 * The Jenkins simulator over raw HTTP: Basic auth, the crumb, buildWithParameters with
 * its Location, queue items becoming builds, `tree` filtering, cancel, forgotten queue
 * items; and the tree parser itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyTree,
  crumbFor,
  parseTree,
  startJenkinsSimulator,
  type JenkinsSimulator,
  type JenkinsSimulatorOptions,
} from '../../../../electron/simulators/jenkins';

let sim: JenkinsSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

let clock = 0;
async function start(options: JenkinsSimulatorOptions = {}) {
  clock = Date.parse('2026-05-04T09:00:00Z');
  sim = await startJenkinsSimulator({
    now: () => clock,
    timing: { queuedMs: 1_000, runningMs: 2_000 },
    validUsers: [{ user: 'bob', apiToken: 'tok' }],
    ...options,
  });
  return sim;
}

const basic = { Authorization: `Basic ${Buffer.from('bob:tok').toString('base64')}` };
const post = (s: JenkinsSimulator, query: string, extra: Record<string, string> = {}) =>
  fetch(`${s.baseUrl}/job/dns-change/buildWithParameters?${query}`, {
    method: 'POST',
    headers: { ...basic, 'Jenkins-Crumb': crumbFor('bob'), ...extra },
  });

describe('Jenkins simulator', () => {
  it("serves a build's console as plain text (consoleText), to signed-in users, once it is a build", async () => {
    const s = await start();
    await post(s, 'RECORD_NAME=www&VALUE=simulate-failure');
    const early = await fetch(`${s.baseUrl}/job/dns-change/1/consoleText`, { headers: basic });
    expect(early.status).toBe(404);
    clock += 1_500;
    const running = await (await fetch(`${s.baseUrl}/job/dns-change/1/consoleText`, { headers: basic })).text();
    expect(running).toMatch(/^Started by user bob\nRunning as SYSTEM\n/);
    expect(running).not.toContain('Finished:');
    clock += 5_000;
    const done = await fetch(`${s.baseUrl}/job/dns-change/1/consoleText`, { headers: basic });
    expect(done.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    const text = await done.text();
    expect(text).toContain('[dns-change] $ /bin/sh -xe /tmp/jenkins');
    expect(text).toContain('  VALUE=simulate-failure');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(["Build step 'Execute shell' marked build as failure", 'Finished: FAILURE']);
    expect((await fetch(`${s.baseUrl}/job/dns-change/1/consoleText`)).status).toBe(403);
    expect((await fetch(`${s.baseUrl}/job/dns-change/9/consoleText`, { headers: basic })).status).toBe(404);
  });

  it('asks for credentials and the crumb', async () => {
    const s = await start();
    const anonymous = await fetch(`${s.baseUrl}/job/dns-change/api/json`);
    expect(anonymous.status).toBe(403);
    expect(anonymous.headers.get('x-you-are-authenticated-as')).toBe('anonymous');
    const wrong = await fetch(`${s.baseUrl}/job/dns-change/api/json`, {
      headers: { Authorization: `Basic ${Buffer.from('bob:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Invalid password/token for user: bob');
    const crumb = (await (await fetch(`${s.baseUrl}/crumbIssuer/api/json`, { headers: basic })).json()) as {
      crumb: string;
      crumbRequestField: string;
    };
    expect(crumb).toMatchObject({ crumb: crumbFor('bob'), crumbRequestField: 'Jenkins-Crumb' });
    const noCrumb = await fetch(`${s.baseUrl}/job/dns-change/buildWithParameters`, { method: 'POST', headers: basic });
    expect(noCrumb.status).toBe(403);
    expect(await noCrumb.text()).toContain('No valid crumb was included in the request');
    expect(s.state.allItems()).toHaveLength(0);
  });

  it('queues a build, drops undeclared parameters and turns the item into a build', async () => {
    const s = await start();
    const queued = await post(s, 'RECORD_NAME=www&VALUE=10.0.0.1&UNKNOWN=x');
    expect(queued.status).toBe(201);
    const location = queued.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${s.baseUrl}/queue/item/\\d+/$`));
    const item = async () => (await (await fetch(`${location}api/json`, { headers: basic })).json()) as Record<string, unknown>;
    const waiting = await item();
    expect(waiting).toMatchObject({ _class: 'hudson.model.Queue$WaitingItem', why: 'In the quiet period. Expires in 1.0 sec' });
    expect(waiting.params).toContain('\nRECORD_NAME=www');
    expect(waiting.params).not.toContain('UNKNOWN');
    clock += 1_000;
    expect(await item()).toMatchObject({
      _class: 'hudson.model.Queue$LeftItem',
      cancelled: false,
      executable: { number: 1, url: `${s.baseUrl}/job/dns-change/1/` },
    });
    const build = (await (await fetch(`${s.baseUrl}/job/dns-change/1/api/json`, { headers: basic })).json()) as Record<string, unknown>;
    expect(build).toMatchObject({ number: 1, building: true, result: null, queueId: waiting.id });
    clock += 2_000;
    const finished = (await (
      await fetch(`${s.baseUrl}/job/dns-change/1/api/json?tree=result,duration`, { headers: basic })
    ).json()) as Record<string, unknown>;
    expect(finished).toEqual({ _class: 'hudson.model.FreeStyleBuild', result: 'SUCCESS', duration: 2_000 });
  });

  it('shows shallow builds on the job unless tree asks for more, and the waiting queue', async () => {
    const s = await start();
    await post(s, 'console_request_id=r1');
    clock += 1_500;
    await post(s, 'console_request_id=r2');
    const job = (await (await fetch(`${s.baseUrl}/job/dns-change/api/json`, { headers: basic })).json()) as {
      builds: object[];
      property: { parameterDefinitions: { name: string }[] }[];
    };
    expect(job.builds).toEqual([{ _class: 'hudson.model.FreeStyleBuild', number: 1, url: `${s.baseUrl}/job/dns-change/1/` }]);
    expect(job.property[0]!.parameterDefinitions.map((definition) => definition.name)).toContain('console_request_id');
    const tree = 'builds[number,queueId,actions[parameters[name,value]]]{0,1}';
    const deep = (await (
      await fetch(`${s.baseUrl}/job/dns-change/api/json?tree=${encodeURIComponent(tree)}`, { headers: basic })
    ).json()) as { builds: { actions: { parameters?: { name: string; value: string }[] }[] }[] };
    expect(deep.builds[0]!.actions[0]!.parameters).toContainEqual({
      _class: 'hudson.model.StringParameterValue',
      name: 'console_request_id',
      value: 'r1',
    });
    const queue = (await (await fetch(`${s.baseUrl}/queue/api/json`, { headers: basic })).json()) as { items: { params: string }[] };
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]!.params).toContain('console_request_id=r2');
    expect((await fetch(`${s.baseUrl}/job/dns-change/api/json?tree=builds[`, { headers: basic })).status).toBe(400);
  });

  it('cancels waiting items, refuses illegal choices and forgets old queue items', async () => {
    const s = await start({ queueItemTtlMs: 10_000 });
    const illegal = await post(s, 'RECORD_TYPE=MX');
    expect(illegal.status).toBe(500);
    expect(await illegal.text()).toContain('java.lang.IllegalArgumentException: Illegal choice for parameter RECORD_TYPE: MX');
    const location = (await post(s, 'RECORD_TYPE=A')).headers.get('location')!;
    const id = Number(/item\/(\d+)/.exec(location)![1]);
    s.state.cancel(id);
    expect(await (await fetch(`${location}api/json`, { headers: basic })).json()).toMatchObject({ cancelled: true, executable: null });
    clock += 11_000;
    expect((await fetch(`${location}api/json`, { headers: basic })).status).toBe(404);
  });

  it('answers 404 at the crumb issuer without CSRF protection, and serves build consoles', async () => {
    const s = await start({ csrfProtection: false });
    expect((await fetch(`${s.baseUrl}/crumbIssuer/api/json`, { headers: basic })).status).toBe(404);
    expect(
      (await fetch(`${s.baseUrl}/job/dns-change/buildWithParameters?VALUE=simulate-failure`, { method: 'POST', headers: basic })).status,
    ).toBe(201);
    clock += 5_000;
    const console = await fetch(`${s.baseUrl}/job/dns-change/1/console`);
    expect(await console.text()).toContain('Finished: FAILURE');
    expect((await fetch(`${s.baseUrl}/job/other/`)).status).toBe(404);
  });
});

describe('Jenkins tree parameter', () => {
  it('parses nested fields and ranges', () => {
    expect(parseTree('a,b[c,d[e]]{0,5},f{2}')).toEqual([
      { name: 'a', children: null, range: null },
      {
        name: 'b',
        children: [
          { name: 'c', children: null, range: null },
          { name: 'd', children: [{ name: 'e', children: null, range: null }], range: null },
        ],
        range: { from: 0, to: 5 },
      },
      { name: 'f', children: null, range: { from: 2, to: 3 } },
    ]);
    expect(() => parseTree('a[b')).toThrow(/expected "\]"/);
    expect(() => parseTree('a,,b')).toThrow(/expected a field name/);
  });

  it('picks fields, keeps _class and slices arrays', () => {
    const value = { _class: 'X', a: 1, b: [{ c: 1, d: 2 }, { c: 3, d: 4 }, { c: 5 }], z: 9 };
    expect(applyTree(value, parseTree('a,b[c]{1,}'))).toEqual({ _class: 'X', a: 1, b: [{ c: 3 }, { c: 5 }] });
  });
});
