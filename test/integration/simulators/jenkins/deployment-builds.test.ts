/**
 * The Jenkins simulator's deployment job history over raw HTTP: recorded builds with their
 * parameters, all five results, user and timer causes and the git plugin's BuildData,
 * through `tree` with ranges; `builds` holds the newest 100 and `allBuilds` every build;
 * lastBuild and lastCompletedBuild.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startJenkinsSimulator, type BuildResult, type JenkinsSimulator } from '../../../../electron/simulators/jenkins';

const JOB = 'deploy/payments-api';
const T0 = Date.parse('2026-05-04T09:00:00Z');
const basic = { Authorization: `Basic ${Buffer.from('bob:tok').toString('base64')}` };

let sim: JenkinsSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start() {
  sim = await startJenkinsSimulator({
    now: () => T0 + 3_600_000,
    jobs: [{ fullName: JOB, parameters: [{ name: 'VERSION', type: 'string' }] }],
  });
  return sim;
}

async function job(s: JenkinsSimulator, tree: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${s.baseUrl}/job/deploy/job/payments-api/api/json?tree=${encodeURIComponent(tree)}`, { headers: basic });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('Jenkins simulator: deployment job history', () => {
  it('serves recorded builds with parameters, results, causes and the commit, newest first, through tree ranges', async () => {
    const s = await start();
    const results: BuildResult[] = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'];
    results.forEach((result, index) =>
      s.state.recordBuild(JOB, {
        parameters: { VERSION: `v1.${index}`, ENVIRONMENT: 'production' },
        startedAt: T0 + index * 60_000,
        durationMs: 30_000,
        result,
        startedBy: index === 0 ? null : 'dana',
        ...(index === 1 ? { commit: 'c0ffee0000000000000000000000000000000001' } : {}),
      }),
    );
    s.state.recordBuild(JOB, { parameters: { VERSION: 'v2.0' }, startedAt: T0 + 10 * 60_000, durationMs: null });

    const body = await job(
      s,
      'builds[number,building,result,timestamp,duration,actions[parameters[name,value],causes[userId,shortDescription],lastBuiltRevision[SHA1]]]{0,3}',
    );
    const builds = body.builds as Array<Record<string, unknown>>;
    expect(builds.map((build) => [build.number, build.building, build.result])).toEqual([
      [6, true, null],
      [5, false, 'ABORTED'],
      [4, false, 'NOT_BUILT'],
    ]);
    const all = (
      await job(
        s,
        'allBuilds[number,result,timestamp,duration,actions[parameters[name,value],causes[userId,shortDescription],lastBuiltRevision[SHA1]]]{4,6}',
      )
    ).allBuilds as Array<{ number: number; result: string; timestamp: number; duration: number; actions: Array<Record<string, unknown>> }>;
    expect(all.map((build) => [build.number, build.result, build.timestamp, build.duration])).toEqual([
      [2, 'UNSTABLE', T0 + 60_000, 30_000],
      [1, 'SUCCESS', T0, 30_000],
    ]);
    const [unstable, timed] = all;
    expect(unstable!.actions[0]).toEqual({
      _class: 'hudson.model.ParametersAction',
      parameters: [
        { _class: 'hudson.model.StringParameterValue', name: 'VERSION', value: 'v1.1' },
        { _class: 'hudson.model.StringParameterValue', name: 'ENVIRONMENT', value: 'production' },
      ],
    });
    expect(unstable!.actions[1]!.causes).toEqual([
      { _class: 'hudson.model.Cause$UserIdCause', userId: 'dana', shortDescription: 'Started by user dana' },
    ]);
    expect(unstable!.actions[2]).toEqual({
      _class: 'hudson.plugins.git.util.BuildData',
      lastBuiltRevision: { SHA1: 'c0ffee0000000000000000000000000000000001' },
    });
    expect(timed!.actions[1]!.causes).toEqual([
      { _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause', shortDescription: 'Started by timer' },
    ]);

    const last = await job(s, 'lastBuild[number],lastCompletedBuild[number]');
    expect(last).toMatchObject({ lastBuild: { number: 6 }, lastCompletedBuild: { number: 5 } });
  });

  it('lists the newest 100 in builds and every build in allBuilds, which only tree names', async () => {
    const s = await start();
    for (let i = 0; i < 105; i++)
      s.state.recordBuild(JOB, { parameters: { VERSION: `v${i}` }, startedAt: T0 + i * 1_000, durationMs: 100 });
    const both = await job(s, 'builds[number],allBuilds[number]');
    expect((both.builds as unknown[]).length).toBe(100);
    expect((both.allBuilds as Array<{ number: number }>).map((build) => build.number).slice(-2)).toEqual([2, 1]);
    const plain = (await (await fetch(`${s.baseUrl}/job/deploy/job/payments-api/api/json`, { headers: basic })).json()) as Record<
      string,
      unknown
    >;
    expect(plain).not.toHaveProperty('allBuilds');
    expect((plain.builds as unknown[]).length).toBe(100);
  });

  it('ends a recorded running build when finished, and records builds only for jobs it has', async () => {
    const s = await start();
    const running = s.state.recordBuild(JOB, { parameters: { VERSION: 'v9' }, startedAt: T0, durationMs: null });
    expect(s.state.view(running).phase).toBe('building');
    s.state.finish(running.id, 'failure');
    expect(s.state.view(running)).toMatchObject({ phase: 'done', result: 'FAILURE' });
    expect(() => s.state.recordBuild('nope', { parameters: {}, startedAt: T0, durationMs: 1 })).toThrow(/No job nope/);
  });
});
