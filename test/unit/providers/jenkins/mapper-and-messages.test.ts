/**
 * The Jenkins provider's pure parts: Jenkins' error pages in one line, queue items and
 * builds into runs (one id: the queue item's), job paths with folders, the
 * configuration's validation and the credentials from the environment.
 */
import { describe, expect, it } from 'vitest';
import {
  createJenkinsProvider,
  jenkinsCredentialsFromEnv,
  jenkinsJobPath,
  jenkinsMessage,
  mapBuild,
  mapQueueItem,
} from '../../../../electron/providers/jenkins';

describe('jenkinsMessage', () => {
  it('takes the exception line, a paragraph or the title', () => {
    expect(
      jenkinsMessage(
        '<html><body><pre>java.lang.IllegalArgumentException: Illegal choice for parameter X: y\n\tat hudson...</pre></body></html>',
      ),
    ).toBe('Illegal choice for parameter X: y');
    expect(
      jenkinsMessage('<html><head><title>Error 401</title></head><body><p>Invalid password/token for user: bob</p></body></html>'),
    ).toBe('Invalid password/token for user: bob');
    expect(jenkinsMessage('<html><head><title>Error 404 Not Found</title></head></html>')).toBe('Error 404 Not Found');
    expect(jenkinsMessage('plain')).toBe('plain');
  });
});

describe('Jenkins run mapping', () => {
  const parameters = {
    actions: [
      {
        _class: 'hudson.model.ParametersAction',
        parameters: [
          { name: 'A', value: 'x' },
          { name: 'B', value: true },
        ],
      },
      {},
    ],
  };

  it('maps a waiting and a cancelled queue item under the queue id', () => {
    expect(mapQueueItem({ id: 12, why: 'Waiting for next available executor', ...parameters }, 'https://ci/job/j/')).toEqual({
      id: '12',
      provider: 'jenkins',
      status: 'queued',
      conclusion: null,
      vendorStatus: 'Waiting for next available executor',
      url: 'https://ci/job/j/',
      startedAt: null,
      finishedAt: null,
      inputs: { A: 'x', B: 'true' },
    });
    expect(mapQueueItem({ id: 12, cancelled: true }, 'https://ci/job/j/')).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });

  it.each([
    ['SUCCESS', 'success'],
    ['FAILURE', 'failure'],
    ['UNSTABLE', 'failure'],
    ['ABORTED', 'cancelled'],
    ['NOT_BUILT', 'cancelled'],
  ] as const)('build result %s is %s', (result, conclusion) => {
    const build = {
      number: 3,
      url: 'https://ci/job/j/3/',
      building: false,
      result,
      timestamp: Date.parse('2026-05-04T09:00:00Z'),
      duration: 61_000,
      queueId: 12,
      ...parameters,
    };
    expect(mapBuild(build)).toEqual({
      id: '12',
      provider: 'jenkins',
      status: 'completed',
      conclusion,
      vendorStatus: result,
      url: 'https://ci/job/j/3/console',
      startedAt: '2026-05-04T09:00:00.000Z',
      finishedAt: '2026-05-04T09:01:01.000Z',
      inputs: { A: 'x', B: 'true' },
    });
  });

  it('maps a running build as in progress', () => {
    expect(
      mapBuild({ number: 3, url: 'https://ci/job/j/3', building: true, result: null, timestamp: 0, duration: 0, queueId: 12 }),
    ).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      finishedAt: null,
      url: 'https://ci/job/j/3/console',
    });
  });
});

describe('Jenkins job paths and configuration', () => {
  it('puts folders in the path', () => {
    expect(jenkinsJobPath('dns-change')).toBe('/job/dns-change');
    expect(jenkinsJobPath('network/dns change')).toBe('/job/network/job/dns%20change');
  });

  it('names the field to fix and reads the environment', () => {
    expect(() => createJenkinsProvider({ baseUrl: 'https://ci', user: 'bob', apiToken: '' })).toThrow(
      'Jenkins configuration is invalid: apiToken: apiToken (JENKINS_API_TOKEN) is empty',
    );
    expect(jenkinsCredentialsFromEnv({})).toBeNull();
    expect(jenkinsCredentialsFromEnv({ JENKINS_USER: 'bob', JENKINS_API_TOKEN: 't' })).toEqual({ user: 'bob', apiToken: 't' });
    expect(() => jenkinsCredentialsFromEnv({ JENKINS_USER: 'bob' })).toThrow(/JENKINS_USER is set but JENKINS_API_TOKEN is not/);
    expect(() => jenkinsCredentialsFromEnv({ JENKINS_API_TOKEN: 't' })).toThrow(/JENKINS_API_TOKEN is set but JENKINS_USER is not/);
  });
});
