/**
 * When a read of who is on call still answers for a policy: young enough, and every one of
 * the policy's shifts under way at that moment; policies with a shift ended (or not begun)
 * are left out for the caller to read again.
 */
import { describe, expect, it } from 'vitest';
import type { OnCall } from '../../../shared/domain/directory';
import { currentOnCallsByPolicy } from '../../../shared/rules/on-call-currency';

const T0 = Date.parse('2026-12-07T09:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function shift(policyId: string, userId: string, level: number, start: number | null, end: number | null): OnCall {
  return {
    user: { id: userId, name: userId },
    escalationPolicy: { id: policyId, name: policyId },
    level,
    schedule: null,
    start: start === null ? null : iso(start),
    end: end === null ? null : iso(end),
  };
}

const entries = [
  shift('EP1', 'U1', 1, T0 - 60 * MIN, T0 + 3 * MIN),
  shift('EP1', 'U2', 2, null, null),
  shift('EP2', 'U3', 1, T0 - 60 * MIN, T0 + 60 * MIN),
];

describe('currentOnCallsByPolicy', () => {
  it('gives every policy of a fresh read, its entries as read', () => {
    const byPolicy = currentOnCallsByPolicy({ entries, readAt: T0 }, T0 + MIN, 6 * MIN);
    expect([...byPolicy.keys()].sort()).toEqual(['EP1', 'EP2']);
    expect(byPolicy.get('EP1')!.map((entry) => entry.user.id)).toEqual(['U1', 'U2']);
  });

  it('leaves out a policy once one of its shifts has ended: the next person is not in the read', () => {
    const byPolicy = currentOnCallsByPolicy({ entries, readAt: T0 }, T0 + 3 * MIN, 6 * MIN);
    expect([...byPolicy.keys()]).toEqual(['EP2']);
  });

  it('leaves out a policy with a shift not begun yet at that moment', () => {
    const later = [shift('EP3', 'U4', 1, T0 + 2 * MIN, T0 + 60 * MIN), ...entries];
    expect(currentOnCallsByPolicy({ entries: later, readAt: T0 }, T0 + MIN, 6 * MIN).has('EP3')).toBe(false);
  });

  it('answers for nothing when the read is older than allowed, or from the future (a clock set back)', () => {
    expect(currentOnCallsByPolicy({ entries, readAt: T0 }, T0 + 6 * MIN + 1, 6 * MIN).size).toBe(0);
    expect([...currentOnCallsByPolicy({ entries, readAt: T0 }, T0 + 6 * MIN, 6 * MIN).keys()]).toEqual(['EP2']);
    expect(currentOnCallsByPolicy({ entries, readAt: T0 }, T0 - 1, 6 * MIN).size).toBe(0);
  });

  it('treats an end it cannot read as ended (read again rather than show the wrong person)', () => {
    const odd = [{ ...shift('EP4', 'U5', 1, null, null), end: 'soon' }];
    expect(currentOnCallsByPolicy({ entries: odd, readAt: T0 }, T0, 6 * MIN).size).toBe(0);
  });
});
