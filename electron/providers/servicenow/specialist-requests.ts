/**
 * Specialist requests in ServiceNow: an expertise ask from the console's catalogue is a
 * Service Catalog order (`POST /api/sn_sc/servicecatalog/items/{sys_id}/order_now` of the
 * "Ask a specialist team" item), which creates an sc_request and its sc_req_item in the
 * team's assignment group. The console then works the requested item through the Table
 * API: assigned + Work in Progress on a claim, additional comments both ways, work notes
 * for what the consoles share (the requester's portal does not show them), Closed
 * Complete (or Incomplete when cancelled) with close notes. Every console reads the
 * items back with their journals (specialist-changes.ts).
 *
 * Replay safety: the item carries the console's request id in correlation_id (the
 * catalog item's `console_request_id` variable), so raising looks for it first and, after
 * an order whose answer was lost, looks again before failing. Comments and work notes whose
 * text is already in the item's journal are not added again; assigning and closing send
 * only what is not so yet.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import type { NewSpecialistTicket, SpecialistTicket, SpecialistTicketOutcome, SpecialistTicketRecord } from '../../engine/ports/ticketing';
import { SYS_ID, type ServiceNowClient } from './servicenow-client';
import { specialistRequestsChangedSince } from './specialist-changes';
import {
  CLOSED,
  DISPLAY_ALL,
  explain,
  ITEM_PATH,
  JOURNAL_PATH,
  SnRequestedItemEnvelope,
  SnRequestedItemList,
  STATE_CLOSED_COMPLETE,
  STATE_CLOSED_INCOMPLETE,
  STATE_NAMES,
  STATE_WORK_IN_PROGRESS,
  toSpecialistTicket,
  withMarker,
  type SnRequestedItem,
} from './specialist-items';
import { fieldsOf, Plain } from './schemas';

/** The catalog item the console orders, unless the workspace names another. */
export const DEFAULT_SPECIALIST_CATALOG_ITEM = 'Ask a specialist team';
/** Encoded queries have no escaping: values must not contain ^ , or = . */
const SAFE_VALUE = /^[A-Za-z0-9_.:@+ -]+$/;
/** How many of an item's latest journal entries a comment or note is checked against before it is added. */
const JOURNAL_CHECK_LIMIT = 1000;

const SnOrderAnswer = z.object({
  result: z.object({
    sys_id: z.string().min(1),
    number: Plain,
    request_number: Plain.optional(),
    request_id: Plain.optional(),
    table: Plain.optional(),
  }),
});
const SnNamedList = z.object({ result: z.array(z.object({ sys_id: z.string().min(1), name: Plain })) });
const SnJournalValues = z.object({ result: z.array(z.object({ value: Plain })) });

/** What a catalog order needs: the item (its name or sys_id) and its variables. */
export interface CatalogOrder {
  item: string;
  variables: Record<string, string>;
}

/** A placed order: the request and the items it created. */
export interface PlacedCatalogRequest {
  requestId: string;
  requestNumber: string;
}

export interface SpecialistRequestDeps {
  client: ServiceNowClient;
  instanceUrl: string;
  /** The catalog item to order for specialist requests (name or sys_id). */
  catalogItem: string;
  findUserByEmail(email: string): Promise<{ id: string } | null>;
  /** Name and email per sys_user user_name, looked up once per user; unknown names are left out. */
  usersByUserName(userNames: string[]): Promise<Map<string, { name: string; email: string | null }>>;
  now: () => number;
}

/** The ServiceNow half of the specialist-request methods (see the module comment). */
export class ServiceNowSpecialistRequests {
  private readonly itemIds = new Map<string, string>();
  private readonly groupIds = new Map<string, string>();

  constructor(private readonly deps: SpecialistRequestDeps) {}

  /** Orders a catalog item (order_now) and answers with the request it created. */
  async raiseCatalogRequest(order: CatalogOrder): Promise<PlacedCatalogRequest> {
    const itemId = await this.catalogItemId(order.item);
    try {
      const { body } = await this.deps.client.request({
        method: 'POST',
        path: `/api/sn_sc/servicecatalog/items/${itemId}/order_now`,
        body: { sysparm_quantity: 1, variables: order.variables },
        schema: SnOrderAnswer,
      });
      return { requestId: body.result.request_id || body.result.sys_id, requestNumber: body.result.request_number || body.result.number };
    } catch (error) {
      throw explain(error, `order the catalog item "${order.item}"`);
    }
  }

  async raise(ticket: NewSpecialistTicket): Promise<SpecialistTicket> {
    this.checkSafe(ticket.requestId, 'request id');
    const existing = await this.itemByRequestId(ticket.requestId);
    if (existing) return toSpecialistTicket(existing, this.deps.instanceUrl);
    const groupId = await this.groupId(ticket.assignmentGroup);
    const requestedFor = await this.deps.findUserByEmail(ticket.requester.email).catch(() => null);
    const variables: Record<string, string> = {
      assignment_group: groupId,
      short_description: ticket.title.slice(0, 160),
      description: ticket.description,
      urgency: ticket.urgent ? '1' : '3',
      console_request_id: ticket.requestId,
    };
    if (requestedFor) variables.requested_for = requestedFor.id;
    if (ticket.pagingIncidentId) variables.paging_incident = ticket.pagingIncidentId;
    try {
      await this.raiseCatalogRequest({ item: this.deps.catalogItem, variables });
    } catch (error) {
      // The order may have landed before the answer was lost: look before failing, so a retry cannot order twice.
      if (error instanceof ProviderError && error.kind === 'transient') {
        const landed = await this.itemByRequestId(ticket.requestId).catch(() => null);
        if (landed) return toSpecialistTicket(landed, this.deps.instanceUrl);
      }
      throw error;
    }
    const created = await this.itemByRequestId(ticket.requestId);
    if (!created) {
      throw new ProviderError(
        'rejected',
        `ServiceNow took the order of "${this.deps.catalogItem}" but shows no requested item with correlation_id ${ticket.requestId}: the item's fulfilment must copy the console_request_id variable to correlation_id`,
      );
    }
    return toSpecialistTicket(created, this.deps.instanceUrl);
  }

  /** An additional comment (the requester sees it), unless the same text is already one. */
  comment(ticketId: string, text: string): Promise<void> {
    return this.addToJournal(ticketId, text, 'comments', 'comment', 'comment on');
  }

  /** A work note (internal: the requester's portal does not show it), unless the same text is already one. */
  note(ticketId: string, text: string): Promise<void> {
    return this.addToJournal(ticketId, text, 'work_notes', 'note', 'add a work note to');
  }

  async assign(ticketId: string, assigneeEmail: string): Promise<SpecialistTicket> {
    const user = await this.deps.findUserByEmail(assigneeEmail);
    if (!user)
      throw new ProviderError(
        'rejected',
        `No active ServiceNow user has the email ${assigneeEmail}: ask a ServiceNow admin to add it to the specialist's sys_user record, then claim again`,
      );
    const item = await this.read(ticketId);
    this.refuseIfClosed(item, 'assign');
    const change: Record<string, string> = {};
    if (item.state.value !== STATE_WORK_IN_PROGRESS) change.state = STATE_WORK_IN_PROGRESS;
    if (item.assigned_to.value !== user.id) change.assigned_to = user.id;
    if (Object.keys(change).length === 0) return toSpecialistTicket(item, this.deps.instanceUrl);
    return toSpecialistTicket(await this.patch(item, change, 'assign', true), this.deps.instanceUrl);
  }

  async close(ticketId: string, text: string, outcome: SpecialistTicketOutcome): Promise<SpecialistTicket> {
    const item = await this.read(ticketId);
    if (CLOSED.has(item.state.value)) return toSpecialistTicket(item, this.deps.instanceUrl);
    const change = {
      state: outcome === 'resolved' ? STATE_CLOSED_COMPLETE : STATE_CLOSED_INCOMPLETE,
      close_notes: withMarker(
        text.trim() || (outcome === 'resolved' ? 'Resolved from the On-Call Console.' : 'Cancelled from the On-Call Console.'),
      ),
    };
    return toSpecialistTicket(await this.patch(item, change, outcome === 'resolved' ? 'close' : 'cancel', true), this.deps.instanceUrl);
  }

  async get(ticketId: string): Promise<SpecialistTicket> {
    return toSpecialistTicket(await this.read(ticketId), this.deps.instanceUrl);
  }

  /** The console's requested items changed since the cursor, with their journals (see specialist-changes.ts). */
  changedSince(cursor: string | null): Promise<{ records: SpecialistTicketRecord[]; cursor: string }> {
    return specialistRequestsChangedSince(
      {
        client: this.deps.client,
        instanceUrl: this.deps.instanceUrl,
        now: this.deps.now,
        catalogItemId: () => this.catalogItemId(this.deps.catalogItem),
        usersByUserName: (names) => this.deps.usersByUserName(names),
      },
      cursor,
    );
  }

  // ---- helpers -----------------------------------------------------------------------

  /** Adds the text (with the console's marker) to the item's journal field, unless it is there already or the item is closed. */
  private async addToJournal(
    ticketId: string,
    text: string,
    element: 'comments' | 'work_notes',
    what: string,
    action: string,
  ): Promise<void> {
    if (text.trim() === '') throw new ProviderError('rejected', `The ${what} is empty: write something to add`);
    const item = await this.read(ticketId);
    this.refuseIfClosed(item, action);
    const entry = withMarker(text);
    if (await this.hasJournalEntry(item, element, entry)) return;
    await this.patch(item, { [element]: entry }, action, false);
  }

  private async itemByRequestId(requestId: string): Promise<SnRequestedItem | null> {
    const { body } = await this.deps.client.request({
      method: 'GET',
      path: ITEM_PATH,
      query: [['sysparm_query', `correlation_id=${requestId}^ORDERBYsys_created_on`], ...DISPLAY_ALL, ['sysparm_limit', 10]],
      schema: SnRequestedItemList,
    });
    return body.result[0] ?? null;
  }

  /** True when the item's journal field (its latest JOURNAL_CHECK_LIMIT entries) already holds this text. */
  private async hasJournalEntry(item: SnRequestedItem, element: 'comments' | 'work_notes', text: string): Promise<boolean> {
    try {
      const { body } = await this.deps.client.request({
        method: 'GET',
        path: JOURNAL_PATH,
        query: [
          ['sysparm_query', `element_id=${item.sys_id}^element=${element}^ORDERBYDESCsys_created_on`],
          ['sysparm_fields', fieldsOf(SnJournalValues)],
          ['sysparm_limit', JOURNAL_CHECK_LIMIT],
        ],
        schema: SnJournalValues,
      });
      return body.result.some((entry) => entry.value.trim() === text.trim());
    } catch (error) {
      throw explain(error, `read the ${element === 'comments' ? 'comments' : 'work notes'} of ${item.number.value}`);
    }
  }

  private async read(ticketId: string): Promise<SnRequestedItem> {
    const { result } = await this.deps.client.readRecord(
      ITEM_PATH,
      ticketId,
      DISPLAY_ALL,
      SnRequestedItemEnvelope,
      `ServiceNow has no requested item ${ticketId} (404): it was deleted, or the integration user cannot read sc_req_item`,
    );
    return result;
  }

  private async patch(
    item: SnRequestedItem,
    change: Record<string, string>,
    action: string,
    idempotent: boolean,
  ): Promise<SnRequestedItem> {
    try {
      const { body } = await this.deps.client.request({
        method: 'PATCH',
        path: `${ITEM_PATH}/${item.sys_id}`,
        query: DISPLAY_ALL,
        body: change,
        schema: SnRequestedItemEnvelope,
        idempotent,
      });
      return body.result;
    } catch (error) {
      throw explain(error, `${action} ${item.number.value}`);
    }
  }

  private refuseIfClosed(item: SnRequestedItem, action: string): void {
    if (!CLOSED.has(item.state.value)) return;
    throw new ProviderError(
      'rejected',
      `${item.number.value} is ${item.state.display || STATE_NAMES[item.state.value]}: the console could not ${action} it; raise a new request`,
      403,
    );
  }

  private catalogItemId(item: string): Promise<string> {
    return this.sysIdByName(
      'sc_cat_item',
      item,
      this.itemIds,
      'catalog item name',
      `ServiceNow has no active catalog item named "${item}": create it (variables assignment_group, short_description, description, urgency, console_request_id) or name another in the workspace's ticketing.specialistCatalogItem`,
    );
  }

  private groupId(group: string): Promise<string> {
    return this.sysIdByName(
      'sys_user_group',
      group,
      this.groupIds,
      'assignment group name',
      `ServiceNow has no active assignment group named "${group}": fix the catalogue team's assignmentGroup (its name or sys_id)`,
    );
  }

  /** The sys_id of the active record of `table` named `name` (or `name` itself when it is a sys_id), remembered in `known`. */
  private async sysIdByName(table: string, name: string, known: Map<string, string>, what: string, notFound: string): Promise<string> {
    if (SYS_ID.test(name)) return name;
    const remembered = known.get(name);
    if (remembered) return remembered;
    this.checkSafe(name, what);
    const { body } = await this.deps.client.request({
      method: 'GET',
      path: `/api/now/table/${table}`,
      query: [
        ['sysparm_query', `name=${name}^active=true`],
        ['sysparm_fields', fieldsOf(SnNamedList)],
        ['sysparm_limit', 2],
      ],
      schema: SnNamedList,
    });
    const found = body.result[0];
    if (!found) throw new ProviderError('rejected', notFound);
    known.set(name, found.sys_id);
    return found.sys_id;
  }

  private checkSafe(value: string, what: string): void {
    if (!SAFE_VALUE.test(value))
      throw new ProviderError(
        'rejected',
        `The ${what} "${value}" cannot be used in a ServiceNow query (letters, digits, spaces and . _ : @ + - only)`,
      );
  }
}
