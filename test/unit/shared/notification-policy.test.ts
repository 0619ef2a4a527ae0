// The out-of-hours policy, table-driven: on call / off call, quiet hours (wrapping
// midnight), urgency, opt-ins and a pause, with the rule sentence the tray shows.
import { describe, expect, it } from 'vitest';
import { NotificationPreferences } from '../../../shared/domain/settings';
import {
  decideNotification,
  describeRuleInForce,
  formatWhen,
  isQuietHours,
  type NotificationQuestion,
} from '../../../shared/rules/notification-policy';

const defaults = NotificationPreferences.parse({});
/** Local time on a fixed day (the policy reads local hours). */
const at = (hours: number, minutes = 0) => new Date(2026, 2, 10, hours, minutes);
const iso = (date: Date) => date.toISOString();

type Row = {
  name: string;
  question: Partial<NotificationQuestion>;
  prefs?: Partial<NotificationPreferences>;
  notify: boolean;
  sound: boolean;
  repeat: boolean;
  rule: string | RegExp;
};

const rows: Row[] = [
  // On call, daytime
  {
    name: 'on call, day, high',
    question: { onCallNow: true, urgency: 'high', now: at(14), onCallUntil: iso(at(23)) },
    notify: true,
    sound: true,
    repeat: true,
    rule: 'On call until 23:00 - high urgency will ring',
  },
  {
    name: 'on call, day, low',
    question: { onCallNow: true, urgency: 'low', now: at(14) },
    notify: true,
    sound: false,
    repeat: false,
    rule: 'On call - high urgency will ring',
  },
  {
    name: 'on call, day, low, low urgency turned off',
    question: { onCallNow: true, urgency: 'low', now: at(14) },
    prefs: { onCallLowUrgency: false },
    notify: false,
    sound: false,
    repeat: false,
    rule: /^On call/,
  },
  {
    name: 'on call, day, low with low sound on',
    question: { onCallNow: true, urgency: 'low', now: at(9) },
    prefs: { sound: { high: true, low: true } },
    notify: true,
    sound: true,
    repeat: false,
    rule: /^On call/,
  },
  // On call, quiet hours (22:00-07:00 wraps midnight)
  {
    name: 'on call, 23:30, high rings anyway',
    question: { onCallNow: true, urgency: 'high', now: at(23, 30) },
    notify: true,
    sound: true,
    repeat: true,
    rule: 'Quiet hours until 07:00 - only high urgency rings while you are on call',
  },
  {
    name: 'on call, 03:00, high rings anyway',
    question: { onCallNow: true, urgency: 'high', now: at(3) },
    notify: true,
    sound: true,
    repeat: true,
    rule: /^Quiet hours until 07:00/,
  },
  {
    name: 'on call, 03:00, low stays quiet',
    question: { onCallNow: true, urgency: 'low', now: at(3) },
    notify: false,
    sound: false,
    repeat: false,
    rule: /^Quiet hours/,
  },
  {
    name: 'on call, 22:00 (start, inclusive), low quiet',
    question: { onCallNow: true, urgency: 'low', now: at(22) },
    notify: false,
    sound: false,
    repeat: false,
    rule: /^Quiet hours/,
  },
  {
    name: 'on call, 07:00 (end, exclusive), low notifies',
    question: { onCallNow: true, urgency: 'low', now: at(7) },
    notify: true,
    sound: false,
    repeat: false,
    rule: /^On call/,
  },
  {
    name: 'on call, quiet hours off, 03:00 low notifies',
    question: { onCallNow: true, urgency: 'low', now: at(3) },
    prefs: { quietHours: { enabled: false, start: '22:00', end: '07:00' } },
    notify: true,
    sound: false,
    repeat: false,
    rule: /^On call/,
  },
  {
    name: 'on call, high sound off: notifies silently',
    question: { onCallNow: true, urgency: 'high', now: at(12) },
    prefs: { sound: { high: false, low: false } },
    notify: true,
    sound: false,
    repeat: true,
    rule: /^On call/,
  },
  {
    name: 'on call, repeat disabled',
    question: { onCallNow: true, urgency: 'high', now: at(12) },
    prefs: { repeatHighEverySeconds: 0 },
    notify: true,
    sound: true,
    repeat: false,
    rule: /^On call/,
  },
  // Off call
  {
    name: 'off call, day, high, no opt-in',
    question: { onCallNow: false, urgency: 'high', now: at(14) },
    notify: false,
    sound: false,
    repeat: false,
    rule: 'Off call - no desktop notifications (opt in under Settings)',
  },
  {
    name: 'off call, day, low, no opt-in',
    question: { onCallNow: false, urgency: 'low', now: at(14) },
    notify: false,
    sound: false,
    repeat: false,
    rule: 'Off call - no desktop notifications (opt in under Settings)',
  },
  {
    name: 'off call, day, high, opted in',
    question: { onCallNow: false, urgency: 'high', now: at(14) },
    prefs: { offCallOptIn: { high: true, low: false } },
    notify: true,
    sound: true,
    repeat: false,
    rule: 'Off call - high urgency will notify (opted in)',
  },
  {
    name: 'off call, day, low, only high opted in',
    question: { onCallNow: false, urgency: 'low', now: at(14) },
    prefs: { offCallOptIn: { high: true, low: false } },
    notify: false,
    sound: false,
    repeat: false,
    rule: /opted in/,
  },
  {
    name: 'off call, day, low, both opted in',
    question: { onCallNow: false, urgency: 'low', now: at(14) },
    prefs: { offCallOptIn: { high: true, low: true } },
    notify: true,
    sound: false,
    repeat: false,
    rule: 'Off call - high and low urgency will notify (opted in)',
  },
  {
    name: 'off call, night, high, opted in: quiet hours win',
    question: { onCallNow: false, urgency: 'high', now: at(1) },
    prefs: { offCallOptIn: { high: true, low: false } },
    notify: false,
    sound: false,
    repeat: false,
    rule: 'Off call, quiet hours until 07:00 - no desktop notifications',
  },
  // Paused
  {
    name: 'paused, on call, high',
    question: { onCallNow: true, urgency: 'high', now: at(13), pausedUntil: iso(at(14, 30)) },
    notify: false,
    sound: false,
    repeat: false,
    rule: 'Paused until 14:30',
  },
  {
    name: 'paused, at night, on call, high',
    question: { onCallNow: true, urgency: 'high', now: at(23), pausedUntil: iso(at(23, 45)) },
    notify: false,
    sound: false,
    repeat: false,
    rule: 'Paused until 23:45',
  },
  {
    name: 'pause over',
    question: { onCallNow: true, urgency: 'high', now: at(15), pausedUntil: iso(at(14, 30)) },
    notify: true,
    sound: true,
    repeat: true,
    rule: /^On call/,
  },
];

describe('decideNotification', () => {
  it.each(rows)('$name', (row) => {
    const decision = decideNotification({
      urgency: 'high',
      onCallNow: false,
      now: at(12),
      ...row.question,
      preferences: { ...defaults, ...row.prefs },
    });
    expect({ notify: decision.notify, sound: decision.sound, repeat: decision.repeat }).toEqual({
      notify: row.notify,
      sound: row.sound,
      repeat: row.repeat,
    });
    if (typeof row.rule === 'string') expect(decision.rule).toBe(row.rule);
    else expect(decision.rule).toMatch(row.rule);
  });
});

describe('isQuietHours', () => {
  it.each([
    { start: '22:00', end: '07:00', time: at(21, 59), quiet: false },
    { start: '22:00', end: '07:00', time: at(0), quiet: true },
    { start: '22:00', end: '07:00', time: at(6, 59), quiet: true },
    { start: '12:00', end: '13:30', time: at(13, 15), quiet: true },
    { start: '12:00', end: '13:30', time: at(13, 30), quiet: false },
    { start: '12:00', end: '13:30', time: at(11, 59), quiet: false },
    { start: '08:00', end: '08:00', time: at(8), quiet: false },
  ])('$start-$end at $time.getHours():$time.getMinutes() is quiet: $quiet', ({ start, end, time, quiet }) => {
    expect(isQuietHours(time, { enabled: true, start, end })).toBe(quiet);
  });
});

describe('describeRuleInForce', () => {
  it('names the weekday when the shift ends more than a day ahead', () => {
    const ends = new Date(2026, 2, 12, 9, 0); // a Thursday
    expect(describeRuleInForce({ onCallNow: true, onCallUntil: iso(ends), now: at(12), preferences: defaults })).toBe(
      'On call until Thu 09:00 - high urgency will ring',
    );
  });

  it('formats far-off times with the date', () => {
    expect(formatWhen(new Date(2026, 4, 12, 9, 5), at(12))).toBe('12 May 09:05');
  });
});
