/**
 * Time as people on call read it: compact ages ("4m", "2h 05m", "3d 4h") for the queue,
 * relative phrases for tooltips ("12s ago", "in 30s") and a local clock time.
 */

/** How long ago `fromIso` was, compactly; "now" for the first seconds, never negative. */
export function formatAge(fromIso: string, nowMs: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '–';
  const seconds = Math.max(0, Math.floor((nowMs - from) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  const days = Math.floor(hours / 24);
  return `${days}d ${hours % 24}h`;
}

/** "12s ago", "5m ago" for the past; "in 30s" for the future. */
export function formatRelative(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  const deltaSeconds = Math.round((at - nowMs) / 1000);
  if (Math.abs(deltaSeconds) < 2) return 'now';
  const span = formatAge(new Date(nowMs - Math.abs(deltaSeconds) * 1000).toISOString(), nowMs);
  return deltaSeconds > 0 ? `in ${span}` : `${span} ago`;
}

/** Made once: toLocaleString with options builds a new formatter on every call (a millisecond each in a live update's frame). */
let timestampFormat: Intl.DateTimeFormat | null = null;

/** A local date and time to the second, for tooltips and the timeline. */
export function formatTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  timestampFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return timestampFormat.format(at);
}

/** "15:35" today, "Tue 09:00" within a week, "12 Dec 09:00" later: when a snooze ends, a shift starts. */
export function formatUntil(iso: string, nowMs: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  const now = new Date(nowMs);
  if (at.toDateString() === now.toDateString()) return time;
  if (at.getTime() - nowMs < 6 * 24 * 3600_000 && at.getTime() > nowMs)
    return `${at.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}
