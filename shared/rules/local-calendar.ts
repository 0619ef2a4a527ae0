/**
 * Days and weeks as people in one time zone live them, for the response-metrics trend:
 * when the local day (midnight) and the local week (Monday, midnight) containing an
 * instant began, daylight-saving changes included (a local day lasts 23, 24 or 25 hours).
 * Pure ECMAScript (Intl), so the engine and the page agree given the same zone name.
 */
import { z } from 'zod';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True when Intl knows the zone (an IANA name such as "Europe/Berlin", or "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** A time zone name the console accepts at its boundary. */
export const TimeZoneName = z
  .string()
  .min(1)
  .max(64, 'A time zone name is at most 64 characters')
  .refine(isTimeZone, { message: 'Not a time zone this system knows (use an IANA name such as Europe/Berlin, or UTC)' });

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 for Monday ... 6 for Sunday. */
  weekday: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms (whole seconds). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const at = Math.floor(ms / 1000) * 1000;
  const wall = wallClock(at, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - at;
}

/** When the local day containing `ms` began (its midnight, or its first instant where midnight is skipped). */
export function startOfLocalDay(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const midnightAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day);
  // The offset at the instant, then at the guess: right on both sides of a DST change, and
  // where a change skips midnight (00:00 -> 01:00) the second guess lands on the 01:00.
  let start = midnightAsUtc - zoneOffsetMs(ms, timeZone);
  start = midnightAsUtc - zoneOffsetMs(start, timeZone);
  // Midnight repeated by a DST change (clocks go back 01:00 -> 00:00): the day began at the first one.
  if (wallClock(start - HOUR_MS, timeZone).day === wall.day) start -= HOUR_MS;
  return Math.min(start, ms);
}

/** When the local day after the one containing `ms` begins. */
export function startOfNextLocalDay(ms: number, timeZone: string): number {
  const next = startOfLocalDay(startOfLocalDay(ms, timeZone) + DAY_MS + 12 * HOUR_MS, timeZone);
  return next > ms ? next : ms + DAY_MS;
}

/** When the local week (Monday to Sunday) containing `ms` began. */
export function startOfLocalWeek(ms: number, timeZone: string): number {
  const dayStart = startOfLocalDay(ms, timeZone);
  const weekday = wallClock(dayStart, timeZone).weekday;
  // Noon of the Monday, then its start: whole days back whatever DST did in between.
  return startOfLocalDay(dayStart - weekday * DAY_MS + 12 * HOUR_MS, timeZone);
}

/** When the local week after the one containing `ms` begins. */
export function startOfNextLocalWeek(ms: number, timeZone: string): number {
  const next = startOfLocalDay(startOfLocalWeek(ms, timeZone) + 7 * DAY_MS + 12 * HOUR_MS, timeZone);
  return next > ms ? next : ms + 7 * DAY_MS;
}
