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
 *
 * This module puts the parts together and answers the directory questions (who am I, the
 * teams, services, configuration items and users): the site context (site-context.ts),
 * Assets (assets.ts), reads and changes (request-reads.ts), writes (request-writes.ts) and
 * specialist requests (specialist-requests.ts).
 */
import type { Ref } from '../../../shared/domain/incident';
import type { Ticket } from '../../../shared/domain/ticket';
import type { TicketingProvider } from '../../engine/ports/ticketing';
import { JsmAssets } from './assets';
import { defaultAssetsBaseUrl, validateConfig, type JiraServiceManagementConfig } from './config';
import { JsmClient, PRODUCT } from './jsm-client';
import { JSM_PROVIDER_ID, type StatusNames } from './mapper';
import { JsmRequestReads } from './request-reads';
import { JsmRequestWrites } from './request-writes';
import { JiraUserList, RequestType, type JiraUser } from './schemas';
import { JsmSite, MAX_PAGES } from './site-context';
import { createJsmSpecialistRequests, DEFAULT_SPECIALIST_REQUEST_TYPE } from './specialist-requests';

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

function toUser(user: JiraUser): TicketingUser {
  return { id: user.accountId, name: user.displayName ?? user.accountId, email: user.emailAddress ?? null };
}

export function createJiraServiceManagementProvider(config: JiraServiceManagementConfig): JiraServiceManagementProvider {
  validateConfig(config);
  const now = config.now ?? Date.now;
  const client = new JsmClient({ ...config, assetsBaseUrl: config.assetsBaseUrl ?? defaultAssetsBaseUrl(config.siteUrl) });
  const statuses: StatusNames = {
    inProgress: config.statuses?.inProgress ?? 'Work in progress',
    resolved: config.statuses?.resolved ?? 'Resolved',
  };
  const resolutionName = config.resolutionName ?? 'Done';
  const concurrency = config.concurrency ?? 4;

  const site = new JsmSite(client, config);
  const assets = new JsmAssets(client, site, config.assetsQuery);
  const reads = new JsmRequestReads(client, site, assets, { email: config.email, statuses, now, concurrency });
  const writes = new JsmRequestWrites(client, site, reads, { email: config.email, statuses, resolutionName });

  /** The account with exactly this email (Jira's user search also matches names and prefixes). */
  async function userWithEmail(email: string): Promise<JiraUser | null> {
    const found = await client.request({
      method: 'GET',
      path: '/rest/api/3/user/search',
      query: [['query', email]],
      schema: JiraUserList,
      action: `look up the user ${email}`,
    });
    return found.find((user) => user.emailAddress?.toLowerCase() === email.toLowerCase()) ?? null;
  }

  const specialists = createJsmSpecialistRequests({
    client,
    statuses,
    resolutionName,
    requestType: config.specialistRequestType ?? DEFAULT_SPECIALIST_REQUEST_TYPE,
    serviceDesk: async () => {
      const context = await site.context();
      return { ...context.serviceDesk, teamFieldId: context.fields.team };
    },
    listRequestTypes: (serviceDeskId) =>
      site.pagedAll(RequestType, `/rest/servicedeskapi/servicedesk/${serviceDeskId}/requesttype`, 'list the request types'),
    teams: () => site.validValues('team'),
    search: (jql, action, enough) => reads.search(jql, action, enough),
    getIssue: (idOrKey) => reads.getIssue(idOrKey),
    getTicket: (idOrKey) => reads.getTicket(idOrKey),
    now,
    concurrency,
    timeZone: async () => (await site.context()).me.timeZone,
    ticketsOf: async (issues) => reads.toTickets(issues, await site.context()),
    listComments: (issueKey) => reads.listComments(issueKey),
    findUserByEmail: async (email) => {
      const user = await userWithEmail(email);
      return user ? { id: user.accountId } : null;
    },
    transitionsOf: (issue) => writes.transitionsOf(issue),
    transitionTo: (issue, target, fields, why) => writes.transitionTo(issue, target, fields, why),
    editIssue: (issue, fields, what) => writes.editIssue(issue, fields, what),
    addCommentOnce: (issue, text, isPublic) => writes.addCommentOnce(issue, text, isPublic),
  });

  return {
    ...specialists,
    id: JSM_PROVIDER_ID,
    label: PRODUCT,
    async whoAmI() {
      const context = await site.context();
      return { id: context.me.accountId, name: context.me.displayName, email: context.me.email };
    },
    findByPagingIncidents: (pagingIncidentIds) => reads.findByPagingIncidents(pagingIncidentIds),
    createTicket: (ticket) => writes.createTicket(ticket),
    withdrawDuplicate: (duplicateId, standing) => writes.withdrawDuplicate(duplicateId, standing),
    acknowledge: (ticketId, assigneeId) => writes.acknowledge(ticketId, assigneeId),
    addWorkNote: (ticketId, text, noteId) => writes.addWorkNote(ticketId, text, noteId),
    reassign: (ticketId, routing) => writes.reassign(ticketId, routing),
    declareMajor: (ticketId, reason) => writes.declareMajor(ticketId, reason),
    resolve: (ticketId, closeNotes) => writes.resolve(ticketId, closeNotes),
    changesSince: (cursor) => reads.changesSince(cursor),
    getTicket: (ticketIdOrKey) => reads.getTicket(ticketIdOrKey),
    listGroups: () => site.validValues('team'),
    listServices: () => site.validValues('affectedServices'),
    listConfigurationItems: () => assets.list(),
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
      const user = await userWithEmail(email);
      return user ? toUser(user) : null;
    },
  };
}
