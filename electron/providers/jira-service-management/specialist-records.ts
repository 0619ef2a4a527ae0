/**
 * The shared record of specialist requests in Jira Service Management: the requests any
 * console raised (label `oncall-console-request`) that changed since a cursor, oldest
 * change first, each with its whole comment list (public replies and internal notes), so
 * every console sees the requests raised from other machines.
 *
 * One JQL search on `updated` (from a minute before the cursor, written in the searching
 * account's time zone because Jira reads JQL dates so), then the Service Desk comment list
 * of each request returned: it says public or internal and gives the author's email.
 */
import type { Ticket } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import type { SpecialistTicketEntry, SpecialistTicketRecord } from '../../engine/ports/ticketing';
import { mapWithConcurrency } from '../http/bounded-concurrency';
import { PRODUCT } from './jsm-client';
import { jqlDate, jqlString } from './jql';
import { SPECIALIST_LABEL, specialistRequestIdOf, toSpecialistTicket } from './mapper';
import type { JiraIssue, SdComment } from './schemas';
import {
  advanceSpecialistCursor,
  decodeSpecialistCursor,
  encodeSpecialistCursor,
  seenId,
  SPECIALIST_OVERLAP_MS,
  type SpecialistCursor,
} from './specialist-cursor';

/** Records per answer, at most. */
const MAX_SPECIALIST_RECORDS = 100;
/** How far back a null cursor reads. */
const FIRST_READ_MS = 30 * 24 * 60 * 60_000;

export interface JsmSpecialistRecordDeps {
  now(): number;
  concurrency: number;
  serviceDesk(): Promise<{ projectKey: string }>;
  /** The time zone of the account the API token belongs to: Jira reads JQL dates in it. */
  timeZone(): Promise<string>;
  /** A JQL search, paged until `enough` says so (or the results end). */
  search(jql: string, action: string, enough?: (issues: JiraIssue[]) => boolean): Promise<JiraIssue[]>;
  ticketsOf(issues: JiraIssue[]): Promise<Ticket[]>;
  listComments(issueKey: string): Promise<SdComment[]>;
}

function updatedMsOf(issue: JiraIssue): number {
  const at = Date.parse(issue.fields.updated);
  if (Number.isNaN(at))
    throw new ProviderError(
      'transient',
      `${PRODUCT} answered the search with ${issue.key} updated "${issue.fields.updated.slice(0, 40)}", which is not a date; trying again later`,
    );
  return at;
}

function toEntry(comment: SdComment): SpecialistTicketEntry {
  const author = comment.author;
  const name = author?.displayName ?? author?.accountId;
  return {
    id: comment.id,
    at: new Date(comment.created.epochMillis).toISOString(),
    author: name ? { name, email: author?.emailAddress || null } : null,
    text: comment.body,
    public: comment.public,
  };
}

export async function specialistRequestsChangedSince(
  deps: JsmSpecialistRecordDeps,
  cursorText: string | null,
): Promise<{ records: SpecialistTicketRecord[]; cursor: string }> {
  const cursor: SpecialistCursor =
    cursorText === null ? { since: Math.max(0, deps.now() - FIRST_READ_MS), seen: [] } : decodeSpecialistCursor(cursorText);
  const [desk, timeZone] = await Promise.all([deps.serviceDesk(), deps.timeZone()]);
  const from = jqlDate(Math.max(0, cursor.since - SPECIALIST_OVERLAP_MS), timeZone);
  const jql = `project = ${jqlString(desk.projectKey)} AND labels = ${jqlString(SPECIALIST_LABEL)} AND updated >= ${jqlString(from)} ORDER BY updated ASC`;
  // Requests returned before and unchanged since (same key, same `updated`) are left out: the overlap is for late changes only.
  const seen = new Set(cursor.seen);
  const unseen = (issues: JiraIssue[]) => issues.filter((issue) => !seen.has(seenId(issue.key, updatedMsOf(issue))));
  const found = await deps.search(
    jql,
    'read the specialist requests changed since the last poll',
    (issues) => unseen(issues).length >= MAX_SPECIALIST_RECORDS,
  );
  const chosen = unseen(found)
    .map((issue, index) => ({ issue, index, updatedMs: updatedMsOf(issue) }))
    .sort((a, b) => a.updatedMs - b.updatedMs || a.index - b.index)
    .slice(0, MAX_SPECIALIST_RECORDS);
  const ofConsole = chosen.filter((item) => specialistRequestIdOf(item.issue.fields.labels ?? []) !== null);
  const tickets = await deps.ticketsOf(ofConsole.map((item) => item.issue));
  const records = await mapWithConcurrency(
    ofConsole,
    deps.concurrency,
    async ({ issue, updatedMs }, index): Promise<SpecialistTicketRecord> => {
      const comments = await deps.listComments(issue.key);
      const entries = comments
        .map((comment, order) => ({ comment, order }))
        .sort((a, b) => a.comment.created.epochMillis - b.comment.created.epochMillis || a.order - b.order)
        .map(({ comment }) => toEntry(comment));
      return {
        requestId: specialistRequestIdOf(issue.fields.labels ?? []) as string,
        ticket: toSpecialistTicket(tickets[index] as Ticket),
        updatedAt: new Date(updatedMs).toISOString(),
        entries,
      };
    },
  );
  // Requests without a console-request-<id> label (labelled by hand) are skipped, but the cursor moves past them too.
  const next = advanceSpecialistCursor(
    cursor,
    chosen.map((item) => ({ key: item.issue.key, updatedMs: item.updatedMs })),
  );
  return { records, cursor: encodeSpecialistCursor(next) };
}
