/**
 * The reporting API's incident history, `GET /api-reporting/v2/incidents` (L2812): the
 * filters of the SPEC (entityId, incidentNumber with lists and ranges "4,5,20:50",
 * startedAfter / startedBefore in ISO-8601, host, service, routingKey, currentPhase as
 * comma-separated lists), resolved incidents only unless currentPhase says otherwise, and
 * offset / limit paging (default 20, at most 100). A bad value is 400 with a message.
 *
 * Not documented, chosen here: newest first (by start time); no reporting lag (v1 says "may
 * be up to 15 minutes behind", v2 says nothing); both `startedAfter` and `startedBefore`
 * are exclusive; currentPhase accepts the live spelling (ACKED, ...) too.
 */
import { voErrors } from './errors';
import type { Serializer } from './serializers';
import type { SplunkOnCallState } from './state';
import type { IncidentPhase, IncidentRecord } from './types';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const PHASE_WORDS: Record<string, IncidentPhase> = {
  resolved: 'resolved',
  triggered: 'triggered',
  acknowledged: 'acknowledged',
  unacked: 'triggered',
  acked: 'acknowledged',
};

function list(query: URLSearchParams, name: string): string[] | null {
  const value = query.get(name);
  if (value === null || value.trim() === '') return null;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function wholeNumber(query: URLSearchParams, name: string, fallback: number, max?: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw voErrors.badRequest(`${name} must be a whole number, got "${value}"`);
  if (max !== undefined && number > max) throw voErrors.badRequest(`${name} must be at most ${max}, got ${number}`);
  return number;
}

function instant(query: URLSearchParams, name: string): number | null {
  const value = query.get(name);
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw voErrors.badRequest(`${name} must be an ISO-8601 timestamp, got "${value}"`);
  return ms;
}

/** "4,5,20:50" -> a test for incident numbers. */
function numberMatcher(query: URLSearchParams): ((number: number) => boolean) | null {
  const parts = list(query, 'incidentNumber');
  if (!parts) return null;
  const ranges = parts.map((part) => {
    const match = /^(\d+)(?::(\d+))?$/.exec(part);
    if (!match) throw voErrors.badRequest(`incidentNumber takes numbers and ranges like 4,5,20:50, got "${part}"`);
    return [Number(match[1]), Number(match[2] ?? match[1])] as const;
  });
  return (number) => ranges.some(([from, to]) => number >= from && number <= to);
}

function phases(query: URLSearchParams): Set<IncidentPhase> {
  const words = list(query, 'currentPhase') ?? ['resolved'];
  return new Set(
    words.map((word) => {
      const phase = PHASE_WORDS[word.toLowerCase()];
      if (!phase) throw voErrors.badRequest(`currentPhase takes resolved, triggered or acknowledged, got "${word}"`);
      return phase;
    }),
  );
}

export function incidentHistory(state: SplunkOnCallState, serializer: Serializer, query: URLSearchParams): Record<string, unknown> {
  const offset = wholeNumber(query, 'offset', 0);
  const limit = wholeNumber(query, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
  const after = instant(query, 'startedAfter');
  const before = instant(query, 'startedBefore');
  const numbers = numberMatcher(query);
  const wanted = phases(query);
  const entityId = query.get('entityId');
  const hosts = list(query, 'host');
  const services = list(query, 'service');
  const routingKeys = list(query, 'routingKey')?.map((key) => key.toLowerCase());
  const matches = (incident: IncidentRecord): boolean =>
    wanted.has(incident.phase) &&
    (after === null || incident.startTime > after) &&
    (before === null || incident.startTime < before) &&
    (numbers === null || numbers(incident.number)) &&
    (!entityId || incident.entityId === entityId) &&
    (!hosts || (incident.host !== undefined && hosts.includes(incident.host))) &&
    (!services || (incident.service !== undefined && services.includes(incident.service))) &&
    (!routingKeys || routingKeys.includes(incident.routingKey.toLowerCase()));
  const found = state.incidents.filter(matches).sort((a, b) => b.startTime - a.startTime || b.number - a.number);
  return {
    offset,
    limit,
    total: found.length,
    incidents: found.slice(offset, offset + limit).map((incident) => serializer.historyIncident(incident)),
  };
}
