/**
 * The shared record of specialist requests in ServiceNow: the requested items the console
 * raised (from any machine) that changed since a cursor, each with its whole journal
 * (additional comments and work notes), so every console sees the requests raised
 * elsewhere.
 *
 * Which items are the console's: those of the console's catalog item (`cat_item`) whose
 * correlation_id is set. The item's fulfilment copies the `console_request_id` variable
 * to correlation_id (raising depends on it too); nothing else about the item is the
 * console's to set (an order only carries variables, so correlation_display is whatever the
 * fulfilment makes it), and the request id's form is the engine's, so neither a
 * correlation_display match nor a prefix on correlation_id would be reliable.
 *
 * Reads: one Table API list of sc_req_item (`sys_updated_on>=<since>`, oldest change
 * first, at most 100), then one list of sys_journal_field for all of them (paged by the
 * Link header). Date-times are compared and read in the Table API's value form, UTC
 * "YYYY-MM-DD HH:MM:SS" (an encoded query's literal date-time is a value, not the user's
 * time zone).
 *
 * The cursor ({since, skip}) is opaque to the engine. After a short answer it moves to the
 * instance's clock (Date header) minus CURSOR_OVERLAP_MS, so updates stamped within the
 * same second, or committed a little after their stamp, are read again rather than lost;
 * after a full answer it moves to the last item's sys_updated_on (minus the overlap when
 * that still moves it forward), and when all 100 items share one second it pages on with
 * `skip`. Records near the cursor repeat; the engine's merge is idempotent.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import type { SpecialistTicketEntry, SpecialistTicketRecord } from '../../engine/ports/ticketing';
import { parseLinkHeader } from '../http/link-header';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import { glideFromMs, msFromGlide } from './mapper';
import type { QueryParams } from '../http/transport';
import type { ServiceNowClient } from './servicenow-client';
import {
  DISPLAY_ALL,
  explain,
  GLIDE_DATE_TIME,
  isoFromGlideValue,
  ITEM_PATH,
  JOURNAL_PATH,
  SnRequestedItemList,
  toSpecialistTicket,
} from './specialist-items';
import { fieldsOf, Plain } from './schemas';

/** Items per answer (the port's promise). */
const SPECIALIST_CHANGES_LIMIT = 100;
/** How far before the instance's clock the next read starts. */
export const CURSOR_OVERLAP_MS = 15_000;
/** A first read (null cursor) goes back this far. */
const FIRST_READ_MS = 30 * 24 * 60 * 60 * 1000;
/** Journal entries per page, and the most pages read for one answer. */
const JOURNAL_PAGE_SIZE = 1000;
const JOURNAL_MAX_PAGES = 50;

const Cursor = z.object({ v: z.literal(1), since: z.string().regex(GLIDE_DATE_TIME), skip: z.number().int().min(0) });
type Cursor = z.output<typeof Cursor>;

const GlideDateTime = Plain.refine((value) => GLIDE_DATE_TIME.test(value), { message: 'is not a UTC date-time "YYYY-MM-DD HH:MM:SS"' });
const SnJournalEntry = z.object({
  sys_id: z.string().min(1, 'sys_id is empty'),
  element_id: z.string().min(1, 'element_id is empty'),
  element: Plain,
  value: Plain,
  sys_created_on: GlideDateTime,
  sys_created_by: Plain,
});
const SnJournalList = z.object({ result: z.array(SnJournalEntry) });
type SnJournalEntry = z.output<typeof SnJournalEntry>;

export interface SpecialistChangesDeps {
  client: ServiceNowClient;
  instanceUrl: string;
  now: () => number;
  /** The console's catalog item's sys_id. */
  catalogItemId(): Promise<string>;
  /** Name and email per sys_user user_name (looked up once per user by the caller); unknown names are left out. */
  usersByUserName(userNames: string[]): Promise<Map<string, { name: string; email: string | null }>>;
}

function decodeSpecialistCursor(text: string): Cursor {
  return decodeJsonCursor(
    text,
    Cursor,
    'The ServiceNow specialist-request cursor is not one this provider wrote (another ticketing system, or corrupt): pass null to read the last 30 days again',
  );
}

/** The specialist-request records changed at or after the cursor, and the cursor to read from next. */
export async function specialistRequestsChangedSince(
  deps: SpecialistChangesDeps,
  cursorText: string | null,
): Promise<{ records: SpecialistTicketRecord[]; cursor: string }> {
  const cursor: Cursor =
    cursorText === null ? { v: 1, since: glideFromMs(deps.now() - FIRST_READ_MS), skip: 0 } : decodeSpecialistCursor(cursorText);
  const catalogItemId = await deps.catalogItemId();
  const query: QueryParams = [
    [
      'sysparm_query',
      `cat_item=${catalogItemId}^correlation_idISNOTEMPTY^sys_updated_on>=${cursor.since}^ORDERBYsys_updated_on^ORDERBYsys_id`,
    ],
    ...DISPLAY_ALL,
    ['sysparm_limit', SPECIALIST_CHANGES_LIMIT],
    ['sysparm_offset', cursor.skip],
    ['sysparm_no_count', 'true'],
  ];
  let items: z.output<typeof SnRequestedItemList>['result'];
  let serverNow: number;
  try {
    const { body, headers } = await deps.client.request({ method: 'GET', path: ITEM_PATH, query, schema: SnRequestedItemList });
    items = body.result;
    const date = Date.parse(headers.get('date') ?? '');
    serverNow = Number.isNaN(date) ? deps.now() : date;
  } catch (error) {
    throw explain(error, `read the specialist requests changed since ${cursor.since} UTC`);
  }
  for (const item of items) {
    if (!GLIDE_DATE_TIME.test(item.sys_updated_on.value)) {
      throw new ProviderError(
        'transient',
        `ServiceNow sent requested item ${item.number.value || item.sys_id} with sys_updated_on "${item.sys_updated_on.value}", not a UTC date-time: the Table API answered in an unexpected form`,
      );
    }
  }

  const journal = await readJournal(
    deps,
    items.map((item) => item.sys_id),
  );
  const authors = await deps.usersByUserName([...new Set(journal.map((entry) => entry.sys_created_by).filter(Boolean))]);
  const entries = new Map<string, SpecialistTicketEntry[]>();
  for (const entry of journal) {
    if (entry.element !== 'comments' && entry.element !== 'work_notes') continue;
    const user = authors.get(entry.sys_created_by);
    const author = user
      ? { name: user.name, email: user.email }
      : entry.sys_created_by
        ? { name: entry.sys_created_by, email: null }
        : null;
    const list = entries.get(entry.element_id) ?? [];
    list.push({
      id: entry.sys_id,
      at: isoFromGlideValue(entry.sys_created_on),
      author,
      text: entry.value,
      public: entry.element === 'comments',
    });
    entries.set(entry.element_id, list);
  }
  const records: SpecialistTicketRecord[] = items.map((item) => ({
    requestId: item.correlation_id.value,
    ticket: toSpecialistTicket(item, deps.instanceUrl),
    updatedAt: isoFromGlideValue(item.sys_updated_on.value),
    entries: entries.get(item.sys_id) ?? [],
  }));
  const last = items[items.length - 1]?.sys_updated_on.value;
  return { records, cursor: encodeJsonCursor(nextCursor(cursor, items.length, last, serverNow)) };
}

/** Where the next read starts (see the module comment); always later than `cursor` after a full answer. */
function nextCursor(cursor: Cursor, count: number, last: string | undefined, serverNow: number): Cursor {
  const later = (a: string, b: string) => (a > b ? a : b);
  if (count < SPECIALIST_CHANGES_LIMIT || last === undefined)
    return { v: 1, since: later(cursor.since, glideFromMs(serverNow - CURSOR_OVERLAP_MS)), skip: 0 };
  const overlapped = glideFromMs((msFromGlide(last) ?? serverNow) - CURSOR_OVERLAP_MS);
  if (overlapped > cursor.since) return { v: 1, since: overlapped, skip: 0 };
  if (last > cursor.since) return { v: 1, since: last, skip: 0 };
  return { v: 1, since: cursor.since, skip: cursor.skip + count };
}

/** Every comment and work note of these requested items, oldest first (one query, followed page by page). */
async function readJournal(deps: SpecialistChangesDeps, itemIds: string[]): Promise<SnJournalEntry[]> {
  if (itemIds.length === 0) return [];
  const entries: SnJournalEntry[] = [];
  let next: string | null = null;
  try {
    for (let page = 0; page < JOURNAL_MAX_PAGES; page++) {
      const response: { body: z.output<typeof SnJournalList>; headers: Headers } = next
        ? await deps.client.request({ method: 'GET', path: next, schema: SnJournalList })
        : await deps.client.request({
            method: 'GET',
            path: JOURNAL_PATH,
            query: [
              ['sysparm_query', `name=sc_req_item^element_idIN${itemIds.join(',')}^elementINcomments,work_notes^ORDERBYsys_created_on`],
              ['sysparm_fields', fieldsOf(SnJournalList)],
              ['sysparm_display_value', 'false'],
              ['sysparm_exclude_reference_link', 'true'],
              ['sysparm_limit', JOURNAL_PAGE_SIZE],
              ['sysparm_offset', 0],
            ],
            schema: SnJournalList,
          });
      entries.push(...response.body.result);
      next = parseLinkHeader(response.headers.get('link')).get('next') ?? null;
      if (!next || response.body.result.length === 0) return entries;
    }
  } catch (error) {
    throw explain(error, `read the journal of ${itemIds.length} requested item${itemIds.length === 1 ? '' : 's'}`);
  }
  throw new ProviderError(
    'rejected',
    `The ${itemIds.length} changed requested items have more than ${JOURNAL_MAX_PAGES * JOURNAL_PAGE_SIZE} comments and work notes between them: the console reads at most that many at once`,
  );
}
