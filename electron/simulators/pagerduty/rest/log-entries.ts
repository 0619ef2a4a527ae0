/**
 * REST v2 account-wide log entries: GET /log_entries (since/until, is_overview,
 * team_ids[], include[]=incidents embeds each entry's current incident, newest first)
 * and GET /log_entries/{id}.
 */
import { errors } from '../errors';
import { boolParam, includeParam, listParam, pageParams, paginate, timeParam } from './query';
import type { RestContext, RestResult, Route } from './router';

function listLogEntries(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const since = timeParam(query, 'since');
  const until = timeParam(query, 'until');
  if (since !== undefined && until !== undefined && since > until) throw errors.invalidDateRange(['since must be before until']);
  const overview = boolParam(query, 'is_overview');
  const teamIds = new Set(listParam(query, 'team_ids'));
  const entries = state.logEntriesBetween(since, until).filter((entry) => {
    if (overview && !entry.isOverview) return false;
    if (teamIds.size === 0) return true;
    return state.getIncident(entry.incidentId)?.teamIds.some((id) => teamIds.has(id)) ?? false;
  });
  entries.reverse();
  return { status: 200, body: paginate('log_entries', entries, page, (entry) => serializer.logEntry(entry, include)) };
}

function showLogEntry(context: RestContext): RestResult {
  const entry = context.state.getLogEntry(context.params.id ?? '');
  if (!entry) throw errors.notFound();
  return { status: 200, body: { log_entry: context.serializer.logEntry(entry, includeParam(context.query)) } };
}

export const logEntryRoutes: Route[] = [
  { method: 'GET', pattern: '/log_entries', handler: listLogEntries },
  { method: 'GET', pattern: '/log_entries/:id', handler: showLogEntry },
];
