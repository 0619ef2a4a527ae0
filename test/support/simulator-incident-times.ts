/**
 * What the PagerDuty simulator's state says about response times, worked out straight
 * from its records (not over HTTP), for tests that check the figures the console reads
 * over the API: times as the wire carries them (whole seconds), the first acknowledge
 * log entry, the resolve time of resolved incidents, the first team, and the number,
 * title and web page (html_url) the metrics view lists.
 */
import type { IncidentTimes } from '../../shared/rules/response-metrics';
import type { SimulatorState } from '../../electron/simulators/pagerduty';
import { DEMO_WEB_BASE } from '../../electron/simulators/pagerduty/serializers';

const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** IncidentTimes of every incident created at or after `sinceMs` (PagerDuty's since is taken to the whole second), by id. */
export function expectedIncidentTimes(state: SimulatorState, sinceMs: number): IncidentTimes[] {
  const since = toSecond(sinceMs);
  return state
    .listIncidents()
    .filter((incident) => incident.createdAt >= since)
    .map((incident): IncidentTimes => {
      const firstAck = state.logEntriesOf(incident).find((entry) => entry.type === 'acknowledge_log_entry');
      const service = state.getService(incident.serviceId);
      const teamId = incident.teamIds[0];
      const team = teamId ? state.getTeam(teamId) : undefined;
      return {
        incidentId: incident.id,
        number: incident.number,
        title: incident.title,
        htmlUrl: `${DEMO_WEB_BASE}/incidents/${incident.id}`,
        service: { id: incident.serviceId, name: service?.name ?? incident.serviceId },
        team: teamId ? { id: teamId, name: team?.name ?? teamId } : null,
        triggeredAt: toSecond(incident.createdAt),
        acknowledgedAt: firstAck ? toSecond(firstAck.createdAt) : null,
        resolvedAt: incident.status === 'resolved' && incident.resolvedAt !== null ? toSecond(incident.resolvedAt) : null,
      };
    })
    .sort((a, b) => a.incidentId.localeCompare(b.incidentId));
}
