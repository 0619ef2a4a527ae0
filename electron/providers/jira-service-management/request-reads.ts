/**
 * Reading requests: one by key, JQL searches (paged by token), the requests of paging
 * incidents (found by their `pagerduty-<incidentId>` label), their comments and history,
 * and the changes people made in Jira since a cursor (changesSince), which leave out the
 * integration account's own changes and the console's notes (they end with CONSOLE_NOTE_MARKER).
 */
import { isTicketOpen, type Ticket } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import { CONSOLE_NOTE_MARKER, type TicketChange } from '../../engine/ports/ticketing';
import { chunk, mapWithConcurrency } from '../http/bounded-concurrency';
import { advance, decodeCursor, encodeCursor, isNew, type ChangeCursor } from './change-cursor';
import { PRODUCT, type JsmClient } from './jsm-client';
import { jqlDate, jqlString } from './jql';
import { CONSOLE_LABEL, labelFor, stageOf, toTicket, type StatusNames } from './mapper';
import { ChangelogPage, JiraIssue, SdComment, SearchResults, type ChangelogEntry } from './schemas';
import { MAX_PAGES, type JsmSite, type SiteContext } from './site-context';
import type { JsmAssets } from './assets';

/** Paging incidents per JQL search (`labels in (...)`). */
const INCIDENTS_PER_SEARCH = 50;
const SEARCH_PAGE_SIZE = 100;
/** changesSince searches from this long before its cursor: JQL dates have minute precision, and clocks differ. */
const CHANGE_OVERLAP_MS = 2 * 60_000;

interface RequestReadSettings {
  /** The integration account's email, for messages. */
  email: string;
  statuses: StatusNames;
  now: () => number;
  /** Requests read at once while reading changes. */
  concurrency: number;
}

/** Refuses a paging incident id that cannot be part of a Jira label. */
export function assertLabelSafe(pagingIncidentId: string): void {
  if (!/^[A-Za-z0-9_:-]{1,200}$/.test(pagingIncidentId)) {
    throw new ProviderError(
      'rejected',
      `${PRODUCT}: paging incident id "${pagingIncidentId.slice(0, 60)}" cannot be put in a Jira label (letters, digits, "-", "_" and ":" only: Jira labels take no spaces).`,
    );
  }
}

function issueFields(context: SiteContext): string {
  const custom = Object.values(context.fields).filter((id): id is string => id !== null);
  return ['summary', 'status', 'priority', 'assignee', 'labels', 'updated', 'created', ...custom].join(',');
}

/**
 * The request that stands for a paging incident: the open one with the lowest key number (the
 * same for every host, whatever order the search returns requests created in the same
 * instant), else the newest not canceled (a withdrawn duplicate never comes back), else the newest.
 */
function standingTicket(tickets: Ticket[]): Ticket | null {
  const byKey = (a: Ticket, b: Ticket) => a.number.localeCompare(b.number, undefined, { numeric: true });
  const open = tickets.filter(isTicketOpen).sort(byKey);
  if (open[0]) return open[0];
  const newest = [...tickets].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return newest.find((ticket) => ticket.stage !== 'canceled') ?? newest[0] ?? null;
}

export class JsmRequestReads {
  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmSite,
    private readonly assets: JsmAssets,
    private readonly settings: RequestReadSettings,
  ) {}

  async toTickets(issues: JiraIssue[], context: SiteContext): Promise<Ticket[]> {
    await this.assets.ensureNames(issues, context.fields);
    return issues.map((issue) =>
      toTicket(issue, {
        siteUrl: this.client.site,
        fields: context.fields,
        statuses: this.settings.statuses,
        assetName: (id) => this.assets.nameOf(id),
      }),
    );
  }

  async getIssue(idOrKey: string): Promise<JiraIssue> {
    const context = await this.site.context();
    return this.client.request({
      method: 'GET',
      path: `/rest/api/3/issue/${encodeURIComponent(idOrKey)}`,
      query: [['fields', issueFields(context)]],
      schema: JiraIssue,
      action: `read request ${idOrKey}`,
      notFoundHint: `request ${idOrKey} does not exist or ${this.settings.email} cannot see it (was it deleted or moved to another project?)`,
    });
  }

  async getTicket(idOrKey: string): Promise<Ticket> {
    const context = await this.site.context();
    const [ticket] = await this.toTickets([await this.getIssue(idOrKey)], context);
    return ticket as Ticket;
  }

  /** Pages through a JQL search until its end, or until `enough` says the issues so far will do. */
  async search(jql: string, action: string, enough?: (issues: JiraIssue[]) => boolean): Promise<JiraIssue[]> {
    const context = await this.site.context();
    const issues: JiraIssue[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: [string, string | number][] = [
        ['jql', jql],
        ['fields', issueFields(context)],
        ['maxResults', SEARCH_PAGE_SIZE],
      ];
      if (token) query.push(['nextPageToken', token]);
      const body = await this.client.request({ method: 'GET', path: '/rest/api/3/search/jql', query, schema: SearchResults, action });
      issues.push(...body.issues);
      token = body.nextPageToken ?? null;
      if (body.isLast === true || !token || body.issues.length === 0 || enough?.(issues)) break;
    }
    return issues;
  }

  /** The request of each paging incident that has one (standingTicket). */
  async findByPagingIncidents(pagingIncidentIds: string[]): Promise<Ticket[]> {
    const context = await this.site.context();
    const ids = [...new Set(pagingIncidentIds)];
    for (const id of ids) assertLabelSafe(id);
    const found: Ticket[] = [];
    for (const part of chunk(ids, INCIDENTS_PER_SEARCH)) {
      if (part.length === 0) continue;
      const jql = `project = ${jqlString(context.serviceDesk.projectKey)} AND labels in (${part.map((id) => jqlString(labelFor(id))).join(', ')}) ORDER BY created ASC`;
      found.push(...(await this.toTickets(await this.search(jql, `find the requests of ${part.length} paging incident(s)`), context)));
    }
    return ids.map((id) => standingTicket(found.filter((ticket) => ticket.pagingIncidentId === id))).filter((ticket) => ticket !== null);
  }

  /** The request's comments (Service Desk API: says public or internal). */
  listComments(issueKey: string): Promise<SdComment[]> {
    return this.site.pagedAll(
      SdComment,
      `/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/comment`,
      `read the comments on ${issueKey}`,
    );
  }

  /** Changes people made in Jira to the console's requests since the cursor (a null cursor starts from now). */
  async changesSince(cursorText: string | null): Promise<{ changes: TicketChange[]; cursor: string }> {
    const context = await this.site.context();
    if (cursorText === null) return { changes: [], cursor: encodeCursor({ since: this.settings.now(), seenAtSince: [] }) };
    const cursor: ChangeCursor = decodeCursor(cursorText);
    const from = jqlDate(cursor.since - CHANGE_OVERLAP_MS, context.me.timeZone);
    const jql = `project = ${jqlString(context.serviceDesk.projectKey)} AND labels = ${jqlString(CONSOLE_LABEL)} AND updated >= ${jqlString(from)} ORDER BY updated ASC`;
    const issues = await this.search(jql, 'search requests changed since the last sync');
    const tickets = await this.toTickets(issues, context);
    const routingFields = new Set(
      [context.fields.team, context.fields.affectedServices, context.fields.configurationItem].filter((id): id is string => id !== null),
    );
    const seen: { at: number; id: string }[] = [];
    const perIssue = await mapWithConcurrency(issues, this.settings.concurrency, async (issue, index) => {
      const ticket = tickets[index] as Ticket;
      const [history, comments] = await Promise.all([this.changelogOf(issue.key), this.listComments(issue.key)]);
      const changes: TicketChange[] = [];
      for (const entry of history) {
        const at = Date.parse(entry.created);
        const id = `changelog:${entry.id}`;
        if (Number.isNaN(at) || !isNew(cursor, at, id)) continue;
        seen.push({ at, id });
        if (entry.author?.accountId === context.me.accountId) continue;
        const iso = new Date(at).toISOString();
        const fieldIds = entry.items.map((item) => item.fieldId ?? item.field);
        if (fieldIds.some((field) => routingFields.has(field))) changes.push({ kind: 'reassigned', ticket, at: iso });
        if (fieldIds.includes('priority')) changes.push({ kind: 'priority', ticket, at: iso });
        const status = entry.items.find((item) => (item.fieldId ?? item.field) === 'status');
        if (status?.toString) {
          const stage = stageOf(status.toString, undefined, this.settings.statuses);
          if (stage === 'resolved' || stage === 'closed') changes.push({ kind: 'resolved', ticket, at: iso });
        }
      }
      for (const comment of comments) {
        const at = comment.created.epochMillis;
        const id = `comment:${comment.id}`;
        if (!isNew(cursor, at, id)) continue;
        seen.push({ at, id });
        if (comment.body.includes(CONSOLE_NOTE_MARKER)) continue;
        const author = comment.author?.accountId
          ? { id: comment.author.accountId, name: comment.author.displayName ?? comment.author.accountId }
          : null;
        changes.push({ kind: 'note', ticket, noteId: comment.id, text: comment.body, author, at: new Date(at).toISOString() });
      }
      return changes;
    });
    const changes = perIssue.flat().sort((a, b) => a.at.localeCompare(b.at));
    return { changes, cursor: encodeCursor(advance(cursor, seen)) };
  }

  private async changelogOf(issueKey: string): Promise<ChangelogEntry[]> {
    const entries: ChangelogEntry[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.client.request({
        method: 'GET',
        path: `/rest/api/3/issue/${encodeURIComponent(issueKey)}/changelog`,
        query: [
          ['startAt', startAt],
          ['maxResults', 100],
        ],
        schema: ChangelogPage,
        action: `read the history of ${issueKey}`,
      });
      entries.push(...body.values);
      if (body.isLast !== false || body.values.length === 0) break;
      startAt += body.values.length;
    }
    return entries;
  }
}
