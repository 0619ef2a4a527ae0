/**
 * The out-of-hours policy: whether an incident of a given urgency notifies, rings and
 * repeats right now, from whether I am on call, my quiet hours and opt-ins, and a pause;
 * and the one sentence that says which rule is in force, for the tray and the settings.
 *
 * On call: high urgency always notifies (quiet hours do not stop it); low urgency only
 * if I asked for it and it is not quiet hours. Off call: quiet, unless I opted in for
 * that urgency (and it is not quiet hours). Paused: nothing notifies until the pause ends.
 * Times are the user's local time (the `now` Date's local hours).
 */
import type { Urgency } from '../domain/incident';
import type { NotificationPreferences } from '../domain/settings';

/** What the policy needs to know about the moment. */
export interface PolicyState {
  /** I am on call now for at least one escalation policy (PagerDuty /oncalls for me). */
  onCallNow: boolean;
  /** When the on-call shift ends (ISO 8601); absent or null when unknown or permanent. */
  onCallUntil?: string | null;
  now: Date;
  preferences: NotificationPreferences;
  /** Notifications are paused until this time (ISO 8601); absent, null or past = not paused. */
  pausedUntil?: string | null;
}

export interface NotificationQuestion extends PolicyState {
  urgency: Urgency;
}

export interface NotificationDecision {
  notify: boolean;
  /** Play the system sound (a silent notification otherwise). */
  sound: boolean;
  /** Remind again every repeatHighEverySeconds until acknowledged. */
  repeat: boolean;
  /** The rule in force, in one sentence (describeRuleInForce). */
  rule: string;
}

/** Decides what one incident of `urgency` does now. */
export function decideNotification(question: NotificationQuestion): NotificationDecision {
  const { urgency, onCallNow, preferences } = question;
  const rule = describeRuleInForce(question);
  if (isPaused(question)) return { notify: false, sound: false, repeat: false, rule };
  const quiet = isQuietHours(question.now, preferences.quietHours);
  let notify: boolean;
  if (onCallNow) notify = urgency === 'high' || (preferences.onCallLowUrgency && !quiet);
  else notify = preferences.offCallOptIn[urgency] && !quiet;
  return {
    notify,
    sound: notify && preferences.sound[urgency],
    repeat: notify && onCallNow && urgency === 'high' && preferences.repeatHighEverySeconds > 0,
    rule,
  };
}

/** The rule in force now, e.g. "On call until 09:00 - high urgency will ring". */
export function describeRuleInForce(state: PolicyState): string {
  const { now, preferences, onCallNow } = state;
  if (isPaused(state)) return `Paused until ${formatWhen(new Date(state.pausedUntil!), now)}`;
  const quietHours = preferences.quietHours;
  const quiet = isQuietHours(now, quietHours);
  if (onCallNow) {
    if (quiet) return `Quiet hours until ${quietHours.end} - only high urgency rings while you are on call`;
    const until = state.onCallUntil ? parseTime(state.onCallUntil) : null;
    return `On call${until ? ` until ${formatWhen(until, now)}` : ''} - high urgency will ring`;
  }
  const optedIn = (['high', 'low'] as const).filter((urgency) => preferences.offCallOptIn[urgency]);
  if (optedIn.length === 0) return 'Off call - no desktop notifications (opt in under Settings)';
  if (quiet) return `Off call, quiet hours until ${quietHours.end} - no desktop notifications`;
  return `Off call - ${optedIn.length === 2 ? 'high and low' : optedIn[0]} urgency will notify (opted in)`;
}

/** True while `state.pausedUntil` lies ahead of `state.now`. */
function isPaused(state: Pick<PolicyState, 'now' | 'pausedUntil'>): boolean {
  const until = state.pausedUntil ? parseTime(state.pausedUntil) : null;
  return until !== null && until.getTime() > state.now.getTime();
}

/**
 * Whether `now` (local time) falls in the quiet hours: start inclusive, end exclusive;
 * a window whose end is before its start wraps midnight; start = end means none.
 */
export function isQuietHours(now: Date, quietHours: NotificationPreferences['quietHours']): boolean {
  if (!quietHours.enabled) return false;
  const minute = now.getHours() * 60 + now.getMinutes();
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 24 * 60 * 60_000;

/** "09:00" within the next 24 hours, "Tue 09:00" within a week, else "12 May 09:00" (local time). */
export function formatWhen(when: Date, now: Date): string {
  const clock = `${pad(when.getHours())}:${pad(when.getMinutes())}`;
  const ahead = when.getTime() - now.getTime();
  if (ahead < DAY_MS) return clock;
  if (ahead < 7 * DAY_MS) return `${WEEKDAYS[when.getDay()]} ${clock}`;
  return `${when.getDate()} ${MONTHS[when.getMonth()]} ${clock}`;
}

function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function parseTime(iso: string): Date | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
