/**
 * The demo organisation the simulator starts with: teams, people with contact methods,
 * on-call schedules, escalation policies, priorities and services of three kinds
 * (digital services, COTS applications, foundational systems), each with one Events
 * API v2 integration. Deterministic for a given PRNG seed and start time.
 */
import type { IdFactory, Random } from './random';
import type {
  EscalationPolicyRecord,
  PriorityRecord,
  ScheduleRecord,
  ServiceKind,
  ServiceRecord,
  TeamRecord,
  UrgencyRule,
  UserRecord,
} from './types';

export interface DemoOrg {
  teams: TeamRecord[];
  users: UserRecord[];
  schedules: ScheduleRecord[];
  escalationPolicies: EscalationPolicyRecord[];
  services: ServiceRecord[];
  priorities: PriorityRecord[];
  /** The user behind /users/me: the demo on-call developer. */
  meUserId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const TEAMS: { name: string; description: string; people: string[] }[] = [
  { name: 'Payments', description: 'Owns the payments API, card processing and payouts', people: ['Dana Developer', 'Priya Patel', 'Marcus Chen'] },
  { name: 'Checkout', description: 'Owns the checkout web app and cart', people: ['Olivia Martin', 'Sam Okafor'] },
  { name: 'Identity', description: 'Owns sign-in, accounts and the directory integration', people: ['Lena Fischer', 'Tom Becker'] },
  { name: 'Search', description: 'Owns product search and indexing', people: ['Ravi Kumar', 'Emma Wilson'] },
  { name: 'Mobile Platform', description: 'Owns the mobile backend and push notifications', people: ['Jonas Berg', 'Aisha Rahman'] },
  { name: 'Database Administration', description: 'Specialists: Oracle and PostgreSQL platforms, backups and restores', people: ['Victor Alvarez', 'Mei Tanaka', 'Hugo Laurent'] },
  { name: 'Network Engineering', description: 'Specialists: core network, firewalls, load balancers and the Kubernetes platform', people: ['Noah Schmidt', 'Fatima Zahra'] },
  { name: 'Incident Management', description: 'Major incident managers and the ITSM tooling', people: ['Isabel Moreno', 'Kenji Watanabe', 'Alex Admin'] },
];

const JOB_TITLES: Record<string, string> = {
  'Dana Developer': 'Software Engineer (on call)',
  'Alex Admin': 'PagerDuty Administrator',
  'Isabel Moreno': 'Major Incident Manager',
  'Kenji Watanabe': 'Major Incident Manager',
  'Victor Alvarez': 'Database Administrator',
  'Mei Tanaka': 'Database Administrator',
  'Hugo Laurent': 'Database Administrator',
  'Noah Schmidt': 'Network Engineer',
  'Fatima Zahra': 'Network Engineer',
};

const TIME_ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Amsterdam'];
const COLORS = ['green', 'purple', 'teal', 'orange', 'red', 'cayenne', 'blue', 'plum'];

interface ServiceTemplate {
  name: string;
  kind: ServiceKind;
  team: string;
  what: string;
  urgencyRule?: UrgencyRule;
}

const KIND_LABEL: Record<ServiceKind, string> = {
  digital: 'Digital service',
  cots: 'COTS application',
  foundational: 'Foundational system',
};

/** The hand-written demo services; the kind is also the first words of each description. */
export const DEMO_SERVICES: readonly ServiceTemplate[] = [
  { name: 'Payments API', kind: 'digital', team: 'Payments', what: 'card payments, refunds and payouts' },
  { name: 'Payment Webhooks', kind: 'digital', team: 'Payments', what: 'webhook delivery to merchants' },
  { name: 'Checkout Web', kind: 'digital', team: 'Checkout', what: 'the web checkout' },
  { name: 'Cart Service', kind: 'digital', team: 'Checkout', what: 'shopping carts and promotions' },
  { name: 'Identity Service', kind: 'digital', team: 'Identity', what: 'sign-in, tokens and sessions' },
  { name: 'Search API', kind: 'digital', team: 'Search', what: 'product search queries' },
  { name: 'Search Indexer', kind: 'digital', team: 'Search', what: 'catalogue indexing', urgencyRule: { type: 'constant', urgency: 'low' } },
  { name: 'Mobile Backend', kind: 'digital', team: 'Mobile Platform', what: 'the mobile app backend' },
  { name: 'Push Notifications', kind: 'digital', team: 'Mobile Platform', what: 'push notification delivery' },
  { name: 'SAP ERP', kind: 'cots', team: 'Payments', what: 'finance, invoicing and the general ledger' },
  { name: 'Salesforce CRM', kind: 'cots', team: 'Checkout', what: 'customer accounts and cases' },
  { name: 'ServiceNow', kind: 'cots', team: 'Incident Management', what: 'the IT service management platform' },
  { name: 'Core Network', kind: 'foundational', team: 'Network Engineering', what: 'data centre switching, routing and firewalls', urgencyRule: { type: 'constant', urgency: 'high' } },
  { name: 'Oracle Database Cluster', kind: 'foundational', team: 'Database Administration', what: 'the shared Oracle RAC cluster' },
  { name: 'PostgreSQL Platform', kind: 'foundational', team: 'Database Administration', what: 'managed PostgreSQL for product teams' },
  { name: 'Active Directory', kind: 'foundational', team: 'Identity', what: 'the corporate directory and domain controllers' },
  { name: 'Kubernetes Platform', kind: 'foundational', team: 'Network Engineering', what: 'the shared Kubernetes clusters' },
];

const EXTRA_PREFIXES = ['Billing', 'Catalog', 'Inventory', 'Loyalty', 'Pricing', 'Shipping', 'Notifications', 'Reporting', 'Onboarding', 'Fraud', 'Recommendations', 'Reviews', 'Returns', 'Subscriptions', 'Tax', 'Warehouse', 'Ads', 'Analytics', 'Media', 'Partner'];
const EXTRA_SUFFIXES = ['API', 'Worker', 'Web', 'Gateway', 'Scheduler', 'Sync', 'Database', 'Cache', 'Stream', 'Batch'];

const PRIORITIES: readonly [string, string][] = [
  ['P1', 'Critical: a major incident affecting many customers; engage incident management'],
  ['P2', 'High: a critical system is degraded for many customers'],
  ['P3', 'Moderate: partial outage or a minor customer impact that needs attention now'],
  ['P4', 'Low: a minor issue that needs action but does not stop customers'],
  ['P5', 'Informational: cosmetic issues or bugs with no customer impact'],
];

function emailFor(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z ]/g, '').trim().replace(/\s+/g, '.')}@example.com`;
}

function startOfUtcDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** Builds the demo organisation. `serviceCount` trims or extends the hand-written services. */
export function buildDemoOrg(ids: IdFactory, random: Random, startedAt: number, serviceCount?: number): DemoOrg {
  const teams: TeamRecord[] = [];
  const users: UserRecord[] = [];
  const teamIdByName = new Map<string, string>();
  const membersByTeam = new Map<string, string[]>();

  for (const [index, spec] of TEAMS.entries()) {
    const team: TeamRecord = { id: ids.short(), name: spec.name, description: spec.description };
    teams.push(team);
    teamIdByName.set(spec.name, team.id);
    const members: string[] = [];
    for (const person of spec.people) {
      const email = emailFor(person);
      const phone = `+1555${String(random.int(1000000, 9999999))}`;
      const user: UserRecord = {
        id: ids.short(),
        name: person,
        email,
        timeZone: TIME_ZONES[(users.length + index) % TIME_ZONES.length] ?? 'UTC',
        color: COLORS[users.length % COLORS.length] ?? 'green',
        role: person === 'Alex Admin' ? 'owner' : spec.name === 'Incident Management' ? 'admin' : 'user',
        jobTitle: JOB_TITLES[person] ?? 'Software Engineer',
        teamIds: [team.id],
        contactMethods: [
          { id: ids.short(), type: 'email_contact_method', label: 'Work', address: email },
          { id: ids.short(), type: 'phone_contact_method', label: 'Mobile', address: phone.slice(2), countryCode: 1 },
          { id: ids.short(), type: 'sms_contact_method', label: 'Mobile', address: phone.slice(2), countryCode: 1 },
          { id: ids.short(), type: 'push_notification_contact_method', label: 'Phone app', address: `device-${random.hex(12)}` },
        ],
      };
      users.push(user);
      members.push(user.id);
    }
    membersByTeam.set(team.id, members);
  }

  const rotationStart = startOfUtcDay(startedAt);
  const schedules: ScheduleRecord[] = [];
  const escalationPolicies: EscalationPolicyRecord[] = [];
  const incidentManagementId = teamIdByName.get('Incident Management') ?? '';
  const incidentManagers = (membersByTeam.get(incidentManagementId) ?? []).filter(
    (id) => users.find((user) => user.id === id)?.name !== 'Alex Admin',
  );
  const adminId = users.find((user) => user.name === 'Alex Admin')?.id ?? '';

  const imSchedule: ScheduleRecord = {
    id: ids.short(),
    name: 'Incident Managers',
    description: 'Weekly major incident manager rotation',
    timeZone: 'Europe/London',
    userIds: incidentManagers,
    rotationStart,
    shiftMs: 7 * DAY_MS,
    offset: 0,
    teamIds: [incidentManagementId],
  };
  schedules.push(imSchedule);
  const imPolicy: EscalationPolicyRecord = {
    id: ids.short(),
    name: 'Incident Managers',
    description: 'Pages the major incident manager on duty, then the PagerDuty administrator',
    teamIds: [incidentManagementId],
    numLoops: 2,
    rules: [
      { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: imSchedule.id }] },
      { id: ids.short(), delayMinutes: 30, targets: [{ type: 'user', id: adminId }] },
    ],
  };

  const policyByTeam = new Map<string, string>();
  for (const team of teams) {
    if (team.id === incidentManagementId) {
      policyByTeam.set(team.id, imPolicy.id);
      continue;
    }
    const members = membersByTeam.get(team.id) ?? [];
    const primary: ScheduleRecord = {
      id: ids.short(),
      name: `${team.name} Primary`,
      description: `Daily primary on-call rotation for ${team.name}`,
      timeZone: 'UTC',
      userIds: members,
      rotationStart,
      shiftMs: DAY_MS,
      offset: 0,
      teamIds: [team.id],
    };
    const secondary: ScheduleRecord = { ...primary, id: ids.short(), name: `${team.name} Secondary`, description: `Daily secondary on-call rotation for ${team.name}`, offset: 1 };
    schedules.push(primary, secondary);
    const policy: EscalationPolicyRecord = {
      id: ids.short(),
      name: `${team.name} Escalation Policy`,
      description: `${team.name} primary, then secondary, then the incident manager on duty`,
      teamIds: [team.id],
      numLoops: 1,
      rules: [
        { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: primary.id }] },
        { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: secondary.id }] },
        { id: ids.short(), delayMinutes: 30, targets: [{ type: 'schedule', id: imSchedule.id }] },
      ],
    };
    escalationPolicies.push(policy);
    policyByTeam.set(team.id, policy.id);
  }
  escalationPolicies.push(imPolicy);

  const templates = serviceTemplates(serviceCount);
  const services: ServiceRecord[] = templates.map((template, index) => {
    const teamId = teamIdByName.get(template.team) ?? teams[0]?.id ?? '';
    return {
      id: ids.short(),
      name: template.name,
      description: `${KIND_LABEL[template.kind]}: ${template.what}`,
      kind: template.kind,
      teamIds: [teamId],
      escalationPolicyId: policyByTeam.get(teamId) ?? imPolicy.id,
      integration: { id: ids.short(), name: 'Events API V2', key: ids.key32() },
      urgencyRule: template.urgencyRule ?? { type: 'constant', urgency: 'severity_based' },
      createdAt: startedAt - 400 * DAY_MS + index * 60_000,
      acknowledgementTimeout: template.kind === 'digital' ? 1800 : null,
      autoResolveTimeout: template.kind === 'cots' ? 14400 : null,
    };
  });

  const priorities: PriorityRecord[] = PRIORITIES.map(([name, description]) => ({ id: ids.short(), name, description }));
  const me = users.find((user) => user.name === 'Dana Developer');
  if (!me) throw new Error('The demo organisation lost its on-call developer');
  return { teams, users, schedules, escalationPolicies, services, priorities, meUserId: me.id };
}

function serviceTemplates(serviceCount: number | undefined): ServiceTemplate[] {
  const wanted = serviceCount === undefined ? DEMO_SERVICES.length : Math.max(1, Math.floor(serviceCount));
  const templates = DEMO_SERVICES.slice(0, wanted);
  const productTeams = TEAMS.filter((team) => !['Incident Management', 'Database Administration', 'Network Engineering'].includes(team.name));
  const names = new Set(templates.map((template) => template.name));
  let index = 0;
  while (templates.length < wanted) {
    const prefix = EXTRA_PREFIXES[index % EXTRA_PREFIXES.length] ?? 'Extra';
    const suffix = EXTRA_SUFFIXES[Math.floor(index / EXTRA_PREFIXES.length) % EXTRA_SUFFIXES.length] ?? 'Service';
    const round = Math.floor(index / (EXTRA_PREFIXES.length * EXTRA_SUFFIXES.length));
    const name = round === 0 ? `${prefix} ${suffix}` : `${prefix} ${suffix} ${round + 1}`;
    index += 1;
    if (names.has(name)) continue;
    names.add(name);
    const kind: ServiceKind = suffix === 'Database' || suffix === 'Cache' ? 'foundational' : 'digital';
    const team = kind === 'foundational' ? 'Database Administration' : (productTeams[index % productTeams.length]?.name ?? 'Payments');
    templates.push({ name, kind, team, what: `${prefix.toLowerCase()} ${suffix.toLowerCase()}` });
  }
  return templates;
}
