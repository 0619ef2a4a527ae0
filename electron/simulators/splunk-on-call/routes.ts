/**
 * The public and reporting API routes the simulator serves, each named by the SPEC's
 * method and path template ("GET /api-public/v1/team/{team}/members"), which is also the
 * key of its rate limit and of the request log's `route`.
 */
import { PathRouter, type PathRoute } from '../http/path-router';
import { voErrors } from './errors';
import { acknowledgeOrResolve, reroute } from './incident-commands';
import { incidentHistory } from './reporting';
import type { Serializer } from './serializers';
import type { SplunkOnCallState } from './state';

interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body of a write (undefined for reads). */
  body: unknown;
  state: SplunkOnCallState;
  serializer: Serializer;
}

interface ApiRoute extends PathRoute {
  method: 'GET' | 'PATCH' | 'POST';
  /** The SPEC's path template, e.g. "/api-public/v1/team/{team}/members". */
  template: string;
  handler: (context: RouteContext) => unknown;
}

function route(method: ApiRoute['method'], template: string, handler: ApiRoute['handler']): ApiRoute {
  return { method, template, pattern: template.replace(/\{([A-Za-z]+)\}/g, ':$1'), handler };
}

function teamOf({ state, params }: RouteContext) {
  const team = state.getTeam(params.team ?? '');
  if (!team) throw voErrors.teamNotFound();
  return team;
}

const ROUTES: ApiRoute[] = [
  route('GET', '/api-public/v1/incidents', ({ state, serializer }) => ({
    incidents: state.currentIncidents().map((incident) => serializer.incident(incident)),
  })),
  route('PATCH', '/api-public/v1/incidents/ack', ({ state, body }) => acknowledgeOrResolve(state, 'ack', body)),
  route('PATCH', '/api-public/v1/incidents/resolve', ({ state, body }) => acknowledgeOrResolve(state, 'resolve', body)),
  route('POST', '/api-public/v1/incidents/reroute', ({ state, body }) => reroute(state, body)),
  route('GET', '/api-public/v1/alerts/{uuid}', ({ state, serializer, params }) => {
    const alert = state.getAlert(params.uuid ?? '');
    if (!alert) throw voErrors.alertNotFound();
    return serializer.alert(alert);
  }),
  route('GET', '/api-public/v1/oncall/current', ({ state, serializer }) => serializer.onCallNow(state.now())),
  route('GET', '/api-public/v1/org/routing-keys', ({ serializer }) => serializer.routingKeys()),
  route('GET', '/api-public/v1/policies', ({ state, serializer }) => ({
    policies: state.policies.map((policy) => {
      const team = state.getTeam(policy.teamSlug);
      return { policy: serializer.policyRef(policy), ...(team ? { team: serializer.teamRef(team) } : {}) };
    }),
  })),
  route('GET', '/api-public/v1/team', ({ state, serializer }) => state.teams.map((team) => serializer.team(team))),
  route('GET', '/api-public/v1/team/{team}/members', (context) => context.serializer.teamMembers(teamOf(context))),
  route('GET', '/api-public/v1/team/{team}/policies', (context) => ({
    policies: context.state.policiesOf(teamOf(context).slug).map((policy) => context.serializer.policyRef(policy)),
  })),
  route('GET', '/api-public/v1/user', ({ state, serializer }) => ({
    _selfUrl: '/api-public/v1/user',
    users: state.users.map((user) => serializer.user(user)),
  })),
  route('GET', '/api-public/v1/user/{user}', ({ state, serializer, params }) => {
    const user = state.getUser(params.user ?? '');
    if (!user) throw voErrors.userNotFound();
    return serializer.user(user);
  }),
  route('GET', '/api-reporting/v2/incidents', ({ state, serializer, query }) => incidentHistory(state, serializer, query)),
];

export const apiRouter = new PathRouter<ApiRoute>(/:([A-Za-z]+)/g).add(...ROUTES);
