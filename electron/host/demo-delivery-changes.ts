/**
 * The demo's deployment changes, as the console's `change open` and `change close` leave
 * them in the demo's change system (ServiceNow or Jira Service Management): one per
 * release that has one, its key made by changeKey() from the service, the version and the
 * pipeline run, its description carrying the console's deployment block (version, commit,
 * run, the incident an emergency change fixes, the template), so the audit matches each
 * to its deployment by version or commit exactly as it matches the changes the console
 * raises. Written oldest first, so change numbers grow with time.
 */
import { changeKey, changeKeyPrefix } from '../engine/ports/change-system';
import { describedDeployment } from '../providers/change-record/deployment-block';
import { changeLabel } from '../providers/jira-service-management/change-mapper';
import type { JiraServiceManagementSimulator } from '../simulators/jira-service-management';
import { addDeploymentTemplate } from '../simulators/jira-service-management/change-demo-data';
import { seedHistoryChanges as seedJiraChanges } from '../simulators/jira-service-management/change-demo-history';
import type { ServiceNowSimulator } from '../simulators/servicenow';
import { publishDeploymentTemplate } from '../simulators/servicenow/change-demo-data';
import { seedHistoryChanges as seedServiceNowChanges } from '../simulators/servicenow/change-demo-history';
import type { TimeTravel, WrittenRelease } from './demo-delivery-code';
import type { PlannedIncident, PlannedRelease } from './demo-delivery-types';

/** The demo's change system, as its simulator. */
export type DemoChangeSystem =
  | { system: 'servicenow'; simulator: ServiceNowSimulator }
  | { system: 'jira-service-management'; simulator: JiraServiceManagementSimulator };

/** A release with its change, what it left behind, and the ids of the incidents it names. */
interface ReleaseToRecord {
  release: PlannedRelease;
  written: WrittenRelease;
}

/** Raises and closes every planned change in the change system; answers their numbers (CHG0030042, CHG-42) in the order given. */
export function writeDeploymentChanges(
  target: DemoChangeSystem,
  records: readonly ReleaseToRecord[],
  incidents: ReadonlyMap<PlannedIncident, { id: string; number: number }>,
  travel: TimeTravel,
): string[] {
  const withChange = records
    .filter((record) => record.release.change !== null)
    .sort((a, b) => a.release.change!.raisedAt - b.release.change!.raisedAt);
  const templates = new Map<string, string>();
  const templateOf = (serviceName: string): string => {
    let id = templates.get(serviceName);
    if (!id) templates.set(serviceName, (id = templateIdOf(target, serviceName)));
    return id;
  };
  const entries = withChange.map(({ release, written }) => {
    const change = release.change!;
    const service = release.service.service;
    const fixes = change.fixes ? incidents.get(change.fixes) : undefined;
    const causes = release.causes ? incidents.get(release.causes) : undefined;
    const key = changeKey(service, release.version, written.runUrl);
    const templateName = `${service} - routine deployment`;
    const reason =
      change.type === 'standard'
        ? `pre-approved by the template "${templateName}"`
        : change.type === 'emergency'
          ? `the fix for incident ${fixes?.id ?? 'unknown'}`
          : service === 'Search API'
            ? `the template "${templateName}" is proposed, not approved, so a change manager must approve`
            : 'a normal change was asked for';
    const text = describedDeployment({
      type: change.type,
      service: { id: '', name: service },
      templateId: change.type === 'standard' ? templateOf(service) : null,
      shortDescription: `Deploy ${service} ${release.version}`,
      description: `Deployment of ${service} ${release.version} (commit ${written.sha}) raised by its pipeline: ${reason}.`,
      deployment: { version: release.version, commit: written.sha, runUrl: written.runUrl },
      key,
      incidentId: fixes?.id ?? null,
    });
    const closed = change.closed && {
      at: change.closed.at,
      code: change.closed.code,
      notes: change.closed.notes.replace('{incident}', causes ? `#${causes.number}` : ''),
      byEmail: change.closed.by?.email ?? null,
    };
    return {
      serviceName: service,
      type: change.type,
      key,
      labels: [changeLabel(key), changeLabel(changeKeyPrefix(service, release.version))],
      shortDescription: `Deploy ${service} ${release.version}`,
      deploymentText: text,
      raisedAt: change.raisedAt,
      plannedStart: change.window?.start ?? null,
      plannedEnd: change.window?.end ?? null,
      approvedAt: change.approvedAt,
      implementedAt: change.implementedAt,
      closed,
    };
  });
  return target.system === 'servicenow'
    ? seedServiceNowChanges(target.simulator.state, target.simulator.changes, entries, travel)
    : seedJiraChanges(target.simulator.state, target.simulator.changes, entries, travel);
}

/** The id a standard change of the service is raised from: its "routine deployment" template, published where it has none. */
function templateIdOf(target: DemoChangeSystem, serviceName: string): string {
  if (target.system === 'servicenow') {
    const service = target.simulator.state.rows('cmdb_ci_service').find((row) => row.name === serviceName);
    if (!service) throw new Error(`The ServiceNow simulator has no service ${serviceName}`);
    return publishDeploymentTemplate(target.simulator.state, service);
  }
  const service = target.simulator.state.site.services.find((candidate) => candidate.name === serviceName);
  if (!service) throw new Error(`The Jira simulator has no service ${serviceName}`);
  return addDeploymentTemplate(target.simulator.changes, service).id;
}
