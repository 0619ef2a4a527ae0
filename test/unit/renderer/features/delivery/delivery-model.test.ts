/**
 * The Delivery area's pure parts: source freshness in words and the compare a service's
 * page starts with.
 */
import { describe, expect, it } from 'vitest';
import { defaultCompare, freshnessText } from '../../../../../renderer/src/features/delivery/delivery-model';
import { paymentsDelivery } from './delivery-fixtures';

const NOW = Date.parse('2026-11-12T14:14:30Z');
const at = (minutesBefore: number) => new Date(NOW - minutesBefore * 60_000).toISOString();

describe('source freshness', () => {
  it('says when a source was read, to the minute', () => {
    expect(freshnessText({ source: 'github', label: 'GitHub', state: 'ok', readAt: at(2.5), error: null }, NOW)).toBe(
      'GitHub read 2 min ago',
    );
    expect(freshnessText({ source: 'github', label: 'GitHub', state: 'ok', readAt: at(0.2), error: null }, NOW)).toBe(
      'GitHub read under a minute ago',
    );
    expect(freshnessText({ source: 'gitlab', label: 'GitLab', state: 'never-read', readAt: null, error: null }, NOW)).toBe(
      'GitLab not read yet: no figures from it so far',
    );
  });

  it('says for how long a source could not be read, why, and how old its figures are', () => {
    const text = freshnessText({ source: 'github', label: 'GitHub', state: 'error', readAt: at(12), error: 'HTTP 502 Bad Gateway' }, NOW);
    expect(text).toMatch(/^GitHub could not be read for 12 min: HTTP 502 Bad Gateway; figures as of \d\d:\d\d$/);
    expect(freshnessText({ source: 'jenkins', label: 'Jenkins', state: 'error', readAt: null, error: 'connection refused' }, NOW)).toBe(
      'Jenkins could not be read yet: connection refused; no figures from it so far',
    );
  });
});

describe('the compare a page starts with', () => {
  it("is production's previous version to its current one, passing over a failed deployment", () => {
    const { summary, history } = paymentsDelivery();
    expect(defaultCompare(summary, history)).toEqual({ from: 'v2.13.0', to: 'v2.14.1' });
  });

  it('is the two newest versions when production has run only one, and nothing with one version', () => {
    const { summary, history } = paymentsDelivery();
    const staging = history.filter((deployment) => !deployment.production);
    const noProduction = { ...summary, environments: summary.environments.filter((environment) => !environment.production) };
    expect(defaultCompare(noProduction, staging)).toEqual({ from: 'v2.14.1', to: 'v2.15.0' });
    expect(defaultCompare(noProduction, staging.slice(0, 1))).toBeNull();
  });
});
