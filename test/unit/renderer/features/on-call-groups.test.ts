import { describe, expect, it } from 'vitest';
import {
  contactLink,
  filterOnCallGroups,
  formatShiftEnd,
  formatTimeUntil,
  groupOnCalls,
  usefulContacts,
} from '../../../../renderer/src/features/oncall/on-call-groups';
import type { OnCall, User } from '../../../../shared/domain/directory';

const users: User[] = [
  {
    id: 'U1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    teamIds: [],
    contactMethods: [
      { type: 'email', label: 'Work', address: 'ada@example.com' },
      { type: 'phone', label: 'Mobile', address: '+44 (20) 7946-0000' },
      { type: 'push', label: 'iPhone', address: 'iPhone 15' },
    ],
  },
  { id: 'U2', name: 'Grace Hopper', email: 'grace@example.com', teamIds: [], contactMethods: [] },
];

const oncall = (user: string, policy: string, level: number, end: string | null, schedule: string | null = null): OnCall => ({
  user: { id: user, name: users.find((u) => u.id === user)?.name ?? user },
  escalationPolicy: { id: policy, name: policy === 'IM' ? 'Incident managers' : `Policy ${policy}` },
  level,
  schedule: schedule ? { id: schedule, name: schedule } : null,
  start: null,
  end,
});

describe('groupOnCalls', () => {
  it('puts the incident managers first, then policies by name, levels in order', () => {
    const groups = groupOnCalls(
      [oncall('U2', 'B', 2, null), oncall('U1', 'B', 1, '2025-01-01T09:00:00Z'), oncall('U1', 'A', 1, null), oncall('U2', 'IM', 1, null)],
      ['IM'],
      users,
    );
    expect(groups.map((g) => [g.policy.name, g.incidentManagers, g.levels.map((l) => l.level)])).toEqual([
      ['Incident managers', true, [1]],
      ['Policy A', false, [1]],
      ['Policy B', false, [1, 2]],
    ]);
    const ada = groups[2]!.levels[0]!.people[0]!;
    expect(ada).toMatchObject({ email: 'ada@example.com', until: '2025-01-01T09:00:00Z' });
    expect(ada.contacts.map((c) => c.href)).toEqual(['mailto:ada@example.com', 'tel:+442079460000']);
  });

  it('shows a person once per level, with the shift that lasts longest', () => {
    const groups = groupOnCalls(
      [
        oncall('U1', 'A', 1, '2025-01-01T09:00:00Z', 'S1'),
        oncall('U1', 'A', 1, '2025-01-02T09:00:00Z', 'S2'),
        oncall('U1', 'A', 1, '2025-01-01T08:00:00Z', 'S3'),
      ],
      [],
      users,
    );
    expect(groups[0]!.levels[0]!.people).toHaveLength(1);
    expect(groups[0]!.levels[0]!.people[0]!.schedule?.id).toBe('S2');
  });

  it('filters by policy or person', () => {
    const groups = groupOnCalls([oncall('U1', 'A', 1, null), oncall('U2', 'B', 1, null)], [], users);
    expect(filterOnCallGroups(groups, 'grace').map((g) => g.policy.id)).toEqual(['B']);
    expect(filterOnCallGroups(groups, 'policy b').map((g) => g.policy.id)).toEqual(['B']);
    expect(filterOnCallGroups(groups, '')).toHaveLength(2);
  });
});

describe('usefulContacts', () => {
  it('keeps openable methods, each address once', () => {
    const links = usefulContacts([
      { type: 'phone', label: 'Mobile', address: '+1 555 0100' },
      { type: 'sms', label: 'SMS', address: '+15550100' },
      { type: 'push', label: 'Phone app', address: 'device-1' },
      { type: 'email', label: 'Work', address: 'a@example.com' },
    ]);
    expect(links.map((link) => [link.label, link.href])).toEqual([
      ['Mobile', 'tel:+15550100'],
      ['Work', 'mailto:a@example.com'],
    ]);
  });
});

describe('contactLink', () => {
  it('links only addresses a browser can open', () => {
    expect(contactLink({ type: 'email', label: 'x', address: 'not an email' }).href).toBeNull();
    expect(contactLink({ type: 'sms', label: 'x', address: '+1 555 0100' }).href).toBe('tel:+15550100');
    expect(contactLink({ type: 'phone', label: 'x', address: 'ask the desk' }).href).toBeNull();
  });
});

describe('shift ends', () => {
  const now = Date.parse('2025-03-04T06:00:00Z');
  it('says how long until, coarsely', () => {
    expect(formatTimeUntil(now + 45 * 60_000, now)).toBe('in 45 min');
    expect(formatTimeUntil(now + 90 * 60_000, now)).toBe('in 1 h 30 min');
    expect(formatTimeUntil(now + 3 * 3_600_000, now)).toBe('in 3 h');
    expect(formatTimeUntil(now + 50 * 3_600_000, now)).toBe('in 2 d 2 h');
    expect(formatTimeUntil(now - 1, now)).toBe('now');
  });

  it('reads "until 09:00, in 3 h" in the given time zone, with a day name when not today', () => {
    expect(formatShiftEnd('2025-03-04T09:00:00Z', now, 'UTC')).toBe('until 09:00, in 3 h');
    expect(formatShiftEnd('2025-03-04T09:00:00Z', now, 'Europe/Berlin')).toBe('until 10:00, in 3 h');
    expect(formatShiftEnd('2025-03-05T09:00:00Z', now, 'UTC')).toMatch(/^until \S+ 09:00, in 1 d 3 h$/);
    expect(formatShiftEnd(null, now)).toBe('always on call');
  });
});
