/**
 * The GitLab provider's pure parts: GitLab's error bodies in one line, pipeline status
 * mapping, the configuration's validation and GITLAB_TOKEN.
 */
import { describe, expect, it } from 'vitest';
import { createGitLabProvider, gitLabMessage, gitLabStageOf, gitLabTokenFromEnv, mapPipeline } from '../../../../electron/providers/gitlab';

describe('gitLabMessage', () => {
  it.each([
    ['{"message":"404 Project Not Found"}', '404 Project Not Found'],
    ['{"message":{"base":["Reference not found"]}}', 'Reference not found'],
    ['{"message":{"base":["A","B"],"variables":["is invalid"]}}', 'A; B; variables is invalid'],
    ['{"error":"ref is missing"}', 'ref is missing'],
    ['Retry later\n', 'Retry later'],
    ['<html><head><title>GitLab is not responding (502)</title></head></html>', 'GitLab is not responding (502)'],
    ['[]', ''],
  ])('%s -> %s', (body, message) => {
    expect(gitLabMessage(body)).toBe(message);
  });
});

describe('GitLab pipeline mapping', () => {
  it.each([
    ['created', 'queued'],
    ['waiting_for_resource', 'queued'],
    ['preparing', 'queued'],
    ['pending', 'queued'],
    ['scheduled', 'queued'],
    ['manual', 'queued'],
    ['running', 'in_progress'],
    ['canceling', 'in_progress'],
    ['success', 'completed'],
    ['failed', 'completed'],
    ['canceled', 'completed'],
    ['skipped', 'completed'],
  ] as const)('%s is %s', (status, stage) => {
    expect(gitLabStageOf(status)).toBe(stage);
  });

  it('maps conclusions, times and variables', () => {
    const base = {
      id: 7,
      web_url: 'https://gitlab.example/p/-/pipelines/7',
      created_at: '2026-05-04T09:00:00Z',
      updated_at: '2026-05-04T09:05:00Z',
      started_at: '2026-05-04T09:00:10Z',
      finished_at: '2026-05-04T09:04:00Z',
    };
    expect(mapPipeline({ ...base, status: 'failed' }, { A: '1' })).toEqual({
      id: '7',
      provider: 'gitlab',
      status: 'completed',
      conclusion: 'failure',
      vendorStatus: 'failed',
      url: base.web_url,
      startedAt: base.started_at,
      finishedAt: base.finished_at,
      inputs: { A: '1' },
    });
    expect(mapPipeline({ ...base, status: 'canceled' }, null).conclusion).toBe('cancelled');
    expect(mapPipeline({ ...base, status: 'pending', started_at: null, finished_at: null }, null)).toMatchObject({
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      conclusion: null,
    });
  });
});

describe('GitLab configuration', () => {
  it('names the field to fix', () => {
    expect(() => createGitLabProvider({ baseUrl: 'https://gitlab.com', token: '' })).toThrow(
      'GitLab configuration is invalid: token: token (GITLAB_TOKEN) is empty',
    );
    expect(() => createGitLabProvider({ baseUrl: 'gitlab', token: 'x' })).toThrow(/baseUrl must be an http\(s\) URL/);
    expect(() => createGitLabProvider({ baseUrl: 'https://gitlab.com', token: 'x', findScanLimit: 500 })).toThrow(
      /findScanLimit must be between 1 and 100/,
    );
  });

  it('reads GITLAB_TOKEN', () => {
    expect(gitLabTokenFromEnv({ GITLAB_TOKEN: 'glpat-1' })).toBe('glpat-1');
    expect(gitLabTokenFromEnv({ GITLAB_TOKEN: '  ' })).toBeNull();
  });
});
