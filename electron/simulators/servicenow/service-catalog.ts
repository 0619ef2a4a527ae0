/**
 * The Service Catalog subset of the simulated instance: one catalog item, "Ask a
 * specialist team", ordered with `POST /api/sn_sc/servicecatalog/items/{sys_id}/order_now`
 * (an sc_request and its sc_req_item, whose fulfilment puts the item in the chosen
 * assignment group's queue), and the Table API rules for requested items: the task state
 * model (Open, Work in Progress, Pending, Closed Complete / Incomplete / Skipped), closed
 * items read-only, journal fields write-only, and the parent request closing with its item.
 */
import { randomBytes } from 'node:crypto';
import { stableSysId } from './demo-data';
import { snErrors, SnApiError } from './errors';
import { glideDateTime, type ServiceNowState } from './state';
import { REQUESTED_ITEM_STATES, TABLES } from './tables';
import type { SnRecord } from './types';

const SPECIALIST_ITEM_NAME = 'Ask a specialist team';
/** The catalog item's sys_id (stable across starts). */
export const SPECIALIST_ITEM_SYS_ID = stableSysId(`sc_cat_item:${SPECIALIST_ITEM_NAME}`);

const ORDER_PATH = /^\/api\/sn_sc\/(?:v1\/)?servicecatalog\/items\/([A-Za-z0-9]+)\/order_now\/?$/;
const CLOSED_STATES = new Set(['3', '4', '7']);
/** The task state model for requested items: which states people may move an item to from each state. */
const REQUESTED_ITEM_TRANSITIONS: Record<string, readonly string[]> = {
  '-5': ['1', '2', '3', '4', '7'],
  '1': ['-5', '2', '3', '4', '7'],
  '2': ['-5', '1', '3', '4', '7'],
  '3': [],
  '4': [],
  '7': [],
};
const FIRST_NUMBER = 10_001;

interface VariableSpec {
  name: string;
  mandatory: boolean;
  /** A reference variable: the value must be a sys_id in this table. */
  reference?: string;
  choices?: readonly string[];
}

/** The item's variables, as its catalog form defines them. */
const SPECIALIST_VARIABLES: readonly VariableSpec[] = [
  { name: 'assignment_group', mandatory: true, reference: 'sys_user_group' },
  { name: 'short_description', mandatory: true },
  { name: 'description', mandatory: false },
  { name: 'urgency', mandatory: false, choices: ['1', '2', '3'] },
  { name: 'requested_for', mandatory: false, reference: 'sys_user' },
  /** Mapped to the requested item's correlation_id by the item's fulfilment flow. */
  { name: 'console_request_id', mandatory: false },
  { name: 'paging_incident', mandatory: false },
];

export function isOrderPath(pathname: string): boolean {
  return ORDER_PATH.test(pathname);
}

function newSysId(): string {
  return randomBytes(16).toString('hex');
}

function badRequest(detail: string): SnApiError {
  return snErrors.badRequest('Invalid request', detail);
}

/** The catalog's state on top of the instance's tables. */
export class ServiceCatalog {
  private nextRequest = FIRST_NUMBER;
  private nextItem = FIRST_NUMBER;

  constructor(private readonly state: ServiceNowState) {
    const at = glideDateTime(state.now());
    state.insertRecord('sc_cat_item', {
      sys_id: SPECIALIST_ITEM_SYS_ID,
      sys_class_name: 'sc_cat_item',
      sys_created_on: at,
      sys_created_by: 'admin',
      sys_updated_on: at,
      sys_updated_by: 'admin',
      sys_mod_count: '0',
      name: SPECIALIST_ITEM_NAME,
      short_description: 'Ask a specialist team (DBAs, network engineers, ...) for their expertise',
      description: "Puts a request in the chosen assignment group's queue. Used by the On-Call Console's service catalogue.",
      active: 'true',
      category: 'Specialist services',
    });
  }

  /** POST .../items/{sys_id}/order_now: creates the request and its item; answers as an instance does. */
  order(pathname: string, body: unknown, actor: string): { status: number; body: unknown } {
    const itemSysId = ORDER_PATH.exec(pathname)?.[1] ?? '';
    const item = this.state.get('sc_cat_item', itemSysId);
    if (!item || item.active !== 'true') throw snErrors.notFound();
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw badRequest('The payload is not a JSON object: send {"sysparm_quantity": 1, "variables": {...}}');
    const raw = (body as { variables?: unknown }).variables ?? {};
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw badRequest('variables must be an object of variable name -> value');
    const quantity = Number((body as { sysparm_quantity?: unknown }).sysparm_quantity ?? 1);
    if (quantity !== 1) throw badRequest('sysparm_quantity must be 1 for this item');
    const variables = this.checkVariables(raw as Record<string, unknown>);

    const actorRecord = this.state.userByName(actor);
    const requestedFor = variables.requested_for || actorRecord?.sys_id || '';
    const at = glideDateTime(this.state.now());
    const common = {
      sys_created_on: at,
      sys_created_by: actor,
      sys_updated_on: at,
      sys_updated_by: actor,
      sys_mod_count: '0',
      opened_by: actorRecord?.sys_id ?? '',
      opened_at: at,
    };
    const request = this.state.insertRecord('sc_request', {
      ...this.blank('sc_request'),
      ...common,
      sys_id: newSysId(),
      sys_class_name: 'sc_request',
      number: `REQ${String(this.nextRequest++).padStart(7, '0')}`,
      short_description: variables.short_description ?? '',
      description: variables.description ?? '',
      state: '1',
      request_state: 'in_process',
      active: 'true',
      requested_for: requestedFor,
    });
    const urgency = variables.urgency || '3';
    this.state.insertRecord('sc_req_item', {
      ...this.blank('sc_req_item'),
      ...common,
      sys_id: newSysId(),
      sys_class_name: 'sc_req_item',
      number: `RITM${String(this.nextItem++).padStart(7, '0')}`,
      request: request.sys_id ?? '',
      cat_item: itemSysId,
      short_description: variables.short_description ?? '',
      description: variables.description ?? '',
      state: '1',
      stage: 'fulfillment',
      active: 'true',
      urgency,
      priority: urgency === '1' ? '2' : '4',
      requested_for: requestedFor,
      assignment_group: variables.assignment_group ?? '',
      correlation_id: variables.console_request_id ?? '',
      correlation_display: variables.console_request_id ? 'On-Call Console' : '',
    });
    return {
      status: 200,
      body: {
        result: {
          sys_id: request.sys_id,
          number: request.number,
          request_number: request.number,
          request_id: request.sys_id,
          table: 'sc_request',
        },
      },
    };
  }

  /** PATCH/PUT /api/now/table/sc_req_item/{sys_id}. */
  updateItem(sysId: string, body: Record<string, unknown>, actor: string): SnRecord {
    const item = this.state.get('sc_req_item', sysId);
    if (!item) throw snErrors.notFound();
    if (CLOSED_STATES.has(item.state ?? '')) throw snErrors.aclRefused();
    const fields = TABLES.sc_req_item!.fields;
    const next: SnRecord = { ...item };
    const journal: ['work_notes' | 'comments', string][] = [];
    for (const [name, value] of Object.entries(body)) {
      const spec = fields[name];
      if (!spec || name.startsWith('sys_') || name === 'number' || name === 'request' || name === 'cat_item') continue;
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      const text = value === null ? '' : String(value);
      if (spec.kind === 'journal') {
        if (text.trim() !== '') journal.push([name as 'work_notes' | 'comments', text]);
        continue;
      }
      next[name] = text;
    }
    const from = item.state ?? '1';
    const to = next.state ?? from;
    if (!(to in REQUESTED_ITEM_STATES))
      throw snErrors.badRequest('Invalid value', `${to} is not a valid requested item state (-5, 1, 2, 3, 4 or 7)`);
    if (to !== from && !REQUESTED_ITEM_TRANSITIONS[from]?.includes(to)) {
      throw snErrors.invalidTransition(`${REQUESTED_ITEM_STATES[from]} (${from})`, `${REQUESTED_ITEM_STATES[to]} (${to})`);
    }
    for (const reference of ['assignment_group', 'assigned_to'] as const) {
      const table = reference === 'assignment_group' ? 'sys_user_group' : 'sys_user';
      if (next[reference] !== item[reference] && next[reference] && !this.state.get(table, next[reference] ?? '')) {
        throw snErrors.badRequest('Invalid reference', `${reference}: no ${table} record ${next[reference]}`);
      }
    }
    const at = glideDateTime(this.state.now());
    if (CLOSED_STATES.has(to)) {
      next.active = 'false';
      next.closed_at = at;
      next.closed_by = this.state.userByName(actor)?.sys_id ?? '';
      next.stage = to === '3' ? 'complete' : 'Request Cancelled';
    }
    const changed = Object.keys(next).some((name) => next[name] !== item[name]) || journal.length > 0;
    if (!changed) return item;
    Object.assign(item, next, { sys_updated_on: at, sys_updated_by: actor, sys_mod_count: String(Number(item.sys_mod_count ?? '0') + 1) });
    for (const [element, text] of journal) this.state.appendJournal(item, element, text, actor);
    if (CLOSED_STATES.has(to) && to !== from) this.closeParent(item, to, actor, at);
    return item;
  }

  /** The request closes with its (only) item. */
  private closeParent(item: SnRecord, itemState: string, actor: string, at: string): void {
    const request = this.state.get('sc_request', item.request ?? '');
    if (!request) return;
    Object.assign(request, {
      state: itemState,
      request_state: itemState === '3' ? 'closed_complete' : 'closed_incomplete',
      active: 'false',
      closed_at: at,
      sys_updated_on: at,
      sys_updated_by: actor,
      sys_mod_count: String(Number(request.sys_mod_count ?? '0') + 1),
    });
  }

  private checkVariables(raw: Record<string, unknown>): Record<string, string> {
    const values: Record<string, string> = {};
    for (const spec of SPECIALIST_VARIABLES) {
      const value = raw[spec.name];
      if (value === undefined || value === null || value === '') continue;
      if (typeof value !== 'string' && typeof value !== 'number') throw badRequest(`Variable ${spec.name} must be text`);
      values[spec.name] = String(value);
    }
    const missing = SPECIALIST_VARIABLES.filter((spec) => spec.mandatory && !values[spec.name]).map((spec) => spec.name);
    if (missing.length > 0) throw snErrors.badRequest('Mandatory Variables are required', `Missing: ${missing.join(', ')}`);
    for (const spec of SPECIALIST_VARIABLES) {
      const value = values[spec.name];
      if (value === undefined) continue;
      if (spec.reference && !this.state.get(spec.reference, value))
        throw badRequest(`Variable ${spec.name}: no ${spec.reference} record with sys_id ${value}`);
      if (spec.choices && !spec.choices.includes(value))
        throw badRequest(`Variable ${spec.name}: ${value} is not one of ${spec.choices.join(', ')}`);
    }
    return values;
  }

  private blank(table: string): SnRecord {
    return Object.fromEntries(Object.keys(TABLES[table]!.fields).map((name) => [name, '']));
  }
}
