/**
 * REST v2 change events: GET /change_events, GET /change_events/{id} and
 * GET /services/{id}/change_events, newest first, with the documented filters (since/until
 * as UTC ISO 8601, 400 for any other zone; team_ids[], integration_ids[]) and the classic
 * offset pagination.
 */
import { errors } from '../errors';
import type { ChangeEventRecord } from '../types';
import { listParam, pageParams, paginate } from './query';
import type { RestContext, RestResult, Route } from './router';

/** An ISO 8601 date-time in UTC ("Z", or an offset of zero). */
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)$/i;

/** since/until: "a UTC ISO 8601 datetime string. Will return an HTTP 400 for non-UTC datetimes." */
function utcParam(query: URLSearchParams, name: 'since' | 'until'): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (!UTC_DATE_TIME.test(value) || Number.isNaN(ms)) {
    throw errors.invalidDateRange([`${name} must be a UTC ISO 8601 datetime such as 2020-07-17T08:42:58Z (got "${value}")`]);
  }
  return ms;
}

/** The change events the query asks for (one service's, or all), newest first, as one page. */
function listFiltered(context: RestContext, serviceId: string | null): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const since = utcParam(query, 'since');
  const until = utcParam(query, 'until');
  if (since !== undefined && until !== undefined && since > until) throw errors.invalidDateRange(['since must be before until']);
  const teamIds = new Set(listParam(query, 'team_ids'));
  const integrationIds = new Set(listParam(query, 'integration_ids'));
  const matches = (event: ChangeEventRecord): boolean => {
    if (serviceId !== null && event.serviceId !== serviceId) return false;
    if (since !== undefined && event.timestamp < since) return false;
    if (until !== undefined && event.timestamp >= until) return false;
    if (integrationIds.size > 0 && !integrationIds.has(event.integrationId)) return false;
    if (teamIds.size > 0 && !(state.getService(event.serviceId)?.teamIds.some((id) => teamIds.has(id)) ?? false)) return false;
    return true;
  };
  const events = state.changeEvents.list().filter(matches);
  return { status: 200, body: paginate('change_events', events, page, (event) => serializer.changeEvent(event)) };
}

function listChangeEvents(context: RestContext): RestResult {
  return listFiltered(context, null);
}

function listServiceChangeEvents(context: RestContext): RestResult {
  const service = context.state.getService(context.params.id ?? '');
  if (!service) throw errors.notFound();
  return listFiltered(context, service.id);
}

function showChangeEvent(context: RestContext): RestResult {
  const event = context.state.changeEvents.get(context.params.id ?? '');
  if (!event) throw errors.notFound();
  return { status: 200, body: { change_event: context.serializer.changeEvent(event) } };
}

export const changeEventRoutes: Route[] = [
  { method: 'GET', pattern: '/change_events', handler: listChangeEvents },
  { method: 'GET', pattern: '/change_events/:id', handler: showChangeEvent },
  { method: 'GET', pattern: '/services/:id/change_events', handler: listServiceChangeEvents },
];
