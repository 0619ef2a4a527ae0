/** The words for what is wrong with a connection, from the attempts its requests made. */
import { describe, expect, it } from 'vitest';
import { describeTrouble, retryText, troubleOf, type AttemptOutcome } from '../../../shared/rules/connection-trouble';

const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 11, 6, hh, mm, ss);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const attempt = (overrides: Partial<AttemptOutcome>): AttemptOutcome => ({
  outcome: 'answered',
  status: 200,
  rateLimited: false,
  retryAt: null,
  problem: 'something went wrong',
  startedAt: at(14, 2, 11),
  ...overrides,
});

describe('troubleOf and describeTrouble', () => {
  it.each([
    [
      attempt({ status: 429, rateLimited: true, retryAt: at(14, 5, 10) }),
      'PagerDuty is rate limiting the console until 14:05:10; it polls again then',
    ],
    [attempt({ status: 503 }), 'PagerDuty answers with errors (503) since 14:02:11'],
    [
      attempt({ status: 502, problem: 'PagerDuty GET /log_entries failed with 502: 502 Bad Gateway' }),
      'PagerDuty answers with errors (502) since 14:02:11',
    ],
    [attempt({ outcome: 'timeout', status: null }), 'PagerDuty is answering slowly: no answer for 19 s'],
    [
      attempt({ outcome: 'network-error', status: null, problem: 'PagerDuty GET /log_entries failed: fetch failed (ECONNREFUSED)' }),
      'Cannot reach PagerDuty: the connection was refused (since 14:02:11)',
    ],
    [
      attempt({ outcome: 'network-error', status: null, problem: 'PagerDuty GET /log_entries failed: other side closed (UND_ERR_SOCKET)' }),
      'Cannot reach PagerDuty: the connection was dropped (since 14:02:11)',
    ],
    [
      attempt({
        outcome: 'network-error',
        status: null,
        problem: 'PagerDuty GET /incidents failed: fetch failed (ECONNREFUSED)',
        origin: 'http://127.0.0.1:9',
      }),
      'Cannot reach PagerDuty at http://127.0.0.1:9: the connection was refused (since 14:02:11)',
    ],
    [
      attempt({ status: 200, problem: 'PagerDuty GET /log_entries answered 200 with a body that is not JSON' }),
      'PagerDuty sends answers the console cannot read (since 14:02:11)',
    ],
    [
      attempt({ status: 401, problem: 'PagerDuty rejected the token (401): check the token' }),
      'PagerDuty rejected the token (401): check the token',
    ],
  ])('%#: says it in words', (outcome, words) => {
    const trouble = troubleOf(outcome, null)!;
    expect(describeTrouble('PagerDuty', trouble, at(14, 2, 30), clock)).toBe(words);
  });

  it('is no trouble for a good answer, and keeps the first time of a streak of the same kind', () => {
    expect(troubleOf(attempt({ problem: null }), null)).toBeNull();
    const first = troubleOf(attempt({ status: 503 }), null)!;
    const later = troubleOf(attempt({ status: 500, startedAt: at(14, 9) }), first)!;
    expect(later.since).toBe(at(14, 2, 11));
    const other = troubleOf(attempt({ outcome: 'timeout', status: null, startedAt: at(14, 9) }), first)!;
    expect(other.since).toBe(at(14, 9));
  });
});

describe('retryText', () => {
  const now = at(14, 2, 30);
  it('says when it tries again, never a retry in the past', () => {
    expect(retryText(new Date(at(14, 2, 42)).toISOString(), now)).toBe('It tries again in 12 s.');
    expect(retryText(new Date(at(14, 2, 26)).toISOString(), now)).toBe('Trying again now.');
    expect(retryText(null, now)).toBe('It keeps trying.');
    expect(retryText(new Date(at(14, 30)).toISOString(), now)).toMatch(/^It tries again at \d\d:\d\d\.$/);
  });
});
