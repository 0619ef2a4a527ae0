/**
 * The GitHub provider's pure parts: run status and conclusion mapping, finding the
 * request id in a run's title, the configuration's validation and GITHUB_TOKEN; and how
 * the client classifies GitHub's primary rate limit (a 403) over a scripted fetch.
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import {
  carriesKey,
  conclusionOf,
  createGitHubActionsProvider,
  gitHubTokenFromEnv,
  mapWorkflowRun,
  stageOf,
} from '../../../../electron/providers/github';
import { fakeFetch, json } from '../fake-fetch';

const run = {
  id: 42,
  display_title: 'Restore orders [req-1]',
  status: 'completed',
  conclusion: 'success',
  html_url: 'https://github.com/acme/db-ops/actions/runs/42',
  created_at: '2026-05-04T09:00:00Z',
  updated_at: '2026-05-04T09:03:00Z',
  run_started_at: '2026-05-04T09:00:05Z',
  head_branch: 'main',
};

describe('GitHub run mapping', () => {
  it.each([
    ['requested', 'queued'],
    ['waiting', 'queued'],
    ['pending', 'queued'],
    ['queued', 'queued'],
    ['in_progress', 'in_progress'],
    ['completed', 'completed'],
  ] as const)('status %s is %s', (status, stage) => {
    expect(stageOf(status)).toBe(stage);
  });

  it.each([
    ['success', 'success'],
    ['neutral', 'success'],
    ['failure', 'failure'],
    ['startup_failure', 'failure'],
    ['action_required', 'failure'],
    ['cancelled', 'cancelled'],
    ['skipped', 'cancelled'],
    ['stale', 'cancelled'],
    ['timed_out', 'timed_out'],
  ] as const)('conclusion %s is %s', (conclusion, mapped) => {
    expect(conclusionOf(conclusion)).toBe(mapped);
  });

  it('maps a completed run with its times and link', () => {
    expect(mapWorkflowRun(run)).toEqual({
      id: '42',
      provider: 'github-actions',
      status: 'completed',
      conclusion: 'success',
      vendorStatus: 'completed/success',
      url: run.html_url,
      startedAt: '2026-05-04T09:00:05Z',
      finishedAt: '2026-05-04T09:03:00Z',
      inputs: null,
    });
  });

  it('leaves times and conclusion empty while queued', () => {
    expect(mapWorkflowRun({ ...run, status: 'queued', conclusion: null })).toMatchObject({
      status: 'queued',
      conclusion: null,
      startedAt: null,
      finishedAt: null,
      vendorStatus: 'queued',
    });
  });
});

describe('carriesKey', () => {
  it('finds the key as a whole token only', () => {
    expect(carriesKey('Restore orders [req-1]', 'req-1')).toBe(true);
    expect(carriesKey('req-1', 'req-1')).toBe(true);
    expect(carriesKey('Restore orders [req-12]', 'req-1')).toBe(false);
    expect(carriesKey('Restore orders [xreq-1]', 'req-1')).toBe(false);
    expect(carriesKey('req-12 then (req-1)', 'req-1')).toBe(true);
    expect(carriesKey('Restore orders', 'req-1')).toBe(false);
  });
});

describe('GitHub configuration', () => {
  it('names the field to fix and never echoes the token', () => {
    expect(() => createGitHubActionsProvider({ token: ' ' })).toThrow(
      'GitHub configuration is invalid: token: token (GITHUB_TOKEN) is empty',
    );
    expect(() => createGitHubActionsProvider({ token: 'secret-abc', baseUrl: 'api.github.com' })).toThrow(
      /baseUrl must be an http\(s\) URL/,
    );
    try {
      createGitHubActionsProvider({ token: 'secret-abc', maxRetries: 99 });
    } catch (error) {
      expect(String(error)).not.toContain('secret-abc');
    }
  });

  it('reads GITHUB_TOKEN', () => {
    expect(gitHubTokenFromEnv({ GITHUB_TOKEN: ' ghp_x ' })).toBe('ghp_x');
    expect(gitHubTokenFromEnv({})).toBeNull();
  });
});

describe('GitHub client rate limits', () => {
  it('treats a 403 with x-ratelimit-remaining 0 as a rate limit and waits for x-ratelimit-reset', async () => {
    const now = Date.parse('2026-05-04T09:00:00Z');
    const reset = Math.floor(now / 1000) + 30;
    let calls = 0;
    const { fetch } = fakeFetch(() => {
      calls += 1;
      if (calls === 1) {
        return json({ message: 'API rate limit exceeded for user ID 1.' }, 403, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        });
      }
      return json({ ...run, status: 'in_progress', conclusion: null });
    });
    const sleeps: number[] = [];
    const provider = createGitHubActionsProvider({
      baseUrl: 'http://127.0.0.1:9',
      token: 't',
      fetch,
      now: () => now,
      random: () => 0,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const result = await provider.getRun({ kind: 'github-actions', owner: 'acme', repo: 'db-ops', workflow: 'x.yml' }, '42');
    expect(result.status).toBe('in_progress');
    expect(sleeps).toEqual([30_000]);
  });

  it('refuses a ref of another kind', async () => {
    const provider = createGitHubActionsProvider({ token: 't' });
    const error = await provider.getRun({ kind: 'jenkins', job: 'x' }, '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe('The GitHub Actions provider cannot run a jenkins pipeline');
  });
});
