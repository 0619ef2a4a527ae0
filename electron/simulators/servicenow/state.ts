/**
 * The simulated instance's data: the demo users, groups and CIs, incidents and their
 * journal (sys_journal_field), plus the rules an instance enforces on incident writes:
 * closed and canceled incidents are read-only, the default state model, the data policy
 * that makes a resolution code and notes mandatory to resolve, priority from the default
 * impact x urgency lookup, major incident promotion fields, and standing ACL rules. Every
 * write stamps sys_updated_on / sys_updated_by / sys_mod_count as an instance does.
 */
import { randomBytes } from 'node:crypto';
import type { ServiceNowDemoData } from './demo-data';
import { INTEGRATION_USER_NAME } from './demo-data';
import { snErrors } from './errors';
import { INCIDENT_STATES, TABLES, type TableSpec } from './tables';
import type { AclRule, SnRecord } from './types';

/** What people may move an incident to from each state (ServiceNow's default incident state model). */
const ALLOWED_TRANSITIONS: Record<string, readonly string[]> = {
  '1': ['2', '3', '6', '8'],
  '2': ['3', '6', '8'],
  '3': ['2', '6', '8'],
  '6': ['2', '7'],
  '7': [],
  '8': [],
};
const READ_ONLY_STATES = new Set(['7', '8']);
const OPEN_STATES = new Set(['1', '2', '3']);
const FIRST_INCIDENT_NUMBER = 10_001;

/** ServiceNow's default priority lookup: 1 Critical (impact 1, urgency 1) ... 5 Planning (3, 3). */
function priorityFor(impact: string, urgency: string): string {
  const i = Number(impact);
  const u = Number(urgency);
  if (![1, 2, 3].includes(i) || ![1, 2, 3].includes(u)) return '5';
  return String(i + u - 1);
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, the Table API's date-time value format. */
export function glideDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function newSysId(): string {
  return randomBytes(16).toString('hex');
}

/** A body value as ServiceNow stores it: scalars as strings, null as empty; anything else is not a field value. */
function fieldValue(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const SEED_INCIDENTS: { short: string; urgency: string; impact: string; state: string; group: string }[] = [
  { short: 'Printer on floor 3 jams on every job', urgency: '3', impact: '3', state: '2', group: 'Incident Management' },
  { short: 'VPN disconnects every 10 minutes for the Berlin office', urgency: '2', impact: '2', state: '1', group: 'Network Engineering' },
  { short: 'Cannot open the quarterly report in SAP ERP', urgency: '3', impact: '2', state: '3', group: 'Payments' },
  { short: 'New starter cannot sign in to the directory', urgency: '2', impact: '3', state: '1', group: 'Identity' },
  { short: 'Slow queries on the reporting replica', urgency: '3', impact: '3', state: '2', group: 'Database Administration' },
];

export interface WriteOptions {
  /** The acting user's user_name (sys_updated_by, journal authors). */
  actor: string;
}

export class ServiceNowState {
  private readonly tables = new Map<string, SnRecord[]>();
  private readonly byId = new Map<string, Map<string, SnRecord>>();
  private readonly aclRules: AclRule[] = [];
  private nextNumber = FIRST_INCIDENT_NUMBER;

  constructor(
    readonly demo: ServiceNowDemoData,
    readonly now: () => number,
    seedIncidents = 3,
  ) {
    for (const storage of new Set(Object.values(TABLES).map((spec) => spec.storedIn))) {
      this.tables.set(storage, []);
      this.byId.set(storage, new Map());
    }
    for (const user of demo.users) this.insertRow('sys_user', { ...user });
    for (const group of demo.groups) this.insertRow('sys_user_group', { ...group });
    for (const ci of demo.cis) this.insertRow('cmdb_ci', { ...ci });
    const requester = demo.users.find((user) => user.user_name === 'alex.admin')?.user_name ?? INTEGRATION_USER_NAME;
    for (const seed of SEED_INCIDENTS.slice(0, Math.max(0, seedIncidents))) {
      const group = demo.groups.find((candidate) => candidate.name === seed.group);
      this.createIncident(
        {
          short_description: seed.short,
          description: seed.short,
          urgency: seed.urgency,
          impact: seed.impact,
          assignment_group: group?.sys_id ?? '',
          contact_type: 'self-service',
        },
        { actor: requester },
      );
      const created = this.rows('incident').at(-1);
      if (created && seed.state !== '1') this.updateIncident(created.sys_id ?? '', { state: seed.state }, { actor: requester });
    }
  }

  /** Adds a row to a table's storage as is (the Service Catalog rules build their own records). */
  insertRecord(storage: string, record: SnRecord): SnRecord {
    return this.insertRow(storage, record);
  }

  /** Adds a work note, comment or approval history line to any record (its sys_class_name names the table). */
  appendJournal(record: SnRecord, element: 'work_notes' | 'comments' | 'approval_history', text: string, actor: string): SnRecord {
    return this.addJournalEntry(record, element, text, actor);
  }

  private insertRow(storage: string, record: SnRecord): SnRecord {
    this.tables.get(storage)?.push(record);
    this.byId.get(storage)?.set(record.sys_id ?? '', record);
    return record;
  }

  /** The spec of a table the simulator serves, or undefined. */
  table(name: string): TableSpec | undefined {
    return TABLES[name];
  }

  /** Every row a table lists (a parent table such as cmdb_ci lists its children's rows too), in insertion order. */
  rows(tableName: string): SnRecord[] {
    const spec = TABLES[tableName];
    if (!spec) return [];
    const rows = this.tables.get(spec.storedIn) ?? [];
    return spec.classes ? rows.filter((row) => spec.classes!.includes(row.sys_class_name ?? '')) : rows;
  }

  get(tableName: string, sysId: string): SnRecord | undefined {
    const spec = TABLES[tableName];
    if (!spec) return undefined;
    const row = this.byId.get(spec.storedIn)?.get(sysId);
    if (!row) return undefined;
    return !spec.classes || spec.classes.includes(row.sys_class_name ?? '') ? row : undefined;
  }

  userByName(userName: string): SnRecord | undefined {
    return this.rows('sys_user').find((user) => user.user_name === userName);
  }

  userByEmail(email: string): SnRecord | undefined {
    return this.rows('sys_user').find((user) => (user.email ?? '').toLowerCase() === email.toLowerCase());
  }

  incidentByNumber(number: string): SnRecord | undefined {
    return this.rows('incident').find((incident) => incident.number === number);
  }

  /** Incidents linked to a paging incident, oldest first. */
  incidentsByCorrelationId(correlationId: string): SnRecord[] {
    return this.rows('incident').filter((incident) => incident.correlation_id === correlationId);
  }

  /** Journal entries of a record (work notes, comments, approval history), oldest first. */
  journal(sysId: string, element?: string): SnRecord[] {
    return this.rows('sys_journal_field').filter((entry) => entry.element_id === sysId && (!element || entry.element === element));
  }

  /** Refuses matching writes with 403 (ACL) until clearAclRules. */
  denyWrites(rule: AclRule): void {
    this.aclRules.push({ ...rule });
  }

  clearAclRules(): void {
    this.aclRules.length = 0;
  }

  private stamp(record: SnRecord, actor: string): void {
    record.sys_updated_on = glideDateTime(this.now());
    record.sys_updated_by = actor;
    record.sys_mod_count = String(Number(record.sys_mod_count ?? '0') + 1);
  }

  /** Inserts an incident as POST /api/now/table/incident does; throws SnApiError when the instance would refuse. */
  createIncident(body: Record<string, unknown>, options: WriteOptions): SnRecord {
    this.checkAcl('incident', undefined, Object.keys(body));
    const actorId = this.userByName(options.actor)?.sys_id ?? '';
    const at = glideDateTime(this.now());
    const record: SnRecord = {};
    for (const name of Object.keys(TABLES.incident!.fields)) record[name] = '';
    Object.assign(record, {
      sys_id: newSysId(),
      sys_class_name: 'incident',
      sys_created_on: at,
      sys_created_by: options.actor,
      sys_updated_on: at,
      sys_updated_by: options.actor,
      sys_mod_count: '0',
      state: '1',
      urgency: '3',
      impact: '3',
      opened_at: at,
      opened_by: actorId,
      reassignment_count: '0',
    });
    const journal = this.assignFields(record, body, true);
    record.number = `INC${String(this.nextNumber++).padStart(7, '0')}`;
    if (!('priority' in body) || 'urgency' in body || 'impact' in body)
      record.priority = priorityFor(record.impact ?? '3', record.urgency ?? '3');
    this.applyStateRules(record, '1', actorId, true);
    this.insertRow('incident', record);
    for (const [element, text] of journal) this.addJournalEntry(record, element, text, options.actor);
    return record;
  }

  /** Updates an incident as PATCH/PUT /api/now/table/incident/{sys_id} does; throws SnApiError when the instance would refuse. */
  updateIncident(sysId: string, body: Record<string, unknown>, options: WriteOptions): SnRecord {
    const record = this.get('incident', sysId);
    if (!record) throw snErrors.notFound();
    if (READ_ONLY_STATES.has(record.state ?? '')) throw snErrors.aclRefused();
    this.checkAcl('incident', sysId, Object.keys(body));
    const actorId = this.userByName(options.actor)?.sys_id ?? '';
    const before = { ...record };
    const next: SnRecord = { ...record };
    const journal = this.assignFields(next, body, false);
    if ('urgency' in body || 'impact' in body) next.priority = priorityFor(next.impact ?? '3', next.urgency ?? '3');
    this.applyStateRules(next, before.state ?? '1', actorId, false);
    if ((next.assignment_group ?? '') !== (before.assignment_group ?? ''))
      next.reassignment_count = String(Number(before.reassignment_count || '0') + 1);
    const changed = Object.keys(next).some((name) => next[name] !== before[name]) || journal.length > 0;
    if (!changed) return record;
    Object.assign(record, next);
    this.stamp(record, options.actor);
    for (const [element, text] of journal) this.addJournalEntry(record, element, text, options.actor);
    return record;
  }

  /** Copies known, writable fields from a request body; returns the journal entries to add (work_notes, comments are write-only). */
  private assignFields(record: SnRecord, body: Record<string, unknown>, inserting: boolean): [string, string][] {
    const fields = TABLES.incident!.fields;
    const journal: [string, string][] = [];
    for (const [name, raw] of Object.entries(body)) {
      const spec = fields[name];
      const value = fieldValue(raw);
      // Unknown fields and non-scalar values are ignored, as the Table API does.
      if (!spec || value === undefined) continue;
      if (name.startsWith('sys_') || (name === 'number' && !inserting)) continue;
      if (spec.kind === 'journal') {
        if (value.trim() !== '') journal.push([name, value]);
        continue;
      }
      record[name] = value;
    }
    return journal;
  }

  private applyStateRules(record: SnRecord, from: string, actorId: string, inserting: boolean): void {
    const to = record.state ?? '1';
    if (!(to in INCIDENT_STATES)) throw snErrors.badRequest('Invalid value', `${to} is not a valid incident state (1, 2, 3, 6, 7 or 8)`);
    if (!inserting && to !== from && !ALLOWED_TRANSITIONS[from]?.includes(to)) {
      throw snErrors.invalidTransition(`${INCIDENT_STATES[from] ?? from} (${from})`, `${INCIDENT_STATES[to] ?? to} (${to})`);
    }
    const at = glideDateTime(this.now());
    if (to === '6' || to === '7') {
      const missing = [record.close_code ? null : 'Resolution code', record.close_notes ? null : 'Resolution notes'].filter(
        (label): label is string => label !== null,
      );
      if (missing.length) throw snErrors.dataPolicy(missing);
      if (!record.resolved_at) {
        record.resolved_at = at;
        record.resolved_by = actorId;
      }
    }
    if (to === '7' && !record.closed_at) {
      record.closed_at = at;
      record.closed_by = actorId;
    }
    if (OPEN_STATES.has(to)) {
      record.resolved_at = '';
      record.resolved_by = '';
    }
    record.incident_state = to;
    record.active = OPEN_STATES.has(to) ? 'true' : 'false';
    const majorBefore = inserting ? '' : (this.get('incident', record.sys_id ?? '')?.major_incident_state ?? '');
    if (record.major_incident_state !== majorBefore) {
      if (record.major_incident_state === 'accepted') {
        record.promoted_by = actorId;
        record.promoted_on = at;
      } else if (record.major_incident_state === 'proposed') {
        record.proposed_by = actorId;
        record.proposed_on = at;
      }
    }
  }

  private checkAcl(table: string, sysId: string | undefined, fields: string[]): void {
    const refused = this.aclRules.some(
      (rule) =>
        rule.table === table &&
        (rule.sysId === undefined || rule.sysId === sysId) &&
        (rule.field === undefined || fields.includes(rule.field)),
    );
    if (refused) throw snErrors.aclRefused();
  }

  private addJournalEntry(record: SnRecord, element: string, text: string, actor: string): SnRecord {
    return this.insertRow('sys_journal_field', {
      sys_id: newSysId(),
      sys_created_on: glideDateTime(this.now()),
      sys_created_by: actor,
      name: record.sys_class_name || 'incident',
      element,
      element_id: record.sys_id ?? '',
      value: text,
    });
  }

  /** A person adds a work note directly in ServiceNow (tests and the demo): a journal entry and an update stamp. */
  addWorkNote(sysId: string, text: string, actor: string): SnRecord {
    return this.updateIncident(sysId, { work_notes: text }, { actor });
  }
}
