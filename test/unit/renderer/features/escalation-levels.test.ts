import { describe, expect, it } from 'vitest';
import { escalationChoices, suggestedLevel } from '../../../../renderer/src/features/actions/escalation-levels';
import type { EscalationPolicy, OnCall } from '../../../../shared/domain/directory';

const policy: EscalationPolicy = {
  id: 'EP1',
  name: 'Payments',
  teamIds: [],
  levels: [
    {
      level: 2,
      targets: [
        { id: 'U3', name: 'Direct Dana', type: 'user' },
        { id: 'SCH', name: 'Secondary', type: 'schedule' },
      ],
    },
    { level: 1, targets: [{ id: 'SCH1', name: 'Primary', type: 'schedule' }] },
  ],
};

const oncalls: OnCall[] = [
  {
    user: { id: 'U1', name: 'Ada' },
    escalationPolicy: { id: 'EP1', name: 'Payments' },
    level: 1,
    schedule: null,
    start: null,
    end: '2025-01-01T09:00:00Z',
  },
  {
    user: { id: 'U2', name: 'Grace' },
    escalationPolicy: { id: 'EP1', name: 'Payments' },
    level: 2,
    schedule: null,
    start: null,
    end: null,
  },
  { user: { id: 'U9', name: 'Other' }, escalationPolicy: { id: 'EP2', name: 'Other' }, level: 1, schedule: null, start: null, end: null },
];

describe('escalationChoices', () => {
  it("uses the incident's escalation path when there is one", () => {
    const choices = escalationChoices(
      {
        policy: { id: 'EP1', name: 'Payments' },
        currentLevel: 1,
        levels: [
          { level: 2, onCall: [] },
          { level: 1, onCall: [{ user: { id: 'U1', name: 'Ada' }, until: null }] },
        ],
      },
      policy,
      oncalls,
    );
    expect(choices.map((c) => [c.level, c.current, c.people.map((p) => p.user.name)])).toEqual([
      [1, true, ['Ada']],
      [2, false, []],
    ]);
    expect(suggestedLevel(choices)).toBe(2);
  });

  it("falls back to the policy's levels and who is on call for it", () => {
    const choices = escalationChoices(null, policy, oncalls);
    expect(choices.map((c) => [c.level, c.people.map((p) => [p.user.name, p.until])])).toEqual([
      [1, [['Ada', '2025-01-01T09:00:00Z']]],
      [
        2,
        [
          ['Grace', null],
          ['Direct Dana', null],
        ],
      ],
    ]);
    expect(suggestedLevel(choices)).toBe(2);
  });

  it('has nothing to offer without a path or policy', () => {
    expect(escalationChoices(null, null, oncalls)).toEqual([]);
    expect(suggestedLevel([])).toBeNull();
  });

  it('offers the last level when the incident is already there', () => {
    expect(
      suggestedLevel([
        { level: 1, people: [], current: false },
        { level: 2, people: [], current: true },
      ]),
    ).toBe(2);
  });
});
