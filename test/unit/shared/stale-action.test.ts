/** The rule that keeps an action from undoing what someone else just did. */
import { describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../../shared/domain/action';
import { agoText, staleRefusal } from '../../../shared/rules/stale-action';
import { makeIncident } from '../../support/fake-paging-provider';

const now = Date.parse('2026-12-06T14:05:10Z');
const resolvedByMarcus = makeIncident('Q7', {
  number: 7,
  status: 'resolved',
  updatedAt: '2026-12-06T14:05:06Z',
  statusChangedBy: { id: 'PMARCUS', name: 'Marcus Chen' },
});
const check = (request: Parameters<typeof staleRefusal>[0]['request'], current = resolvedByMarcus, meId: string | null = 'PDANA') =>
  staleRefusal({ request, current, meId, actionCreatedAt: now - 1_000, now, platformName: 'PagerDuty' });

describe('staleRefusal', () => {
  it.each<[ActionRequest, string | null]>([
    [{ kind: 'acknowledge', incidentIds: ['Q7'] }, '#7 is already resolved, by Marcus Chen 4 s ago'],
    [{ kind: 'resolve', incidentIds: ['Q7'] }, '#7 is already resolved, by Marcus Chen 4 s ago'],
    [{ kind: 'snooze', incidentIds: ['Q7'], durationSeconds: 3600 }, '#7 is already resolved, by Marcus Chen 4 s ago'],
    [{ kind: 'escalate', incidentIds: ['Q7'], level: 2 }, '#7 is already resolved, by Marcus Chen 4 s ago'],
    [{ kind: 'setPriority', incidentIds: ['Q7'], priorityId: 'P1' }, '#7 is already resolved, by Marcus Chen 4 s ago'],
    [{ kind: 'addNote', incidentIds: ['Q7'], content: 'post-mortem tomorrow' }, null],
  ])('%o on a resolved incident: %s', (request, refusal) => {
    expect(check(request)).toBe(refusal);
  });

  it('lets an acknowledge of an open incident go, and refuses one the platform does not know', () => {
    expect(check({ kind: 'acknowledge', incidentIds: ['Q7'] }, makeIncident('Q7'))).toBeNull();
    const unknown = (platformName: string) =>
      staleRefusal({
        request: { kind: 'acknowledge', incidentIds: ['Q9'] },
        current: undefined,
        meId: null,
        actionCreatedAt: now,
        now,
        platformName,
      });
    expect(unknown('PagerDuty')).toBe('PagerDuty has no open incident with this id (resolved, merged or never there)');
    // With several platforms, the incident's own platform is named.
    expect(unknown('Splunk On-Call')).toBe('Splunk On-Call has no open incident with this id (resolved, merged or never there)');
  });

  it("treats the user's own resolve since the action was recorded as the action's (a replay), but not someone else's", () => {
    const byMe = { ...resolvedByMarcus, statusChangedBy: { id: 'PDANA', name: 'Dana Developer' } };
    expect(check({ kind: 'resolve', incidentIds: ['Q7'] }, byMe)).toBeNull();
    expect(check({ kind: 'acknowledge', incidentIds: ['Q7'] }, byMe)).toBe('#7 is already resolved, by Dana Developer 4 s ago');
  });

  it('refuses a reassignment of an incident reassigned since the user looked, and lets one go that is as seen', () => {
    const moved = makeIncident('Q7', {
      number: 7,
      assignees: [{ id: 'PMARCUS', name: 'Marcus Chen' }],
      escalationPolicy: { id: 'EP1', name: 'Payments' },
    });
    const request = { kind: 'reassign' as const, incidentIds: ['Q7'], to: { type: 'users' as const, userIds: ['PVICTOR'] } };
    expect(check({ ...request, seen: { Q7: { assigneeIds: ['PDANA'], escalationPolicyId: 'EP1' } } }, moved)).toBe(
      '#7 was reassigned to Marcus Chen after you looked at it',
    );
    expect(check({ ...request, seen: { Q7: { assigneeIds: ['PMARCUS'], escalationPolicyId: 'EP1' } } }, moved)).toBeNull();
    expect(check(request, moved)).toBeNull();
  });

  it('says how long ago in words', () => {
    expect([0, 4_200, 59_000, 61_000, 3 * 3600_000, 50 * 3600_000].map(agoText)).toEqual([
      'just now',
      '4 s ago',
      '59 s ago',
      '1 min ago',
      '3 h ago',
      '2 days ago',
    ]);
  });
});
