/**
 * The Jira Service Management demo site, mirrored from the PagerDuty demo organisation so
 * the demo is coherent: the same people (names, emails, time zones) as Atlassian accounts,
 * each PagerDuty team as an Atlassian team (the "Team" field), each PagerDuty service as a
 * JSM service (the "Affected services" field) and as an Assets object (the "Configuration
 * item" field). Ids are derived from names, so they are stable for a given organisation.
 */
import { createHash } from 'node:crypto';
import { buildDemoOrg } from '../pagerduty/demo-org';
import { IdFactory, Random } from '../pagerduty/random';
import type { ServiceKind } from '../pagerduty/types';

/** What the site is mirrored from: a PagerDuty organisation (a simulator's state will do). */
export interface MirroredOrg {
  teams: ReadonlyArray<{ id: string; name: string }>;
  users: ReadonlyArray<{ id: string; name: string; email: string; timeZone: string; teamIds: string[] }>;
  services: ReadonlyArray<{ id: string; name: string; kind: ServiceKind; teamIds: string[] }>;
}

export interface JsmUserRecord {
  accountId: string;
  displayName: string;
  emailAddress: string;
  timeZone: string;
  pagerDutyUserId: string | null;
}

export interface JsmTeamRecord {
  /** An Atlassian team id (a UUID). */
  id: string;
  name: string;
  pagerDutyTeamId: string;
}

export interface JsmServiceRecord {
  /** A JSM service id (what the Affected services field holds). */
  id: string;
  name: string;
  pagerDutyServiceId: string;
  teamId: string | null;
}

export interface AssetObjectRecord {
  /** The Assets object id within the workspace. */
  objectId: string;
  /** CMDB-12, what people see. */
  objectKey: string;
  label: string;
  objectTypeName: 'Application' | 'Business Application' | 'Database' | 'Server' | 'Network Device';
  pagerDutyServiceId: string;
}

/** Where a PagerDuty service's tickets go (the same shape as the engine's TicketRouting). */
export interface TicketRouting {
  assignmentGroupId: string | null;
  businessServiceId: string | null;
  configurationItemId: string | null;
}

export interface JsmDemoSite {
  workspaceId: string;
  users: JsmUserRecord[];
  teams: JsmTeamRecord[];
  services: JsmServiceRecord[];
  assets: AssetObjectRecord[];
}

/** The service desk every demo request lives in. */
export const DEMO_SERVICE_DESK = { id: '1', projectId: '10000', projectKey: 'ITSM', projectName: 'IT Service Management' } as const;
/** The Assets schema the configuration items live in. */
export const DEMO_ASSETS_SCHEMA = 'IT Assets';
/** The integration account that is not a PagerDuty user: what automations can run as. */
const INTEGRATION_ACCOUNT = {
  displayName: 'On-Call Console Integration',
  emailAddress: 'oncall-console@example.com',
  timeZone: 'UTC',
} as const;
/** The change manager who approves normal and emergency changes (an Atlassian account only, as in the ServiceNow demo). */
export const CHANGE_MANAGER_ACCOUNT = {
  displayName: 'Grace Hopper',
  emailAddress: 'grace.hopper@example.com',
  timeZone: 'Europe/London',
} as const;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An Atlassian-style account id, e.g. 712020:3f1c...; stable per email. */
export function accountIdFor(email: string): string {
  const hex = digest(`account:${email.toLowerCase()}`);
  return `712020:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function uuidFor(text: string): string {
  const hex = digest(text);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function objectTypeFor(service: { name: string; kind: ServiceKind }): AssetObjectRecord['objectTypeName'] {
  if (service.kind === 'digital') return 'Application';
  if (service.kind === 'cots') return 'Business Application';
  if (/database|oracle|postgres|cache/i.test(service.name)) return 'Database';
  if (/network/i.test(service.name)) return 'Network Device';
  return 'Server';
}

/** Builds the site from a PagerDuty organisation. */
export function buildDemoSite(org: MirroredOrg): JsmDemoSite {
  const teams: JsmTeamRecord[] = org.teams.map((team) => ({ id: uuidFor(`team:${team.name}`), name: team.name, pagerDutyTeamId: team.id }));
  const teamIdByPdId = new Map(teams.map((team) => [team.pagerDutyTeamId, team.id]));
  const users: JsmUserRecord[] = org.users.map((user) => ({
    accountId: accountIdFor(user.email),
    displayName: user.name,
    emailAddress: user.email,
    timeZone: user.timeZone,
    pagerDutyUserId: user.id,
  }));
  users.push({ accountId: accountIdFor(INTEGRATION_ACCOUNT.emailAddress), ...INTEGRATION_ACCOUNT, pagerDutyUserId: null });
  if (!users.some((user) => user.emailAddress === CHANGE_MANAGER_ACCOUNT.emailAddress))
    users.push({ accountId: accountIdFor(CHANGE_MANAGER_ACCOUNT.emailAddress), ...CHANGE_MANAGER_ACCOUNT, pagerDutyUserId: null });
  const services: JsmServiceRecord[] = org.services.map((service, index) => ({
    id: String(10001 + index),
    name: service.name,
    pagerDutyServiceId: service.id,
    teamId: teamIdByPdId.get(service.teamIds[0] ?? '') ?? null,
  }));
  const assets: AssetObjectRecord[] = org.services.map((service, index) => ({
    objectId: String(101 + index),
    objectKey: `CMDB-${101 + index}`,
    label: service.kind === 'foundational' ? `${service.name} (production)` : service.name,
    objectTypeName: objectTypeFor(service),
    pagerDutyServiceId: service.id,
  }));
  return { workspaceId: uuidFor('assets-workspace'), users, teams, services, assets };
}

/** The PagerDuty demo organisation the PagerDuty simulator builds for this seed (same ids). */
export function pagerDutyDemoOrg(seed = 1, serviceCount?: number): MirroredOrg {
  const random = new Random(seed);
  return buildDemoOrg(new IdFactory(random), random, Date.now(), serviceCount);
}

/** The Assets global id of an object: `${workspaceId}:${objectId}`, what TicketRouting.configurationItemId holds. */
function assetGlobalId(site: Pick<JsmDemoSite, 'workspaceId'>, objectId: string): string {
  return `${site.workspaceId}:${objectId}`;
}

/** The demo routing of every PagerDuty service: team, affected service and configuration item. */
export function demoJiraServiceManagementRoutingMap(org: MirroredOrg = pagerDutyDemoOrg()): Map<string, TicketRouting> {
  const site = buildDemoSite(org);
  const map = new Map<string, TicketRouting>();
  for (const service of site.services) {
    const asset = site.assets.find((item) => item.pagerDutyServiceId === service.pagerDutyServiceId);
    map.set(service.pagerDutyServiceId, {
      assignmentGroupId: service.teamId,
      businessServiceId: service.id,
      configurationItemId: asset ? assetGlobalId(site, asset.objectId) : null,
    });
  }
  return map;
}

/** The demo routing of one PagerDuty service, or null when the service is not in the organisation. */
export function demoJiraServiceManagementRouting(pagerDutyServiceId: string, org: MirroredOrg = pagerDutyDemoOrg()): TicketRouting | null {
  return demoJiraServiceManagementRoutingMap(org).get(pagerDutyServiceId) ?? null;
}
