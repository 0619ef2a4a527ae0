/**
 * The ServiceNow implementation of the engine's TicketingProvider port, over the Table
 * API: tickets are incidents linked to their paging incident by correlation_id.
 *
 * Replay safety (the outbox may repeat any write after a crash):
 * - createTicket never makes a second ticket for a correlation_id that has one: it looks
 *   first; after a POST whose answer was lost it looks again before failing; and when two
 *   hosts create at the same moment, the later ticket (higher number) is canceled as a
 *   duplicate by the host that created it (withdrawDuplicate's note and state), so exactly
 *   one stays open (a later createTicket for the same incident also cancels such a duplicate
 *   if its creator died before checking). The engine's TicketOpener checks the same again
 *   for every ticketing system, and finds this settled.
 * - acknowledge, reassign, declareMajor and resolve read the incident first and send only
 *   what is not already so (a repeat is a no-op); resolving a resolved or closed ticket is
 *   not an error.
 * - addWorkNote (and declareMajor's note) skip a note whose exact text is already in the
 *   incident's work notes, so a replay does not add it twice.
 */
import type { Ticket } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import { CONSOLE_NOTE_MARKER, consoleNoteTrailer, duplicateNoteText } from '../../engine/ports/ticketing';
import { chunk } from '../http/bounded-concurrency';
import { parseLinkHeader } from '../http/link-header';
import {
  CURSOR_OVERLAP_MS,
  decodeCursor,
  diffTicket,
  encodeCursor,
  pruneSnapshots,
  type ChangeCursor,
  type TicketSnapshot,
  type WrittenFields,
} from './change-tracker';
import { DEFAULT_CLOSE_CODE, validateConfig, type ServiceNowConfig } from './config';
import {
  glideFromMs,
  impactUrgencyFor,
  isOpenState,
  isReadOnlyState,
  isoFromGlide,
  SERVICENOW_PROVIDER_ID,
  STATE_CANCELED,
  STATE_IN_PROGRESS,
  STATE_RESOLVED,
  stateName,
  toTicket,
} from './mapper';
import {
  fieldsOf,
  INCIDENT_DISPLAY_ALL as DISPLAY_ALL,
  SnCiList,
  SnGroupList,
  SnIncidentEnvelope,
  SnIncidentList,
  SnJournalList,
  SnUserList,
  type SnIncident,
  type SnJournalEntry,
  type SnUser,
} from './schemas';
import type { QueryParams } from '../http/transport';
import { ServiceNowClient, ServiceNowRefusal } from './servicenow-client';
import {
  DEFAULT_SPECIALIST_CATALOG_ITEM,
  ServiceNowSpecialistRequests,
  type CatalogOrder,
  type PlacedCatalogRequest,
} from './specialist-requests';
import type {
  NewSpecialistTicket,
  SpecialistTicket,
  SpecialistTicketOutcome,
  SpecialistTicketRecord,
  NewTicket,
  TicketChange,
  TicketingProvider,
  TicketRouting,
} from '../../engine/ports/ticketing';
import type { z } from 'zod';

/** Correlation ids per `correlation_idIN` query (keeps URLs well under proxies' limits). */
const CORRELATION_IDS_PER_QUERY = 50;
/** Any paginated read stops after this many pages. */
const MAX_PAGES = 100;
/** Shown in correlation_display on tickets the console creates. */
const CORRELATION_DISPLAY = 'On-Call Console';
const INCIDENT_PATH = '/api/now/table/incident';
/** Encoded queries have no escaping: values must not contain ^ , or = . */
const SAFE_VALUE = /^[A-Za-z0-9_.:@+-]+$/;

interface ServiceNowUser {
  id: string;
  userName: string;
  name: string;
  email: string | null;
}

interface ServiceNowGroup {
  id: string;
  name: string;
  description: string;
}

interface ServiceNowCi {
  id: string;
  name: string;
  /** e.g. cmdb_ci_service, cmdb_ci_appl, cmdb_ci_db_ora_instance. */
  className: string;
  description: string;
  supportGroupId: string | null;
}

export interface ServiceNowProvider extends TicketingProvider {
  whoAmI(): Promise<ServiceNowUser>;
  /**
   * In Progress and assigned to `assignee`: a sys_user sys_id, or an email address (the
   * console user's), looked up once in sys_user.
   */
  acknowledge(ticketId: string, assignee: string): Promise<Ticket>;
  findUserByEmail(email: string): Promise<ServiceNowUser | null>;
  listUsers(): Promise<ServiceNowUser[]>;
  /** Active assignment groups (sys_user_group). */
  listGroups(): Promise<ServiceNowGroup[]>;
  /** Business services (cmdb_ci_service). */
  listServices(): Promise<ServiceNowCi[]>;
  /** Configuration items other than services (cmdb_ci without the cmdb_ci_service class). */
  listConfigurationItems(): Promise<ServiceNowCi[]>;
  /** One ticket by sys_id. */
  getTicket(ticketId: string): Promise<Ticket>;
  /** Orders a Service Catalog item (order_now): an sc_request and its sc_req_item. */
  raiseCatalogRequest(order: CatalogOrder): Promise<PlacedCatalogRequest>;
}

export function createServiceNowProvider(config: ServiceNowConfig): ServiceNowProvider {
  validateConfig(config);
  const now = config.now ?? Date.now;
  const client = new ServiceNowClient(config);
  return new ServiceNowTicketingProvider(client, config, now);
}

function snapshotOf(incident: SnIncident): TicketSnapshot {
  return {
    g: incident.assignment_group.value,
    s: incident.business_service.value,
    c: incident.cmdb_ci.value,
    p: incident.priority.value,
    st: incident.state.value,
    u: incident.sys_updated_on.value,
  };
}

function toUser(user: SnUser): ServiceNowUser {
  return { id: user.sys_id, userName: user.user_name, name: user.name || user.user_name, email: user.email || null };
}

function withMarker(text: string): string {
  return text.includes(CONSOLE_NOTE_MARKER) ? text : `${text.trimEnd()}\n\n${CONSOLE_NOTE_MARKER}`;
}

class ServiceNowTicketingProvider implements ServiceNowProvider {
  readonly id = SERVICENOW_PROVIDER_ID;
  readonly label = 'ServiceNow';
  private me: Promise<ServiceNowUser> | null = null;
  private readonly usersByEmail = new Map<string, ServiceNowUser | null>();
  private readonly usersByName = new Map<string, ServiceNowUser | null>();
  /** Fields the console wrote per ticket since the last poll saw them, and the sys_updated_on its write produced. */
  private readonly ourWrites = new Map<string, { fields: WrittenFields; u: string }>();
  private readonly instanceUrl: string;
  private readonly pageSize: number;
  private readonly specialists: ServiceNowSpecialistRequests;

  constructor(
    private readonly client: ServiceNowClient,
    private readonly config: ServiceNowConfig,
    private readonly now: () => number,
  ) {
    this.instanceUrl = client.instanceUrl;
    this.pageSize = config.pageSize ?? 100;
    this.specialists = new ServiceNowSpecialistRequests({
      client,
      instanceUrl: this.instanceUrl,
      catalogItem: config.specialistCatalogItem ?? DEFAULT_SPECIALIST_CATALOG_ITEM,
      findUserByEmail: (email) => this.findUserByEmail(email),
      usersByUserName: (userNames) => this.usersByUserName(userNames),
      now,
    });
  }

  // ---- specialist requests (Service Catalog; see specialist-requests.ts) ----------------

  raiseCatalogRequest(order: CatalogOrder): Promise<PlacedCatalogRequest> {
    return this.specialists.raiseCatalogRequest(order);
  }

  raiseSpecialistRequest(ticket: NewSpecialistTicket): Promise<SpecialistTicket> {
    return this.specialists.raise(ticket);
  }

  commentOnSpecialistRequest(ticketId: string, text: string): Promise<void> {
    return this.specialists.comment(ticketId, text);
  }

  assignSpecialistRequest(ticketId: string, assigneeEmail: string): Promise<SpecialistTicket> {
    return this.specialists.assign(ticketId, assigneeEmail);
  }

  resolveSpecialistRequest(ticketId: string, text: string, outcome: SpecialistTicketOutcome): Promise<SpecialistTicket> {
    return this.specialists.close(ticketId, text, outcome);
  }

  getSpecialistRequest(ticketId: string): Promise<SpecialistTicket> {
    return this.specialists.get(ticketId);
  }

  addSpecialistRequestNote(ticketId: string, text: string): Promise<void> {
    return this.specialists.note(ticketId, text);
  }

  specialistRequestsChangedSince(cursor: string | null): Promise<{ records: SpecialistTicketRecord[]; cursor: string }> {
    return this.specialists.changedSince(cursor);
  }

  // ---- reads -------------------------------------------------------------------------

  whoAmI(): Promise<ServiceNowUser> {
    if (!this.me) {
      this.me = this.client
        .request({
          method: 'GET',
          path: '/api/now/table/sys_user',
          query: [
            ['sysparm_query', 'sys_id=javascript:gs.getUserID()'],
            ['sysparm_fields', fieldsOf(SnUserList)],
            ['sysparm_limit', 1],
          ],
          schema: SnUserList,
        })
        .then(({ body }) => {
          const user = body.result[0];
          if (!user)
            throw new ProviderError(
              'auth',
              'ServiceNow accepted the credentials but shows no sys_user for them: give the integration user read access to sys_user (e.g. the itil role)',
            );
          const me = toUser(user);
          this.usersByName.set(me.userName, me);
          return me;
        });
      this.me.catch(() => {
        this.me = null;
      });
    }
    return this.me;
  }

  async findUserByEmail(email: string): Promise<ServiceNowUser | null> {
    const key = email.trim().toLowerCase();
    if (this.usersByEmail.has(key)) return this.usersByEmail.get(key) ?? null;
    if (!SAFE_VALUE.test(key)) throw new ProviderError('rejected', `"${email}" is not an email address ServiceNow can be searched for`);
    const { body } = await this.client.request({
      method: 'GET',
      path: '/api/now/table/sys_user',
      query: [
        ['sysparm_query', `email=${key}^active=true`],
        ['sysparm_fields', fieldsOf(SnUserList)],
        ['sysparm_limit', 2],
      ],
      schema: SnUserList,
    });
    const user = body.result[0] ? toUser(body.result[0]) : null;
    this.usersByEmail.set(key, user);
    return user;
  }

  async listUsers(): Promise<ServiceNowUser[]> {
    const users = await this.listAll('sys_user', 'active=true^ORDERBYname', SnUserList);
    return users.map(toUser);
  }

  async listGroups(): Promise<ServiceNowGroup[]> {
    const groups = await this.listAll('sys_user_group', 'active=true^ORDERBYname', SnGroupList);
    return groups.map((group) => ({ id: group.sys_id, name: group.name, description: group.description }));
  }

  async listServices(): Promise<ServiceNowCi[]> {
    return (await this.listAll('cmdb_ci_service', 'ORDERBYname', SnCiList)).map(toCi);
  }

  async listConfigurationItems(): Promise<ServiceNowCi[]> {
    return (await this.listAll('cmdb_ci', 'sys_class_name!=cmdb_ci_service^ORDERBYname', SnCiList)).map(toCi);
  }

  async getTicket(ticketId: string): Promise<Ticket> {
    return toTicket(await this.readIncident(ticketId), this.instanceUrl);
  }

  async findByPagingIncidents(pagingIncidentIds: string[]): Promise<Ticket[]> {
    const ids = [...new Set(pagingIncidentIds)];
    for (const id of ids) this.checkCorrelationId(id);
    const tickets: Ticket[] = [];
    for (const group of chunk(ids, CORRELATION_IDS_PER_QUERY)) {
      const incidents = await this.listIncidents(`correlation_idIN${group.join(',')}^ORDERBYsys_created_on`);
      for (const id of group) {
        const chosen = pickTicket(incidents.filter((incident) => incident.correlation_id.value === id));
        if (chosen) tickets.push(toTicket(chosen, this.instanceUrl));
      }
    }
    return tickets;
  }

  // ---- writes ------------------------------------------------------------------------

  async createTicket(ticket: NewTicket): Promise<Ticket> {
    this.checkCorrelationId(ticket.pagingIncidentId);
    const existing = await this.linkedIncidents(ticket.pagingIncidentId);
    const found = pickTicket(existing);
    if (found) {
      await this.cancelDuplicates(existing, found);
      return toTicket(found, this.instanceUrl);
    }

    const { impact, urgency } = impactUrgencyFor(ticket.priority, ticket.urgency);
    const body: Record<string, string> = {
      short_description: ticket.title.slice(0, 160),
      description: ticket.description,
      urgency,
      impact,
      correlation_id: ticket.pagingIncidentId,
      correlation_display: CORRELATION_DISPLAY,
    };
    if (ticket.assignmentGroupId) body.assignment_group = ticket.assignmentGroupId;
    if (ticket.businessServiceId) body.business_service = ticket.businessServiceId;
    if (ticket.configurationItemId) body.cmdb_ci = ticket.configurationItemId;

    let created: SnIncident;
    try {
      ({
        body: { result: created },
      } = await this.client.request({ method: 'POST', path: INCIDENT_PATH, query: DISPLAY_ALL, body, schema: SnIncidentEnvelope }));
    } catch (error) {
      // The POST may have landed before the answer was lost: look before failing, so a retry cannot duplicate.
      if (error instanceof ProviderError && error.kind === 'transient') {
        const landed = pickTicket(await this.linkedIncidents(ticket.pagingIncidentId).catch(() => []));
        if (landed) return toTicket(landed, this.instanceUrl);
      }
      throw this.explainRefusal(error, `create a ticket for paging incident ${ticket.pagingIncidentId}`, Object.keys(body), null);
    }
    this.remember(created, {
      g: created.assignment_group.value,
      s: created.business_service.value,
      c: created.cmdb_ci.value,
      p: created.priority.value,
      st: created.state.value,
    });

    // Two hosts may have created at the same moment: the lowest number wins, the later one is canceled by its creator.
    const linked = (await this.linkedIncidents(ticket.pagingIncidentId)).filter((incident) => incident.state.value !== STATE_CANCELED);
    const winner = linked.sort(byNumber)[0];
    if (winner && winner.sys_id !== created.sys_id && byNumber(winner, created) < 0) {
      await this.cancelAsDuplicate(created, winner);
      return toTicket(winner, this.instanceUrl);
    }
    return toTicket(created, this.instanceUrl);
  }

  async withdrawDuplicate(duplicateId: string, standing: Ticket): Promise<Ticket> {
    const incident = await this.readIncident(duplicateId);
    if (!isOpenState(incident.state.value)) return toTicket(incident, this.instanceUrl);
    return toTicket(await this.cancelAsDuplicate(incident, { number: { value: standing.number } }), this.instanceUrl);
  }

  /** Canceled (state 8) with a work note naming the ticket that stands for the incident. */
  private cancelAsDuplicate(duplicate: SnIncident, standing: { number: { value: string } }): Promise<SnIncident> {
    return this.patch(
      duplicate,
      { state: STATE_CANCELED, work_notes: withMarker(duplicateNoteText(standing.number.value)) },
      'cancel a duplicate ticket',
      false,
    );
  }

  /**
   * Cancels open tickets the console created for the same paging incident besides `keep`
   * (left behind when a host died between its POST and its duplicate check). Tickets
   * people created are never touched.
   */
  private async cancelDuplicates(linked: SnIncident[], keep: SnIncident): Promise<void> {
    const duplicates = linked.filter(
      (incident) =>
        incident.sys_id !== keep.sys_id &&
        isOpenState(incident.state.value) &&
        incident.correlation_display.value === CORRELATION_DISPLAY &&
        byNumber(incident, keep) > 0,
    );
    for (const duplicate of duplicates) await this.cancelAsDuplicate(duplicate, keep);
  }

  async acknowledge(ticketId: string, assignee: string): Promise<Ticket> {
    const assigneeId = await this.resolveAssignee(assignee);
    const incident = await this.readIncident(ticketId);
    this.refuseIfReadOnly(incident, 'acknowledge');
    // A resolved ticket stays resolved: acknowledging the paging incident does not reopen it.
    if (incident.state.value === STATE_RESOLVED) return toTicket(incident, this.instanceUrl);
    const change: Record<string, string> = {};
    if (incident.state.value !== STATE_IN_PROGRESS) change.state = STATE_IN_PROGRESS;
    if (incident.assigned_to.value !== assigneeId) change.assigned_to = assigneeId;
    if (Object.keys(change).length === 0) return toTicket(incident, this.instanceUrl);
    return toTicket(await this.patch(incident, change, 'acknowledge', true), this.instanceUrl);
  }

  async addWorkNote(ticketId: string, text: string, noteId: string): Promise<void> {
    if (text.trim() === '') throw new ProviderError('rejected', 'The work note is empty: write something to add');
    const incident = await this.readIncident(ticketId);
    this.refuseIfReadOnly(incident, 'add a work note to');
    const note = `${text.trimEnd()}\n\n${consoleNoteTrailer(noteId)}`;
    if (await this.hasWorkNote(incident.sys_id, note)) return;
    await this.patch(incident, { work_notes: note }, 'add a work note to', false);
  }

  async reassign(ticketId: string, routing: TicketRouting): Promise<Ticket> {
    const wanted: Record<string, string> = {};
    if (routing.assignmentGroupId) wanted.assignment_group = routing.assignmentGroupId;
    if (routing.businessServiceId) wanted.business_service = routing.businessServiceId;
    if (routing.configurationItemId) wanted.cmdb_ci = routing.configurationItemId;
    if (Object.keys(wanted).length === 0) {
      throw new ProviderError(
        'rejected',
        'No ServiceNow routing for this service: map it to an assignment group, business service or configuration item in the workspace (ticketing routing) and try again',
      );
    }
    const incident = await this.readIncident(ticketId);
    this.refuseIfReadOnly(incident, 'reassign');
    const current: Record<string, string> = {
      assignment_group: incident.assignment_group.value,
      business_service: incident.business_service.value,
      cmdb_ci: incident.cmdb_ci.value,
    };
    const change = Object.fromEntries(Object.entries(wanted).filter(([field, value]) => current[field] !== value));
    if (Object.keys(change).length === 0) return toTicket(incident, this.instanceUrl);
    return toTicket(await this.patch(incident, change, 'reassign', true), this.instanceUrl);
  }

  async declareMajor(ticketId: string, reason: string): Promise<Ticket> {
    const incident = await this.readIncident(ticketId);
    this.refuseIfReadOnly(incident, 'declare a major incident on');
    const change: Record<string, string> = {};
    if (incident.urgency.value !== '1') change.urgency = '1';
    if (incident.impact.value !== '1') change.impact = '1';
    if (incident.major_incident_state.value !== 'accepted') change.major_incident_state = 'accepted';
    const note = withMarker(
      `Declared a major incident (priority 1 - Critical) from the On-Call Console${reason.trim() ? `: ${reason.trim()}` : '.'}`,
    );
    if (!(await this.hasWorkNote(incident.sys_id, note))) change.work_notes = note;
    if (Object.keys(change).length === 0) return toTicket(incident, this.instanceUrl);
    return toTicket(await this.patch(incident, change, 'declare a major incident on', !('work_notes' in change)), this.instanceUrl);
  }

  async resolve(ticketId: string, closeNotes: string): Promise<Ticket> {
    const incident = await this.readIncident(ticketId);
    if (!isOpenState(incident.state.value)) return toTicket(incident, this.instanceUrl);
    const change = {
      state: STATE_RESOLVED,
      close_code: this.config.closeCode ?? DEFAULT_CLOSE_CODE,
      close_notes: closeNotes.trim() || 'Resolved from the On-Call Console: the paging incident was resolved.',
    };
    return toTicket(await this.patch(incident, change, 'resolve', true), this.instanceUrl);
  }

  // ---- changes -----------------------------------------------------------------------

  async changesSince(cursorText: string | null): Promise<{ changes: TicketChange[]; cursor: string }> {
    const me = await this.whoAmI();
    const previous: ChangeCursor | null = cursorText === null ? null : decodeCursor(cursorText);
    const query = previous
      ? `correlation_idISNOTEMPTY^sys_updated_on>=${previous.since}^ORDERBYsys_updated_on`
      : 'correlation_idISNOTEMPTY^active=true^ORDERBYsys_updated_on';
    const { records, serverNow, complete } = await this.listIncidentsWithClock(query);
    const latest = new Map<string, SnIncident>();
    for (const incident of records) latest.set(incident.sys_id, incident);

    const seen: Record<string, TicketSnapshot> = { ...(previous?.seen ?? {}) };
    const changes: TicketChange[] = [];
    for (const incident of latest.values()) {
      const current = snapshotOf(incident);
      const ours = this.ourWrites.get(incident.sys_id);
      if (previous) {
        const diff = diffTicket({
          baseline: previous.seen[incident.sys_id],
          current,
          ours: ours?.fields,
          lastUpdateByUs: incident.sys_updated_by.value === me.userName,
        });
        const ticket = toTicket(incident, this.instanceUrl);
        const at = isoFromGlide(incident.sys_updated_on.value);
        if (diff.reassigned) changes.push({ kind: 'reassigned', ticket, at });
        if (diff.priority) changes.push({ kind: 'priority', ticket, at });
        if (diff.resolved) changes.push({ kind: 'resolved', ticket, at });
      }
      seen[incident.sys_id] = current;
      if (ours && ours.u <= current.u) this.ourWrites.delete(incident.sys_id);
    }

    const lastRecord = records[records.length - 1];
    const nextSince = !complete && lastRecord ? lastRecord.sys_updated_on.value : glideFromMs(serverNow - CURSOR_OVERLAP_MS);
    const noteIds: string[] = [];
    if (previous && latest.size > 0) {
      const reported = new Set(previous.noteIds);
      const notes = await this.workNotesSince([...latest.keys()], previous.since);
      const authors = await this.usersByUserName([...new Set(notes.map((note) => note.sys_created_by))]);
      for (const note of notes) {
        if (note.sys_created_on >= nextSince) noteIds.push(note.sys_id);
        if (reported.has(note.sys_id) || note.value.includes(CONSOLE_NOTE_MARKER)) continue;
        const incident = latest.get(note.element_id);
        if (!incident) continue;
        const author = authors.get(note.sys_created_by);
        changes.push({
          kind: 'note',
          ticket: toTicket(incident, this.instanceUrl),
          noteId: note.sys_id,
          text: note.value,
          author: author
            ? { id: author.id, name: author.name }
            : note.sys_created_by
              ? { id: note.sys_created_by, name: note.sys_created_by }
              : null,
          at: isoFromGlide(note.sys_created_on),
        });
      }
    }
    changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const cursor: ChangeCursor = { v: 1, since: nextSince, seen: pruneSnapshots(seen), noteIds };
    return { changes, cursor: encodeCursor(cursor) };
  }

  // ---- helpers -----------------------------------------------------------------------

  private checkCorrelationId(id: string): void {
    if (!SAFE_VALUE.test(id))
      throw new ProviderError('rejected', `"${id}" cannot be used as a ServiceNow correlation_id (letters, digits and . _ : @ + - only)`);
  }

  private async resolveAssignee(assignee: string): Promise<string> {
    if (!assignee.includes('@')) return assignee;
    const user = await this.findUserByEmail(assignee);
    if (!user) {
      throw new ProviderError(
        'rejected',
        `No active ServiceNow user has the email ${assignee}: ask a ServiceNow admin to add it to your sys_user record, then acknowledge again`,
      );
    }
    return user.id;
  }

  private async readIncident(ticketId: string): Promise<SnIncident> {
    const { result } = await this.client.readRecord(
      INCIDENT_PATH,
      ticketId,
      DISPLAY_ALL,
      SnIncidentEnvelope,
      `ServiceNow has no incident ${ticketId} (404): it was deleted, or the integration user cannot read it; check the ticket link on the incident`,
    );
    return result;
  }

  private refuseIfReadOnly(incident: SnIncident, action: string): void {
    if (!isReadOnlyState(incident.state.value)) return;
    const state = stateName(incident.state);
    const kind = incident.state.value === STATE_CANCELED ? 'canceled' : 'closed';
    throw new ProviderError(
      'rejected',
      `${incident.number.value} is ${state}: ${kind} tickets cannot be changed, so the console could not ${action} it; reopen it in ServiceNow or create a follow-up`,
      403,
    );
  }

  private async hasWorkNote(sysId: string, note: string): Promise<boolean> {
    const notes = await this.listAll(
      'sys_journal_field',
      `element_id=${sysId}^element=work_notes^ORDERBYDESCsys_created_on`,
      SnJournalList,
    );
    return notes.some((entry) => entry.value.trim() === note.trim());
  }

  /** PATCHes an incident and remembers what the console wrote (so changesSince does not echo it). */
  private async patch(incident: SnIncident, change: Record<string, string>, action: string, idempotent: boolean): Promise<SnIncident> {
    let updated: SnIncident;
    try {
      ({
        body: { result: updated },
      } = await this.client.request({
        method: 'PATCH',
        path: `${INCIDENT_PATH}/${incident.sys_id}`,
        query: DISPLAY_ALL,
        body: change,
        schema: SnIncidentEnvelope,
        idempotent,
      }));
    } catch (error) {
      throw this.explainRefusal(error, action, Object.keys(change), incident);
    }
    const written: WrittenFields = {};
    if ('assignment_group' in change) written.g = updated.assignment_group.value;
    if ('business_service' in change) written.s = updated.business_service.value;
    if ('cmdb_ci' in change) written.c = updated.cmdb_ci.value;
    if ('urgency' in change || 'impact' in change || 'priority' in change) written.p = updated.priority.value;
    if ('state' in change) written.st = updated.state.value;
    this.remember(updated, written);
    return updated;
  }

  private remember(incident: SnIncident, fields: WrittenFields): void {
    const previous = this.ourWrites.get(incident.sys_id);
    this.ourWrites.set(incident.sys_id, { fields: { ...previous?.fields, ...fields }, u: incident.sys_updated_on.value });
  }

  /** A refusal reworded to name the record and what to do; other errors pass through. */
  private explainRefusal(error: unknown, action: string, fields: string[], incident: SnIncident | null): unknown {
    if (!(error instanceof ServiceNowRefusal) || error.kind === 'auth') return error;
    const record = incident ? incident.number.value : 'the ticket';
    const detail = error.vendorDetail || error.vendorMessage;
    if (error.status === 403 && /data policy/i.test(detail)) {
      return new ProviderError(
        'rejected',
        `ServiceNow refused to ${action} ${record} (403 data policy): ${detail}; fill the mandatory fields in ServiceNow or adjust the data policy`,
        403,
      );
    }
    if (error.status === 403 && /state (model|transition)/i.test(detail)) {
      const state = incident ? stateName(incident.state) : 'its current state';
      return new ProviderError(
        'rejected',
        `ServiceNow refused to ${action} ${record} (403): ${detail}; it is ${state}, change its state in ServiceNow first`,
        403,
      );
    }
    if (error.status === 403) {
      const target = fields.filter((field) => field !== 'work_notes' || fields.length === 1).map((field) => `incident.${field}`);
      return new ProviderError(
        'rejected',
        `ServiceNow refused to ${action} ${record} (403 ACL): the integration user needs the itil role or write access to ${target.join(', ') || 'incident'}${detail ? ` (ServiceNow said: ${detail})` : ''}`,
        403,
      );
    }
    if (error.status === 404)
      return new ProviderError(
        'rejected',
        `ServiceNow has no incident ${incident?.sys_id ?? ''} to ${action} (404): it was deleted or is not readable by the integration user`,
        404,
      );
    return new ProviderError(
      'rejected',
      `ServiceNow refused to ${action} ${record} (${error.status}): ${detail || error.message}`,
      error.status,
    );
  }

  private async linkedIncidents(correlationId: string): Promise<SnIncident[]> {
    return this.listIncidents(`correlation_id=${correlationId}^ORDERBYsys_created_on`);
  }

  private async listIncidents(query: string): Promise<SnIncident[]> {
    return (await this.listIncidentsWithClock(query)).records;
  }

  /** Incidents matching a query, every page, plus the instance's clock (Date header) at the first answer and whether all pages were read. */
  private async listIncidentsWithClock(query: string): Promise<{ records: SnIncident[]; serverNow: number; complete: boolean }> {
    return this.pages(INCIDENT_PATH, [['sysparm_query', query], ...DISPLAY_ALL], SnIncidentList);
  }

  /** Every record of `table` the query matches, with the fields of the list schema's records (actual values). */
  private async listAll<S extends z.ZodObject<{ result: z.ZodArray<z.ZodObject> }>>(
    table: string,
    query: string,
    schema: S,
  ): Promise<z.output<S>['result']> {
    const { records } = await this.pages(
      `/api/now/table/${table}`,
      [
        ['sysparm_query', query],
        ['sysparm_fields', fieldsOf(schema)],
        ['sysparm_exclude_reference_link', 'true'],
      ],
      schema,
    );
    return records;
  }

  /** Follows the Link header's rel="next" from the first page, at most MAX_PAGES pages. */
  private async pages<S extends z.ZodType<{ result: unknown[] }>>(
    path: string,
    query: QueryParams,
    schema: S,
  ): Promise<{ records: z.output<S>['result']; serverNow: number; complete: boolean }> {
    const records: z.output<S>['result'] = [];
    let serverNow: number | null = null;
    let next: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response: { body: z.output<S>; headers: Headers } = next
        ? await this.client.request({ method: 'GET', path: next, schema })
        : await this.client.request({
            method: 'GET',
            path,
            query: [...query, ['sysparm_limit', this.pageSize], ['sysparm_offset', 0]],
            schema,
          });
      if (serverNow === null) {
        const date = Date.parse(response.headers.get('date') ?? '');
        serverNow = Number.isNaN(date) ? this.now() : date;
      }
      records.push(...response.body.result);
      next = parseLinkHeader(response.headers.get('link')).get('next') ?? null;
      if (!next || response.body.result.length === 0) return { records, serverNow, complete: true };
    }
    return { records, serverNow: serverNow ?? this.now(), complete: false };
  }

  private async workNotesSince(incidentIds: string[], since: string): Promise<SnJournalEntry[]> {
    const notes: SnJournalEntry[] = [];
    for (const group of chunk(incidentIds, CORRELATION_IDS_PER_QUERY)) {
      const query = `element=work_notes^element_idIN${group.join(',')}^sys_created_on>=${since}^ORDERBYsys_created_on`;
      notes.push(...(await this.listAll('sys_journal_field', query, SnJournalList)));
    }
    return notes;
  }

  private async usersByUserName(userNames: string[]): Promise<Map<string, ServiceNowUser>> {
    const missing = userNames.filter((name) => name && !this.usersByName.has(name) && SAFE_VALUE.test(name));
    for (const group of chunk(missing, CORRELATION_IDS_PER_QUERY)) {
      const users = await this.listAll('sys_user', `user_nameIN${group.join(',')}`, SnUserList);
      for (const name of group) this.usersByName.set(name, null);
      for (const user of users) this.usersByName.set(user.user_name, toUser(user));
    }
    const found = new Map<string, ServiceNowUser>();
    for (const name of userNames) {
      const user = this.usersByName.get(name);
      if (user) found.set(name, user);
    }
    return found;
  }
}

function toCi(ci: z.output<typeof SnCiList>['result'][number]): ServiceNowCi {
  return {
    id: ci.sys_id,
    name: ci.name,
    className: ci.sys_class_name,
    description: ci.short_description,
    supportGroupId: ci.support_group || null,
  };
}

/** Lowest number first (INC0010001 before INC0010002). */
function byNumber(a: { number: { value: string } }, b: { number: { value: string } }): number {
  return a.number.value.localeCompare(b.number.value, undefined, { numeric: true });
}

/**
 * The ticket for a paging incident: the open one with the lowest number (the one that stands,
 * the same for every host), else the most recently created that is not canceled (a
 * withdrawn duplicate never comes back), else the most recently created.
 */
function pickTicket(incidents: SnIncident[]): SnIncident | undefined {
  const open = incidents.filter((incident) => isOpenState(incident.state.value)).sort(byNumber);
  if (open[0]) return open[0];
  const byAge = [...incidents].sort((a, b) => a.sys_created_on.value.localeCompare(b.sys_created_on.value) || byNumber(a, b));
  return byAge.findLast((incident) => incident.state.value !== STATE_CANCELED) ?? byAge[byAge.length - 1];
}
