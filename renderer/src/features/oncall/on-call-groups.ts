/**
 * Who is on call, arranged for people: grouped by escalation policy and level, the
 * incident managers' policies first, each person with their contact methods as links
 * (email as mailto:, phone and SMS as tel:) and when their shift ends.
 */
import type { ContactMethod, OnCall, User } from '../../../../shared/domain/directory';
import type { Ref } from '../../../../shared/domain/incident';

export interface ContactLink {
  type: ContactMethod['type'];
  label: string;
  text: string;
  /** mailto: or tel:, or null for methods a browser cannot open (push). */
  href: string | null;
}

interface OnCallPerson {
  user: Ref;
  email: string | null;
  schedule: Ref | null;
  /** When the shift ends; null when on call permanently. */
  until: string | null;
  contacts: ContactLink[];
}

interface OnCallLevel {
  level: number;
  people: OnCallPerson[];
}

export interface OnCallPolicyGroup {
  policy: Ref;
  incidentManagers: boolean;
  levels: OnCallLevel[];
}

/** A contact method as a link the OS can open; phone numbers keep only dialable characters. */
export function contactLink(method: ContactMethod): ContactLink {
  const text = method.address.trim();
  let href: string | null = null;
  if (method.type === 'email' && /^[^\s@]+@[^\s@]+$/.test(text)) href = `mailto:${text}`;
  if ((method.type === 'phone' || method.type === 'sms') && /\d/.test(text)) {
    href = `tel:${text.replace(/[^\d+]/g, '')}`;
  }
  return { type: method.type, label: method.label, text, href };
}

/**
 * The contact methods worth showing: those a browser can open (email, phone, SMS), each
 * address once (an SMS number that is also the phone number is the same link).
 */
export function usefulContacts(methods: readonly ContactMethod[]): ContactLink[] {
  const seen = new Set<string>();
  const links: ContactLink[] = [];
  for (const link of methods.map(contactLink)) {
    if (!link.href || seen.has(link.href)) continue;
    seen.add(link.href);
    links.push(link);
  }
  return links;
}

/** Policies (incident managers first, then by name) with their levels and people. */
export function groupOnCalls(
  oncalls: readonly OnCall[],
  incidentManagerPolicyIds: readonly string[],
  users: readonly User[],
): OnCallPolicyGroup[] {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const managers = new Set(incidentManagerPolicyIds);
  const policies = new Map<string, { policy: Ref; levels: Map<number, Map<string, OnCallPerson>> }>();
  for (const oncall of oncalls) {
    let entry = policies.get(oncall.escalationPolicy.id);
    if (!entry) {
      entry = { policy: oncall.escalationPolicy, levels: new Map() };
      policies.set(oncall.escalationPolicy.id, entry);
    }
    let people = entry.levels.get(oncall.level);
    if (!people) {
      people = new Map();
      entry.levels.set(oncall.level, people);
    }
    const held = people.get(oncall.user.id);
    // The same person through several schedules: keep the shift that lasts longest.
    if (held && !endsLater(oncall.end, held.until)) continue;
    const user = usersById.get(oncall.user.id);
    people.set(oncall.user.id, {
      user: oncall.user,
      email: user?.email ?? null,
      schedule: oncall.schedule,
      until: oncall.end,
      contacts: usefulContacts(user?.contactMethods ?? []),
    });
  }
  return [...policies.values()]
    .map(({ policy, levels }) => ({
      policy,
      incidentManagers: managers.has(policy.id),
      levels: [...levels.entries()]
        .sort(([a], [b]) => a - b)
        .map(([level, people]) => ({ level, people: [...people.values()].sort((a, b) => a.user.name.localeCompare(b.user.name)) })),
    }))
    .sort((a, b) => Number(b.incidentManagers) - Number(a.incidentManagers) || a.policy.name.localeCompare(b.policy.name));
}

function endsLater(end: string | null, than: string | null): boolean {
  if (end === null) return than !== null;
  if (than === null) return false;
  return Date.parse(end) > Date.parse(than);
}

/** The groups whose policy, people or levels match the query (all words). */
export function filterOnCallGroups(groups: readonly OnCallPolicyGroup[], query: string): OnCallPolicyGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...groups];
  return groups.filter((group) => {
    const text = [group.policy.name, ...group.levels.flatMap((level) => level.people.map((person) => person.user.name))]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** "in 45 min", "in 3 h", "in 1 h 30 min", "in 2 d 4 h": how long until a time, coarsely. */
export function formatTimeUntil(endMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.round((endMs - nowMs) / 60_000));
  if (minutes < 1) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return hours < 2 && rest ? `in ${hours} h ${rest} min` : `in ${Math.round(minutes / 60)} h`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `in ${days} d ${restHours} h` : `in ${days} d`;
}

/** "until 09:00, in 3 h" (a day name added when it is not today); "permanently" for null. */
export function formatShiftEnd(end: string | null, nowMs: number, timeZone?: string): string {
  if (end === null) return 'always on call';
  const endMs = Date.parse(end);
  if (Number.isNaN(endMs)) return 'shift end unknown';
  const clock = new Date(endMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  const sameDay = dayKey(endMs, timeZone) === dayKey(nowMs, timeZone);
  const day = sameDay ? '' : `${new Date(endMs).toLocaleDateString(undefined, { weekday: 'short', timeZone })} `;
  return `until ${day}${clock}, ${formatTimeUntil(endMs, nowMs)}`;
}

function dayKey(ms: number, timeZone?: string): string {
  return new Date(ms).toLocaleDateString('en-CA', { timeZone });
}
