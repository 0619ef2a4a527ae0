/**
 * Snooze lengths: the presets, a parser for a custom length typed as people say it
 * ("90m", "1h 30m", "2h", "1d", a bare number is minutes), and which incidents can be
 * snoozed at all (PagerDuty snoozes acknowledged incidents only, for up to 7 days).
 */
import type { Incident } from '../../../../shared/domain/incident';

const MIN_SNOOZE_SECONDS = 60;
const MAX_SNOOZE_SECONDS = 7 * 24 * 3600;

export const SNOOZE_PRESETS: readonly { label: string; seconds: number }[] = [
  { label: '30 min', seconds: 30 * 60 },
  { label: '1 h', seconds: 3600 },
  { label: '4 h', seconds: 4 * 3600 },
  { label: '8 h', seconds: 8 * 3600 },
  { label: '24 h', seconds: 24 * 3600 },
];

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3600, m: 60 };

export type ParsedDuration = { ok: true; seconds: number } | { ok: false; problem: string };

/** "1h 30m" -> 5400 seconds; says what is wrong otherwise. */
export function parseDuration(text: string): ParsedDuration {
  const input = text.trim().toLowerCase();
  if (!input) return { ok: false, problem: 'Type a length, e.g. 90m, 2h or 1d 4h' };
  let seconds = 0;
  if (/^\d+$/.test(input)) {
    seconds = Number(input) * 60;
  } else {
    const normalised = input
      .replace(/\s+/g, '')
      .replace(/(days?)/g, 'd')
      .replace(/(hours?|hrs?)/g, 'h')
      .replace(/(minutes?|mins?)/g, 'm');
    if (!/^(\d+(\.\d+)?[dhm])+$/.test(normalised)) {
      return { ok: false, problem: `"${text.trim()}" is not a length: use minutes, hours and days, e.g. 90m, 2h or 1d 4h` };
    }
    for (const match of normalised.matchAll(/(\d+(?:\.\d+)?)([dhm])/g)) {
      seconds += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
    }
  }
  seconds = Math.round(seconds);
  if (seconds < MIN_SNOOZE_SECONDS) return { ok: false, problem: 'Snooze for at least 1 minute' };
  if (seconds > MAX_SNOOZE_SECONDS) return { ok: false, problem: 'PagerDuty snoozes for at most 7 days' };
  return { ok: true, seconds };
}

/** 5400 -> "1 h 30 min", for confirmations and the action tray. */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes ? `${minutes} min` : ''].filter(Boolean);
  return parts.join(' ') || '0 min';
}

/** Splits the targets into those that can be snoozed (acknowledged) and those that cannot. */
export function snoozeable(incidents: readonly Pick<Incident, 'id' | 'status'>[]): { can: string[]; cannot: string[] } {
  const can: string[] = [];
  const cannot: string[] = [];
  for (const incident of incidents) (incident.status === 'acknowledged' ? can : cannot).push(incident.id);
  return { can, cannot };
}
