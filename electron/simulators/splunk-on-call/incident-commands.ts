/**
 * The public API's writes on incidents, by incident number and as a named user:
 * acknowledge and resolve (`PATCH /api-public/v1/incidents/ack|resolve`, one result per
 * incident, so an incident resolved meanwhile gets its own refused result while the others
 * land) and reroute (`POST /api-public/v1/incidents/reroute`, one status per incident and
 * per target). Bodies are checked with zod against the SPEC's AckOrResolveRequest and
 * RerouteCollection (incident numbers are strings, as there); an unknown userName is 404 "User not found" (L438, L544).
 *
 * Not documented, chosen here: the wording of every result message; acknowledging an
 * acknowledged incident is accepted and changes nothing; rerouting an acknowledged incident
 * triggers it again (the new targets are paged until they acknowledge, S5); a reroute whose
 * targets are all unknown changes nothing and fails.
 */
import { z } from 'zod';
import { voErrors } from './errors';
import type { SplunkOnCallState } from './state';
import type { IncidentRecord } from './types';

const AckOrResolveRequest = z.object({
  userName: z.string().min(1),
  incidentNames: z.array(z.string()),
  message: z.string().optional(),
});

const IncidentTarget = z.object({ type: z.enum(['User', 'EscalationPolicy']), slug: z.string() });
const RerouteCollection = z.object({
  userName: z.string().min(1),
  reroutes: z.array(z.object({ incidentNumber: z.string(), targets: z.array(IncidentTarget) })),
});

interface AckOrResolveResult {
  cmdAccepted: boolean;
  entityId?: string;
  incidentNumber: string;
  message: string;
}

interface RerouteStatus {
  incidentNumber: string;
  success: boolean;
  message: string;
  targetStatus: { slug: string; success: boolean; message: string }[];
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  throw voErrors.badRequest(`Invalid ${what}: ${problems}`);
}

function findIncident(state: SplunkOnCallState, name: string): IncidentRecord | undefined {
  return /^\d+$/.test(name) ? state.getIncident(Number(name)) : undefined;
}

export function acknowledgeOrResolve(
  state: SplunkOnCallState,
  command: 'ack' | 'resolve',
  body: unknown,
): { results: AckOrResolveResult[] } {
  const request = parse(AckOrResolveRequest, body, 'AckOrResolveRequest');
  const user = state.getUser(request.userName);
  if (!user) throw voErrors.userNotFound();
  const by = { user: user.username, message: request.message };
  const results = request.incidentNames.map((name): AckOrResolveResult => {
    const incident = findIncident(state, name);
    if (!incident) return { cmdAccepted: false, incidentNumber: name, message: `Incident ${name} not found` };
    const base = { entityId: incident.entityId, incidentNumber: String(incident.number) };
    if (incident.phase === 'resolved') return { ...base, cmdAccepted: false, message: `Incident ${name} is already resolved` };
    if (command === 'resolve') {
      state.resolve(incident, by);
      return { ...base, cmdAccepted: true, message: `Incident ${name} resolved` };
    }
    if (incident.phase === 'acknowledged') return { ...base, cmdAccepted: true, message: `Incident ${name} is already acknowledged` };
    state.acknowledge(incident, by);
    return { ...base, cmdAccepted: true, message: `Incident ${name} acknowledged` };
  });
  return { results };
}

export function reroute(state: SplunkOnCallState, body: unknown): { statuses: RerouteStatus[] } {
  const request = parse(RerouteCollection, body, 'RerouteCollection');
  if (!state.getUser(request.userName)) throw voErrors.userNotFound();
  const statuses = request.reroutes.map(({ incidentNumber, targets }): RerouteStatus => {
    const incident = findIncident(state, incidentNumber);
    const refused = (message: string): RerouteStatus => ({
      incidentNumber,
      success: false,
      message,
      targetStatus: targets.map((target) => ({ slug: target.slug, success: false, message })),
    });
    if (!incident) return refused(`Incident ${incidentNumber} not found`);
    if (incident.phase === 'resolved') return refused(`Incident ${incidentNumber} is already resolved`);
    const policySlugs: string[] = [];
    const usernames: string[] = [];
    const targetStatus = targets.map((target) => {
      if (target.type === 'User') {
        const user = state.getUser(target.slug);
        if (user) usernames.push(user.username);
        return { slug: target.slug, success: !!user, message: user ? 'Rerouted' : `User ${target.slug} not found` };
      }
      const policy = state.getPolicy(target.slug);
      if (policy) policySlugs.push(policy.slug);
      return { slug: target.slug, success: !!policy, message: policy ? 'Rerouted' : `Escalation policy ${target.slug} not found` };
    });
    if (policySlugs.length === 0 && usernames.length === 0)
      return { incidentNumber, success: false, message: 'No valid targets', targetStatus };
    state.page(incident, { policySlugs, usernames });
    if (incident.phase === 'acknowledged') state.retrigger(incident);
    return { incidentNumber, success: true, message: `Incident ${incidentNumber} rerouted`, targetStatus };
  });
  return { statuses };
}
