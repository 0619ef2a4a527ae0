/**
 * The Jira Service Management implementation of the engine's TicketingProvider port.
 *
 * Requests are raised through the Service Desk API (the incident request type), linked to
 * their paging incident by the labels `pagerduty` and `pagerduty-<incidentId>`, and found
 * again by JQL on those labels. Fields the Service Desk API cannot change (priority,
 * assignee, Team, Affected services, Configuration item, Major incident) are set with the
 * platform API; status changes follow the workflow's transitions, found by target status.
 * Notes are internal comments ending with CONSOLE_NOTE_MARKER. Every write is safe to
 * replay: it looks at the request first and only sends what is not there yet.
 */
import type { Ref } from '../../../shared/domain/incident';
import { isTicketOpen, type Ticket } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import {
  CONSOLE_NOTE_MARKER,
  consoleNoteTrailer,
  type NewTicket,
  type TicketChange,
  type TicketingProvider,
  type TicketRouting,
} from '../../engine/ports/ticketing';
import { chunk, mapWithConcurrency } from '../http/bounded-concurrency';
import { advance, decodeCursor, encodeCursor, isNew, type ChangeCursor } from './change-cursor';
import { defaultAssetsBaseUrl, validateConfig, type JiraServiceManagementConfig } from './config';
import { JsmClient, JsmRefusal, PRODUCT } from './jsm-client';
import { jqlDate, jqlString } from './jql';
import { createJsmSpecialistRequests, DEFAULT_SPECIALIST_REQUEST_TYPE } from './specialist-requests';
import {
  assetIdOf,
  CONSOLE_LABEL,
  HIGHEST_PRIORITY,
  isMajor,
  jiraPriorityFor,
  jiraUrgencyFor,
  JSM_PROVIDER_ID,
  labelFor,
  MAJOR_INCIDENT_VALUE,
  serviceRefOf,
  stageOf,
  teamRefOf,
  toTicket,
  type FieldMap,
  type StatusNames,
} from './mapper';
import {
  AssetsObjectPage,
  AssetsWorkspaces,
  ChangelogPage,
  CustomerRequest,
  JiraFieldList,
  JiraIssue,
  JiraUser,
  JiraUserList,
  NoContent,
  pagedDto,
  RequestType,
  RequestTypeFields,
  SdComment,
  SearchResults,
  ServiceDesk,
  Transitions,
  type ChangelogEntry,
  type Transition,
} from './schemas';

/** Paging incidents per JQL search (`labels in (...)`). */
const INCIDENTS_PER_SEARCH = 50;
const SEARCH_PAGE_SIZE = 100;
/** Any paged read stops after this many pages. */
const MAX_PAGES = 50;
/** changesSince searches from this long before its cursor: JQL dates have minute precision, and clocks differ. */
const CHANGE_OVERLAP_MS = 2 * 60_000;
const SUMMARY_MAX = 255;
/** Jira's limit on a comment's text (jira.text.field.character.limit), in UTF-16 code units as Java counts them. */
const COMMENT_MAX = 32_767;

interface TicketingUser {
  id: string;
  name: string;
  email: string | null;
}

export interface JiraServiceManagementProvider extends TicketingProvider {
  /** The Atlassian teams the Team field offers (the console's "assignment groups"). */
  listGroups(): Promise<Ref[]>;
  /** The services the Affected services field offers (business services). */
  listServices(): Promise<Ref[]>;
  /** Assets objects (configuration items), id = "workspace:object", name = "label (CMDB-12)". */
  listConfigurationItems(): Promise<Ref[]>;
  listUsers(): Promise<TicketingUser[]>;
  /** The account with this email, or null (for "assigned to me" from a PagerDuty user). */
  findUserByEmail(email: string): Promise<TicketingUser | null>;
  getTicket(ticketIdOrKey: string): Promise<Ticket>;
}

interface SiteContext {
  me: { accountId: string; displayName: string; email: string | null; timeZone: string };
  serviceDesk: { id: string; projectKey: string };
  requestTypeId: string;
  fields: FieldMap;
}

const FIELD_DEFAULT_NAMES: Record<keyof FieldMap, string> = {
  team: 'Team',
  affectedServices: 'Affected services',
  configurationItem: 'Configuration item',
  majorIncident: 'Major incident',
  urgency: 'Urgency',
};

export function createJiraServiceManagementProvider(config: JiraServiceManagementConfig): JiraServiceManagementProvider {
  validateConfig(config);
  const now = config.now ?? Date.now;
  const client = new JsmClient({
    siteUrl: config.siteUrl,
    assetsBaseUrl: config.assetsBaseUrl ?? defaultAssetsBaseUrl(config.siteUrl),
    email: config.email,
    apiToken: config.apiToken,
    timeoutMs: config.timeoutMs ?? 10_000,
    maxRetries: config.maxRetries ?? 4,
    fetch: config.fetch ?? fetch,
    sleep: config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: config.random ?? Math.random,
    now,
    onRequest: config.onRequest,
  });
  const statuses: StatusNames = {
    inProgress: config.statuses?.inProgress ?? 'Work in progress',
    resolved: config.statuses?.resolved ?? 'Resolved',
  };
  const resolutionName = config.resolutionName ?? 'Done';
  const concurrency = config.concurrency ?? 4;
  const editHint = (key: string) =>
    `the integration user (${config.email}) needs the "Edit issues", "Transition issues" and "Add comments" permissions on ${key}: ask a Jira admin to add it to the project's Service Desk Team role, or lift the restriction on the request`;

  // --- site context, loaded once (retried on the next call when it fails) -------------------

  let contextPromise: Promise<SiteContext> | null = null;
  function siteContext(): Promise<SiteContext> {
    contextPromise ??= loadContext().catch((error: unknown) => {
      contextPromise = null;
      throw error;
    });
    return contextPromise;
  }

  async function loadContext(): Promise<SiteContext> {
    const me = await client.request({
      method: 'GET',
      path: '/rest/api/3/myself',
      schema: JiraUser,
      action: 'read the account the API token belongs to',
    });
    const desks = await pagedAll(ServiceDesk, '/rest/servicedeskapi/servicedesk', 'list service desks');
    const desk = config.serviceDeskId
      ? desks.find((item) => item.id === config.serviceDeskId)
      : config.projectKey
        ? desks.find((item) => item.projectKey === config.projectKey)
        : desks[0];
    if (!desk) {
      const wanted = config.serviceDeskId
        ? `service desk ${config.serviceDeskId}`
        : config.projectKey
          ? `a service desk for project ${config.projectKey}`
          : 'any service desk';
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: ${config.email} cannot see ${wanted} (it sees: ${desks.map((item) => `${item.projectKey} (id ${item.id})`).join(', ') || 'none'}); fix serviceDeskId/projectKey or add the account as an agent of the service desk.`,
      );
    }
    const types = await pagedAll(
      RequestType,
      `/rest/servicedeskapi/servicedesk/${desk.id}/requesttype`,
      `list the request types of ${desk.projectKey}`,
    );
    const wantedName = config.requestTypeName ?? 'Report a system problem';
    const requestType = config.requestTypeId
      ? types.find((item) => item.id === config.requestTypeId)
      : types.find((item) => item.name.toLowerCase() === wantedName.toLowerCase());
    if (!requestType) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: service desk ${desk.projectKey} has no request type ${config.requestTypeId ? `with id ${config.requestTypeId}` : `named "${wantedName}"`}; it has ${types.map((item) => `"${item.name}" (id ${item.id})`).join(', ') || 'none'}. Set requestTypeId or requestTypeName.`,
      );
    }
    const allFields = await client.request({ method: 'GET', path: '/rest/api/3/field', schema: JiraFieldList, action: 'list fields' });
    const fields = {} as FieldMap;
    for (const key of Object.keys(FIELD_DEFAULT_NAMES) as (keyof FieldMap)[]) {
      const name = (config.fieldNames?.[key] ?? FIELD_DEFAULT_NAMES[key]).toLowerCase();
      fields[key] =
        config.fields?.[key] ?? allFields.find((field) => field.custom !== false && field.name.toLowerCase() === name)?.id ?? null;
    }
    return {
      me: {
        accountId: me.accountId,
        displayName: me.displayName ?? me.accountId,
        email: me.emailAddress ?? null,
        timeZone: me.timeZone ?? 'UTC',
      },
      serviceDesk: { id: desk.id, projectKey: desk.projectKey },
      requestTypeId: requestType.id,
      fields,
    };
  }

  async function pagedAll<T extends Parameters<typeof pagedDto>[0]>(item: T, path: string, action: string, query: [string, string][] = []) {
    const schema = pagedDto(item);
    const values: unknown[] = [];
    let start = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await client.request({ method: 'GET', path, query: [...query, ['start', start], ['limit', 50]], schema, action });
      values.push(...body.values);
      if (body.isLastPage || body.values.length === 0) break;
      start += body.values.length;
    }
    return values as ReturnType<T['parse']>[];
  }

  // --- Assets names (best effort: a CI without a known name shows its id) --------------------

  let assetNames: Map<string, string> | null = null;
  let assetsLoading: Promise<Ref[]> | null = null;

  async function loadConfigurationItems(): Promise<Ref[]> {
    const workspaces = await pagedAll(
      AssetsWorkspaces.shape.values.element,
      '/rest/servicedeskapi/assets/workspace',
      'find the Assets workspace',
    );
    const workspaceId = workspaces[0]?.workspaceId;
    if (!workspaceId) return [];
    const refs: Ref[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await client.request({
        method: 'POST',
        api: 'assets',
        path: `/jsm/assets/workspace/${encodeURIComponent(workspaceId)}/v1/object/aql`,
        query: [
          ['startAt', startAt],
          ['maxResults', 100],
        ],
        body: { qlQuery: config.assetsQuery ?? 'objectSchema = "IT Assets"' },
        schema: AssetsObjectPage,
        action: 'list configuration items in Assets',
        idempotent: true,
      });
      for (const object of body.values)
        refs.push({ id: `${object.workspaceId ?? workspaceId}:${object.id}`, name: `${object.label} (${object.objectKey})` });
      if (body.isLast !== false || body.values.length === 0) break;
      startAt += body.values.length;
    }
    assetNames = new Map(refs.map((ref) => [ref.id, ref.name]));
    return refs;
  }

  function listConfigurationItems(): Promise<Ref[]> {
    assetsLoading ??= loadConfigurationItems().finally(() => {
      assetsLoading = null;
    });
    return assetsLoading;
  }

  async function ensureAssetNames(issues: JiraIssue[], fields: FieldMap): Promise<void> {
    const wanted = issues.map((issue) => assetIdOf(issue, fields)).filter((id): id is string => id !== null);
    if (wanted.length === 0 || (assetNames && wanted.every((id) => assetNames!.has(id)))) return;
    try {
      await listConfigurationItems();
    } catch {
      // Names are a nicety: the ticket still shows the object's id when Assets cannot be read.
    }
  }

  // --- reads -------------------------------------------------------------------------------

  function issueFields(context: SiteContext): string {
    const custom = Object.values(context.fields).filter((id): id is string => id !== null);
    return ['summary', 'status', 'priority', 'assignee', 'labels', 'updated', 'created', ...custom].join(',');
  }

  async function toTickets(issues: JiraIssue[], context: SiteContext): Promise<Ticket[]> {
    await ensureAssetNames(issues, context.fields);
    return issues.map((issue) =>
      toTicket(issue, { siteUrl: client.site, fields: context.fields, statuses, assetName: (id) => assetNames?.get(id) ?? null }),
    );
  }

  async function getIssue(idOrKey: string): Promise<JiraIssue> {
    const context = await siteContext();
    return client.request({
      method: 'GET',
      path: `/rest/api/3/issue/${encodeURIComponent(idOrKey)}`,
      query: [['fields', issueFields(context)]],
      schema: JiraIssue,
      action: `read request ${idOrKey}`,
      notFoundHint: `request ${idOrKey} does not exist or ${config.email} cannot see it (was it deleted or moved to another project?)`,
    });
  }

  async function getTicket(idOrKey: string): Promise<Ticket> {
    const context = await siteContext();
    const [ticket] = await toTickets([await getIssue(idOrKey)], context);
    return ticket as Ticket;
  }

  /** Pages through a JQL search until its end, or until `enough` says the issues so far will do. */
  async function search(jql: string, action: string, enough?: (issues: JiraIssue[]) => boolean): Promise<JiraIssue[]> {
    const context = await siteContext();
    const issues: JiraIssue[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: [string, string | number][] = [
        ['jql', jql],
        ['fields', issueFields(context)],
        ['maxResults', SEARCH_PAGE_SIZE],
      ];
      if (token) query.push(['nextPageToken', token]);
      const body = await client.request({ method: 'GET', path: '/rest/api/3/search/jql', query, schema: SearchResults, action });
      issues.push(...body.issues);
      token = body.nextPageToken ?? null;
      if (body.isLast === true || !token || body.issues.length === 0 || enough?.(issues)) break;
    }
    return issues;
  }

  async function findByPagingIncidents(pagingIncidentIds: string[]): Promise<Ticket[]> {
    const context = await siteContext();
    const ids = [...new Set(pagingIncidentIds)];
    for (const id of ids) assertLabelSafe(id);
    const found: Ticket[] = [];
    for (const part of chunk(ids, INCIDENTS_PER_SEARCH)) {
      if (part.length === 0) continue;
      const jql = `project = ${jqlString(context.serviceDesk.projectKey)} AND labels in (${part.map((id) => jqlString(labelFor(id))).join(', ')}) ORDER BY created ASC`;
      found.push(...(await toTickets(await search(jql, `find the requests of ${part.length} paging incident(s)`), context)));
    }
    // One per paging incident: the oldest open one, else the newest.
    const chosen = new Map<string, Ticket>();
    for (const ticket of found) {
      const key = ticket.pagingIncidentId;
      if (!key || !ids.includes(key)) continue;
      const current = chosen.get(key);
      if (!current) chosen.set(key, ticket);
      else if (!isTicketOpen(current) && (isTicketOpen(ticket) || ticket.updatedAt > current.updatedAt)) chosen.set(key, ticket);
    }
    return ids.map((id) => chosen.get(id)).filter((ticket): ticket is Ticket => ticket !== undefined);
  }

  // --- writes ------------------------------------------------------------------------------

  function routingValues(context: SiteContext, routing: TicketRouting, forCreate: boolean): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const missing: string[] = [];
    const set = (field: string | null, name: string, value: unknown, present: boolean) => {
      if (!present && forCreate) return;
      if (field === null) {
        if (present) missing.push(name);
        return;
      }
      values[field] = value;
    };
    set(context.fields.team, 'Team', routing.assignmentGroupId, routing.assignmentGroupId !== null);
    set(
      context.fields.affectedServices,
      'Affected services',
      routing.businessServiceId ? [{ id: routing.businessServiceId }] : [],
      routing.businessServiceId !== null,
    );
    set(
      context.fields.configurationItem,
      'Configuration item',
      routing.configurationItemId ? [{ id: routing.configurationItemId }] : [],
      routing.configurationItemId !== null,
    );
    if (missing.length > 0) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no ${missing.map((name) => `"${name}"`).join(' or ')} field to route the request with; add the field to the project, or name the field to use in the workspace's ticketing.fields / ticketing.fieldNames.`,
      );
    }
    return values;
  }

  async function createTicket(ticket: NewTicket): Promise<Ticket> {
    assertLabelSafe(ticket.pagingIncidentId);
    const [existing] = await findByPagingIncidents([ticket.pagingIncidentId]);
    if (existing) return existing;
    const context = await siteContext();
    const priority = jiraPriorityFor(ticket.priority);
    const values: Record<string, unknown> = {
      summary: ticket.title.length > SUMMARY_MAX ? `${ticket.title.slice(0, SUMMARY_MAX - 1)}…` : ticket.title,
      description: ticket.description,
      labels: [CONSOLE_LABEL, labelFor(ticket.pagingIncidentId)],
      ...(priority ? { priority: { name: priority } } : {}),
      ...(context.fields.urgency ? { [context.fields.urgency]: { value: jiraUrgencyFor(ticket.urgency) } } : {}),
      ...routingValues(context, ticket, true),
    };
    const created = await client.request({
      method: 'POST',
      path: '/rest/servicedeskapi/request',
      body: { serviceDeskId: context.serviceDesk.id, requestTypeId: context.requestTypeId, requestFieldValues: values },
      schema: CustomerRequest,
      action: `raise a request for paging incident ${ticket.pagingIncidentId} in ${context.serviceDesk.projectKey}`,
      forbiddenHint: `${config.email} needs permission to raise requests in service desk ${context.serviceDesk.projectKey} (add it as an agent)`,
    });
    return getTicket(created.issueKey);
  }

  /** Refuses changes to requests whose workflow freezes them (Closed, Canceled). */
  function assertChangeable(issue: JiraIssue, what: string): void {
    const stage = stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, statuses);
    if (stage === 'closed' || stage === 'canceled') {
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: ${issue.fields.status.name.toLowerCase()} requests cannot be changed, so the console could not ${what}; reopen it in ${PRODUCT} or raise a follow-up request.`,
      );
    }
  }

  async function editIssue(issue: JiraIssue, fields: Record<string, unknown>, what: string): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await client.request({
      method: 'PUT',
      path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}`,
      body: { fields },
      schema: NoContent,
      action: `update ${issue.key} (${what})`,
      forbiddenHint: editHint(issue.key),
    });
  }

  async function transitionsOf(issue: JiraIssue): Promise<Transition[]> {
    const body = await client.request({
      method: 'GET',
      path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}/transitions`,
      schema: Transitions,
      action: `read the transitions of ${issue.key}`,
    });
    return body.transitions;
  }

  function describeTransitions(transitions: Transition[]): string {
    return transitions.length ? transitions.map((item) => `"${item.name}" to ${item.to.name}`).join(', ') : 'none';
  }

  /** Moves the request to the status named `target`, by whichever transition leads there from where it is. */
  async function transitionTo(issue: JiraIssue, target: string, fields: Record<string, unknown>, why: string): Promise<void> {
    const available = await transitionsOf(issue);
    const transition = available.find((item) => item.to.name.toLowerCase() === target.toLowerCase());
    const from = issue.fields.status.name;
    if (!transition) {
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${from}: its workflow has no transition to ${target} from there (allowed: ${describeTransitions(available)}), so the console could not ${why}; move it in ${PRODUCT} or change the workflow.`,
      );
    }
    try {
      await client.request({
        method: 'POST',
        path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}/transitions`,
        body: { transition: { id: transition.id }, ...(Object.keys(fields).length ? { fields } : {}) },
        schema: NoContent,
        action: `move ${issue.key} from ${from} to ${target} ("${transition.name}")`,
        forbiddenHint: editHint(issue.key),
      });
    } catch (error) {
      if (!(error instanceof JsmRefusal) || error.status !== 400) throw error;
      const fresh = await getIssue(issue.key).catch(() => issue);
      const allowed = await transitionsOf(fresh).catch(() => [] as Transition[]);
      throw new ProviderError(
        'rejected',
        `${PRODUCT} did not allow ${issue.key} to move from ${fresh.fields.status.name} to ${target} (400: ${error.vendorMessage || 'no reason given'}); allowed now: ${describeTransitions(allowed)}. The console could not ${why}.`,
        400,
      );
    }
  }

  async function listComments(issueKey: string): Promise<ReturnType<typeof SdComment.parse>[]> {
    return pagedAll(SdComment, `/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/comment`, `read the comments on ${issueKey}`);
  }

  /** Adds a comment unless one with the same text (and note id) is already there (so a replay does not write it twice). */
  async function addCommentOnce(issue: JiraIssue, text: string, isPublic: boolean, noteId?: string): Promise<void> {
    const body = `${text.trimEnd()}\n\n${consoleNoteTrailer(noteId)}`;
    if (body.length > COMMENT_MAX) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT} takes comments of at most ${COMMENT_MAX.toLocaleString('en-US')} characters; this one for ${issue.key} has ${body.length.toLocaleString('en-US')}: shorten it.`,
      );
    }
    const comments = await listComments(issue.key);
    if (comments.some((comment) => comment.body === body && comment.public === isPublic)) return;
    await client.request({
      method: 'POST',
      path: `/rest/servicedeskapi/request/${encodeURIComponent(issue.key)}/comment`,
      body: { body, public: isPublic },
      schema: SdComment,
      action: `add ${isPublic ? 'a reply' : 'an internal comment'} to ${issue.key}`,
      forbiddenHint: editHint(issue.key),
    });
  }

  async function acknowledge(ticketId: string, assigneeId: string): Promise<Ticket> {
    const issue = await getIssue(ticketId);
    assertChangeable(issue, 'acknowledge it');
    const stage = stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, statuses);
    if (stage !== 'in-progress') await transitionTo(issue, statuses.inProgress, {}, 'acknowledge it');
    if (issue.fields.assignee?.accountId !== assigneeId) {
      await editIssue(issue, { assignee: { accountId: assigneeId } }, 'assignee');
    }
    return getTicket(issue.key);
  }

  async function addWorkNote(ticketId: string, text: string, noteId: string): Promise<void> {
    const issue = await getIssue(ticketId);
    await addCommentOnce(issue, text, false, noteId);
  }

  async function reassign(ticketId: string, routing: TicketRouting): Promise<Ticket> {
    const context = await siteContext();
    const issue = await getIssue(ticketId);
    assertChangeable(issue, 'reassign it');
    const wanted = routingValues(context, routing, false);
    const current: Record<string, string | null> = {};
    if (context.fields.team) current[context.fields.team] = teamRefOf(issue, context.fields)?.id ?? null;
    if (context.fields.affectedServices) current[context.fields.affectedServices] = serviceRefOf(issue, context.fields)?.id ?? null;
    if (context.fields.configurationItem) current[context.fields.configurationItem] = assetIdOf(issue, context.fields);
    const target: Record<string, string | null> = {
      ...(context.fields.team ? { [context.fields.team]: routing.assignmentGroupId } : {}),
      ...(context.fields.affectedServices ? { [context.fields.affectedServices]: routing.businessServiceId } : {}),
      ...(context.fields.configurationItem ? { [context.fields.configurationItem]: routing.configurationItemId } : {}),
    };
    const changed = Object.fromEntries(Object.entries(wanted).filter(([field]) => current[field] !== target[field]));
    await editIssue(issue, changed, 'team, affected services, configuration item');
    return getTicket(issue.key);
  }

  async function declareMajor(ticketId: string, reason: string): Promise<Ticket> {
    const context = await siteContext();
    const issue = await getIssue(ticketId);
    assertChangeable(issue, 'declare it a major incident');
    if (!context.fields.majorIncident) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "Major incident" field, so ${issue.key} cannot be declared major; turn on major incident management for the service project, or name the field in the workspace's ticketing.fieldNames.`,
      );
    }
    const fields: Record<string, unknown> = {};
    if (!isMajor(issue, context.fields)) fields[context.fields.majorIncident] = MAJOR_INCIDENT_VALUE;
    if (issue.fields.priority?.name !== HIGHEST_PRIORITY) fields.priority = { name: HIGHEST_PRIORITY };
    await editIssue(issue, fields, 'major incident, priority');
    await addCommentOnce(issue, `Declared a major incident: ${reason}`, false);
    return getTicket(issue.key);
  }

  async function resolve(ticketId: string, closeNotes: string): Promise<Ticket> {
    const issue = await getIssue(ticketId);
    const stage = stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, statuses);
    if (stage === 'canceled') assertChangeable(issue, 'resolve it');
    if (stage !== 'resolved' && stage !== 'closed')
      await transitionTo(issue, statuses.resolved, { resolution: { name: resolutionName } }, 'resolve it');
    if (closeNotes.trim() !== '' && stage !== 'closed') await addCommentOnce(issue, `Resolved: ${closeNotes}`, true);
    return getTicket(issue.key);
  }

  // --- changes made by people in Jira --------------------------------------------------------

  async function changelogOf(issueKey: string): Promise<ChangelogEntry[]> {
    const entries: ChangelogEntry[] = [];
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await client.request({
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

  async function changesSince(cursorText: string | null): Promise<{ changes: TicketChange[]; cursor: string }> {
    const context = await siteContext();
    if (cursorText === null) return { changes: [], cursor: encodeCursor({ since: now(), seenAtSince: [] }) };
    const cursor: ChangeCursor = decodeCursor(cursorText);
    const from = jqlDate(cursor.since - CHANGE_OVERLAP_MS, context.me.timeZone);
    const jql = `project = ${jqlString(context.serviceDesk.projectKey)} AND labels = ${jqlString(CONSOLE_LABEL)} AND updated >= ${jqlString(from)} ORDER BY updated ASC`;
    const issues = await search(jql, 'search requests changed since the last sync');
    const tickets = await toTickets(issues, context);
    const routingFields = new Set(
      [context.fields.team, context.fields.affectedServices, context.fields.configurationItem].filter((id): id is string => id !== null),
    );
    const seen: { at: number; id: string }[] = [];
    const perIssue = await mapWithConcurrency(issues, concurrency, async (issue, index) => {
      const ticket = tickets[index] as Ticket;
      const [history, comments] = await Promise.all([changelogOf(issue.key), listComments(issue.key)]);
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
          const stage = stageOf(status.toString, undefined, statuses);
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

  // --- directory -----------------------------------------------------------------------------

  async function fieldValidValues(fieldId: string | null, name: string): Promise<Ref[]> {
    const context = await siteContext();
    if (!fieldId)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "${name}" field; add it to the project or name the field in ticketing.fieldNames.`,
      );
    const body = await client.request({
      method: 'GET',
      path: `/rest/servicedeskapi/servicedesk/${context.serviceDesk.id}/requesttype/${context.requestTypeId}/field`,
      schema: RequestTypeFields,
      action: `read the fields of the incident request type in ${context.serviceDesk.projectKey}`,
    });
    const field = body.requestTypeFields.find((item) => item.fieldId === fieldId);
    return (field?.validValues ?? []).map((value) => ({ id: value.value, name: value.label }));
  }

  function toUser(user: JiraUser): TicketingUser {
    return { id: user.accountId, name: user.displayName ?? user.accountId, email: user.emailAddress ?? null };
  }

  const specialists = createJsmSpecialistRequests({
    client,
    statuses,
    resolutionName,
    requestType: config.specialistRequestType ?? DEFAULT_SPECIALIST_REQUEST_TYPE,
    serviceDesk: async () => {
      const context = await siteContext();
      return { ...context.serviceDesk, teamFieldId: context.fields.team };
    },
    listRequestTypes: (serviceDeskId) =>
      pagedAll(RequestType, `/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype`, 'list the request types'),
    teams: async () => fieldValidValues((await siteContext()).fields.team, FIELD_DEFAULT_NAMES.team),
    search,
    getIssue,
    getTicket,
    now,
    concurrency,
    timeZone: async () => (await siteContext()).me.timeZone,
    ticketsOf: async (issues) => toTickets(issues, await siteContext()),
    listComments,
    findUserByEmail: async (email) => {
      const found = await client.request({
        method: 'GET',
        path: '/rest/api/3/user/search',
        query: [['query', email]],
        schema: JiraUserList,
        action: `look up the user ${email}`,
      });
      const exact = found.find((user) => user.emailAddress?.toLowerCase() === email.toLowerCase());
      return exact ? { id: exact.accountId } : null;
    },
    transitionsOf,
    transitionTo,
    editIssue,
    addCommentOnce,
  });

  return {
    ...specialists,
    id: JSM_PROVIDER_ID,
    label: PRODUCT,
    async whoAmI() {
      const context = await siteContext();
      return { id: context.me.accountId, name: context.me.displayName, email: context.me.email };
    },
    findByPagingIncidents,
    createTicket,
    acknowledge,
    addWorkNote,
    reassign,
    declareMajor,
    resolve,
    changesSince,
    getTicket,
    async listGroups() {
      return fieldValidValues((await siteContext()).fields.team, FIELD_DEFAULT_NAMES.team);
    },
    async listServices() {
      return fieldValidValues((await siteContext()).fields.affectedServices, FIELD_DEFAULT_NAMES.affectedServices);
    },
    listConfigurationItems,
    async listUsers() {
      const users: TicketingUser[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const batch = await client.request({
          method: 'GET',
          path: '/rest/api/3/users/search',
          query: [
            ['startAt', page * 100],
            ['maxResults', 100],
          ],
          schema: JiraUserList,
          action: 'list users',
        });
        users.push(...batch.map(toUser));
        if (batch.length < 100) break;
      }
      return users;
    },
    async findUserByEmail(email) {
      const found = await client.request({
        method: 'GET',
        path: '/rest/api/3/user/search',
        query: [['query', email]],
        schema: JiraUserList,
        action: `look up the user ${email}`,
      });
      const exact = found.find((user) => user.emailAddress?.toLowerCase() === email.toLowerCase());
      return exact ? toUser(exact) : null;
    },
  };
}

function assertLabelSafe(pagingIncidentId: string): void {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(pagingIncidentId)) {
    throw new ProviderError(
      'rejected',
      `${PRODUCT}: paging incident id "${pagingIncidentId.slice(0, 60)}" cannot be put in a Jira label (letters, digits, "-" and "_" only).`,
    );
  }
}
