/**
 * REST v2 directory routes: users (and /users/me), teams, services (include[]=integrations
 * shows each Events API v2 integration key), escalation policies, schedules, who is on
 * call (/oncalls) and priorities.
 */
import { errors } from '../errors';
import type { IncidentRecord, ServiceRecord } from '../types';
import { isoTime } from '../serializers';
import { boolParam, includeParam, listParam, matchesQuery, pageParams, paginate, timeParam } from './query';
import type { RestContext, RestResult, Route } from './router';

const DAY = 24 * 60 * 60 * 1000;

function ok(body: unknown): RestResult {
  return { status: 200, body };
}

function me(context: RestContext): RestResult {
  return ok({ user: context.serializer.fullUser(context.caller, includeParam(context.query)) });
}

function listUsers(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const teamIds = new Set(listParam(query, 'team_ids'));
  const users = state.users.filter(
    (user) => matchesQuery(query, user.name, user.email) && (teamIds.size === 0 || user.teamIds.some((id) => teamIds.has(id))),
  );
  return ok(paginate('users', users, page, (user) => serializer.fullUser(user, include)));
}

function showUser(context: RestContext): RestResult {
  const user = context.state.getUser(context.params.id ?? '');
  if (!user) throw errors.notFound();
  return ok({ user: context.serializer.fullUser(user, includeParam(context.query)) });
}

function listTeams(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const teams = state.teams.filter((team) => matchesQuery(query, team.name));
  return ok(paginate('teams', teams, pageParams(query), (team) => serializer.fullTeam(team)));
}

function showTeam(context: RestContext): RestResult {
  const team = context.state.getTeam(context.params.id ?? '');
  if (!team) throw errors.notFound();
  return ok({ team: context.serializer.fullTeam(team) });
}

/** Service status as PagerDuty derives it: critical with open high-urgency incidents, warning with open low-urgency ones. */
function serviceHealth(incidents: IncidentRecord[]): Map<string, { status: string; last: number }> {
  const health = new Map<string, { status: string; last: number }>();
  for (const incident of incidents) {
    const current = health.get(incident.serviceId) ?? { status: 'active', last: 0 };
    current.last = Math.max(current.last, incident.createdAt);
    if (incident.status !== 'resolved') {
      if (incident.urgency === 'high') current.status = 'critical';
      else if (current.status === 'active') current.status = 'warning';
    }
    health.set(incident.serviceId, current);
  }
  return health;
}

function serialiseService(
  context: RestContext,
  service: ServiceRecord,
  include: ReadonlySet<string>,
  health: Map<string, { status: string; last: number }>,
): unknown {
  const found = health.get(service.id);
  return context.serializer.fullService(service, include, found?.status ?? 'active', found ? found.last : null);
}

function listServices(context: RestContext): RestResult {
  const { query, state } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const teamIds = new Set(listParam(query, 'team_ids'));
  const name = query.get('name');
  let services = state.services.filter(
    (service) =>
      matchesQuery(query, service.name) &&
      (teamIds.size === 0 || service.teamIds.some((id) => teamIds.has(id))) &&
      (name === null || service.name === name),
  );
  const sortBy = query.get('sort_by');
  if (sortBy !== null) {
    if (!['name', 'name:asc', 'name:desc'].includes(sortBy))
      throw errors.invalidInput([`sort_by must be name, name:asc or name:desc (got "${sortBy}")`]);
    services = [...services].sort((a, b) => a.name.localeCompare(b.name) * (sortBy === 'name:desc' ? -1 : 1));
  }
  const health = serviceHealth(state.listIncidents());
  return ok(paginate('services', services, page, (service) => serialiseService(context, service, include, health)));
}

function showService(context: RestContext): RestResult {
  const service = context.state.getService(context.params.id ?? '');
  if (!service) throw errors.notFound();
  const health = serviceHealth(context.state.listIncidents({ serviceIds: [service.id] }));
  return ok({ service: serialiseService(context, service, includeParam(context.query), health) });
}

function showIntegration(context: RestContext): RestResult {
  const service = context.state.getService(context.params.id ?? '');
  if (!service || service.integration.id !== context.params.integration_id) throw errors.notFound();
  return ok({ integration: context.serializer.integration(service) });
}

function listPolicies(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const teamIds = new Set(listParam(query, 'team_ids'));
  const userIds = new Set(listParam(query, 'user_ids'));
  const policies = state.escalationPolicies.filter((policy) => {
    if (!matchesQuery(query, policy.name)) return false;
    if (teamIds.size > 0 && !policy.teamIds.some((id) => teamIds.has(id))) return false;
    if (userIds.size === 0) return true;
    return policy.rules.some((rule) =>
      rule.targets.some((target) =>
        target.type === 'user' ? userIds.has(target.id) : (state.getSchedule(target.id)?.userIds ?? []).some((id) => userIds.has(id)),
      ),
    );
  });
  return ok(paginate('escalation_policies', policies, page, (policy) => serializer.fullPolicy(policy)));
}

function showPolicy(context: RestContext): RestResult {
  const policy = context.state.getEscalationPolicy(context.params.id ?? '');
  if (!policy) throw errors.notFound();
  return ok({ escalation_policy: context.serializer.fullPolicy(policy) });
}

function listSchedules(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const schedules = state.schedules.filter((schedule) => matchesQuery(query, schedule.name));
  return ok(paginate('schedules', schedules, pageParams(query), (schedule) => serializer.fullSchedule(schedule)));
}

function showSchedule(context: RestContext): RestResult {
  const schedule = context.state.getSchedule(context.params.id ?? '');
  if (!schedule) throw errors.notFound();
  return ok({ schedule: context.serializer.fullSchedule(schedule) });
}

interface OncallRow {
  userId: string;
  scheduleId: string | null;
  policyId: string;
  level: number;
  start: number | null;
  end: number | null;
}

function listOncalls(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  const page = pageParams(query);
  const include = includeParam(query);
  const now = state.now();
  const since = timeParam(query, 'since') ?? now;
  const until = timeParam(query, 'until') ?? (query.get('since') !== null ? since : now);
  if (since > until) throw errors.invalidDateRange(['since must be before until']);
  if (until - since > 90 * DAY) throw errors.invalidDateRange(['The date range may span at most 90 days']);
  const userIds = new Set(listParam(query, 'user_ids'));
  const policyIds = new Set(listParam(query, 'escalation_policy_ids'));
  const scheduleIds = new Set(listParam(query, 'schedule_ids'));
  let rows: OncallRow[] = [];
  for (const policy of state.escalationPolicies) {
    if (policyIds.size > 0 && !policyIds.has(policy.id)) continue;
    policy.rules.forEach((rule, index) => {
      for (const target of rule.targets) {
        if (target.type === 'user') {
          if (scheduleIds.size > 0) continue;
          rows.push({ userId: target.id, scheduleId: null, policyId: policy.id, level: index + 1, start: null, end: null });
          continue;
        }
        if (scheduleIds.size > 0 && !scheduleIds.has(target.id)) continue;
        const schedule = state.getSchedule(target.id);
        if (!schedule) continue;
        for (const shift of state.shiftsBetween(schedule, since, until)) {
          rows.push({
            userId: shift.userId,
            scheduleId: schedule.id,
            policyId: policy.id,
            level: index + 1,
            start: shift.start,
            end: shift.end,
          });
        }
      }
    });
  }
  if (userIds.size > 0) rows = rows.filter((row) => userIds.has(row.userId));
  if (boolParam(query, 'earliest')) {
    const seen = new Set<string>();
    rows = rows.filter((row) => {
      const key = `${row.policyId} ${row.level} ${row.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const serialiseSchedule = (id: string): unknown => {
    const schedule = include.has('schedules') ? state.getSchedule(id) : undefined;
    return schedule ? serializer.fullSchedule(schedule) : serializer.scheduleRef(id);
  };
  return ok(
    paginate('oncalls', rows, page, (row) => ({
      user: include.has('users') ? serializer.user(row.userId) : serializer.userRef(row.userId),
      schedule: row.scheduleId === null ? null : serialiseSchedule(row.scheduleId),
      escalation_policy: include.has('escalation_policies') ? serializer.policy(row.policyId) : serializer.policyRef(row.policyId),
      escalation_level: row.level,
      start: row.start === null ? null : isoTime(row.start),
      end: row.end === null ? null : isoTime(row.end),
    })),
  );
}

function listPriorities(context: RestContext): RestResult {
  const { query, state, serializer } = context;
  return ok(paginate('priorities', state.priorities, pageParams(query), (priority) => serializer.fullPriority(priority)));
}

export const directoryRoutes: Route[] = [
  { method: 'GET', pattern: '/users/me', handler: me },
  { method: 'GET', pattern: '/users', handler: listUsers },
  { method: 'GET', pattern: '/users/:id', handler: showUser },
  { method: 'GET', pattern: '/teams', handler: listTeams },
  { method: 'GET', pattern: '/teams/:id', handler: showTeam },
  { method: 'GET', pattern: '/services', handler: listServices },
  { method: 'GET', pattern: '/services/:id', handler: showService },
  { method: 'GET', pattern: '/services/:id/integrations/:integration_id', handler: showIntegration },
  { method: 'GET', pattern: '/escalation_policies', handler: listPolicies },
  { method: 'GET', pattern: '/escalation_policies/:id', handler: showPolicy },
  { method: 'GET', pattern: '/schedules', handler: listSchedules },
  { method: 'GET', pattern: '/schedules/:id', handler: showSchedule },
  { method: 'GET', pattern: '/oncalls', handler: listOncalls },
  { method: 'GET', pattern: '/priorities', handler: listPriorities },
];
