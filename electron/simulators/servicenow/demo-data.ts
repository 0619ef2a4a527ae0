/**
 * The ServiceNow side of the demo organisation, derived from the PagerDuty simulator's
 * demo org so the two agree: each PagerDuty team is an assignment group, each person a
 * sys_user with the same name and email, each PagerDuty service a business service
 * (cmdb_ci_service) and a configuration item of a class that fits its kind. Sys_ids are
 * derived from names, so they are the same on every start and in the routing map.
 */
import { createHash } from 'node:crypto';
import { buildDemoOrg, type DemoOrg } from '../pagerduty/demo-org';
import { IdFactory, Random } from '../pagerduty/random';
import type { ServiceRecord } from '../pagerduty/types';
import type { SnRecord } from './types';

/** The user the simulator's integration credentials act as by default. */
export const INTEGRATION_USER_NAME = 'oncall.console';
/** When the demo records were created (ServiceNow format). */
const SEEDED_ON = '2025-01-06 09:00:00';

/** Where a PagerDuty service's tickets go in this instance (the same shape as the engine's TicketRouting). */
export interface ServiceNowRouting {
  assignmentGroupId: string | null;
  businessServiceId: string | null;
  configurationItemId: string | null;
}

export interface ServiceNowDemoData {
  users: SnRecord[];
  groups: SnRecord[];
  /** Business services and configuration items (cmdb_ci rows, told apart by sys_class_name). */
  cis: SnRecord[];
  /** PagerDuty service id -> routing. */
  routingByPagerDutyServiceId: Map<string, ServiceNowRouting>;
  /** PagerDuty service name -> routing. */
  routingByServiceName: Map<string, ServiceNowRouting>;
}

/** A 32-hex sys_id derived from a stable key (the same key always gives the same id). */
export function stableSysId(key: string): string {
  return createHash('md5').update(`oncall-console-demo:${key}`).digest('hex');
}

/** The PagerDuty simulator's demo org for a seed, without starting it (ids match a PagerDuty simulator started with the same seed). */
export function pagerDutyDemoOrg(seed = 1, serviceCount?: number): DemoOrg {
  const random = new Random(seed);
  return buildDemoOrg(new IdFactory(random), random, 0, serviceCount);
}

function userNameFor(email: string): string {
  return email.split('@')[0] ?? email;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The CI class that fits a PagerDuty service (applications for digital services and COTS, platform classes for foundational systems). */
function ciClassFor(service: Pick<ServiceRecord, 'name' | 'kind'>): string {
  if (service.kind !== 'foundational') return 'cmdb_ci_appl';
  const name = service.name.toLowerCase();
  if (name.includes('oracle')) return 'cmdb_ci_db_ora_instance';
  if (name.includes('postgres')) return 'cmdb_ci_db_postgresql_instance';
  if (name.includes('database') || name.includes('cache')) return 'cmdb_ci_db_instance';
  if (name.includes('network')) return 'cmdb_ci_netgear';
  if (name.includes('kubernetes')) return 'cmdb_ci_kubernetes_cluster';
  if (name.includes('directory')) return 'cmdb_ci_win_server';
  return 'cmdb_ci_server';
}

function system(sysId: string, className: string): SnRecord {
  return {
    sys_id: sysId,
    sys_class_name: className,
    sys_created_on: SEEDED_ON,
    sys_created_by: 'admin',
    sys_updated_on: SEEDED_ON,
    sys_updated_by: 'admin',
    sys_mod_count: '0',
  };
}

export function buildServiceNowDemoData(seed = 1, serviceCount?: number): ServiceNowDemoData {
  const org = pagerDutyDemoOrg(seed, serviceCount);
  const userSysIdByPdId = new Map<string, string>();
  const users: SnRecord[] = [];
  for (const person of org.users) {
    const userName = userNameFor(person.email);
    const sysId = stableSysId(`sys_user:${userName}`);
    userSysIdByPdId.set(person.id, sysId);
    const [first, ...rest] = person.name.split(' ');
    users.push({
      ...system(sysId, 'sys_user'),
      user_name: userName,
      name: person.name,
      first_name: first ?? person.name,
      last_name: rest.join(' '),
      email: person.email,
      title: person.jobTitle,
      active: 'true',
      time_zone: person.timeZone,
      department: '',
    });
  }
  users.push({
    ...system(stableSysId(`sys_user:${INTEGRATION_USER_NAME}`), 'sys_user'),
    user_name: INTEGRATION_USER_NAME,
    name: 'On-Call Console Integration',
    first_name: 'On-Call Console',
    last_name: 'Integration',
    email: '',
    title: 'Integration user (web service access only)',
    active: 'true',
    time_zone: 'UTC',
    department: '',
  });

  const groupSysIdByTeamId = new Map<string, string>();
  const groups: SnRecord[] = org.teams.map((team) => {
    const sysId = stableSysId(`sys_user_group:${team.name}`);
    groupSysIdByTeamId.set(team.id, sysId);
    const firstMember = org.users.find((user) => user.teamIds.includes(team.id));
    return {
      ...system(sysId, 'sys_user_group'),
      name: team.name,
      description: team.description,
      email: `${slug(team.name)}@example.com`,
      manager: firstMember ? (userSysIdByPdId.get(firstMember.id) ?? '') : '',
      active: 'true',
      type: 'itil',
    };
  });

  const cis: SnRecord[] = [];
  const routingByPagerDutyServiceId = new Map<string, ServiceNowRouting>();
  const routingByServiceName = new Map<string, ServiceNowRouting>();
  for (const service of org.services) {
    const groupId = groupSysIdByTeamId.get(service.teamIds[0] ?? '') ?? null;
    const businessServiceId = stableSysId(`cmdb_ci_service:${service.name}`);
    const ciClass = ciClassFor(service);
    const ciId = stableSysId(`cmdb_ci:${service.name}`);
    const common = {
      operational_status: '1',
      support_group: groupId ?? '',
      managed_by_group: groupId ?? '',
      owned_by: '',
      environment: 'Production',
    };
    cis.push({
      ...system(businessServiceId, 'cmdb_ci_service'),
      ...common,
      name: service.name,
      short_description: service.description,
      busines_criticality: service.kind === 'foundational' ? '1 - most critical' : '2 - somewhat critical',
      category: 'Business Service',
      service_classification: service.kind === 'foundational' ? 'Technical Service' : 'Business Service',
    });
    cis.push({
      ...system(ciId, ciClass),
      ...common,
      name: `${slug(service.name)}-prod`,
      short_description: `Production ${ciClass === 'cmdb_ci_appl' ? 'application' : 'platform'} behind ${service.name}`,
      busines_criticality: service.kind === 'foundational' ? '1 - most critical' : '2 - somewhat critical',
      category: ciClass === 'cmdb_ci_appl' ? 'Application' : 'Infrastructure',
    });
    const routing: ServiceNowRouting = { assignmentGroupId: groupId, businessServiceId, configurationItemId: ciId };
    routingByPagerDutyServiceId.set(service.id, routing);
    routingByServiceName.set(service.name, routing);
  }
  return { users, groups, cis, routingByPagerDutyServiceId, routingByServiceName };
}

const routingCache = new Map<string, ServiceNowDemoData>();

function cachedDemoData(seed: number, serviceCount: number | undefined): ServiceNowDemoData {
  const key = `${seed}:${serviceCount ?? ''}`;
  let data = routingCache.get(key);
  if (!data) {
    data = buildServiceNowDemoData(seed, serviceCount);
    routingCache.set(key, data);
  }
  return data;
}

/**
 * Where the demo puts a PagerDuty service's tickets: the assignment group, business
 * service and configuration item ids in a ServiceNow simulator seeded the same way, or
 * null for a service the demo org does not have.
 */
export function demoServiceNowRouting(
  pagerDutyServiceId: string,
  options: { seed?: number; serviceCount?: number } = {},
): ServiceNowRouting | null {
  return cachedDemoData(options.seed ?? 1, options.serviceCount).routingByPagerDutyServiceId.get(pagerDutyServiceId) ?? null;
}

/** The whole demo routing map (PagerDuty service id -> routing), e.g. to write into a demo workspace file. */
export function demoServiceNowRoutingTable(options: { seed?: number; serviceCount?: number } = {}): Record<string, ServiceNowRouting> {
  return Object.fromEntries(cachedDemoData(options.seed ?? 1, options.serviceCount).routingByPagerDutyServiceId);
}
