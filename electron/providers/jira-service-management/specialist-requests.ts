/**
 * Specialist requests in Jira Service Management: an expertise ask from the console's
 * catalogue is a customer request of the specialist request type ("Ask a specialist
 * team" unless the workspace names another) with the team in its Team field, raised on
 * behalf of the requester when they have an account. A claim assigns it and moves it to
 * Work in progress; comments are public (the requester sees them), notes internal (the
 * consoles' shared record, which the portal does not show); resolving moves it to
 * Resolved, cancelling to Canceled where the workflow allows, else Resolved as "Won't Do".
 * Every console reads the requests back with specialistRequestsChangedSince
 * (specialist-records.ts).
 *
 * Replay safety: the request carries the label `console-request-<id>`, so raising looks
 * for it first, and again after a POST whose answer was lost. Comments whose text is
 * already there are not added twice; status and assignee change only when not so yet.
 */
import type { Ref } from '../../../shared/domain/incident';
import type { Ticket } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import type { NewSpecialistTicket, SpecialistTicket, SpecialistTicketing, SpecialistTicketOutcome } from '../../engine/ports/ticketing';
import type { JsmClient } from './jsm-client';
import { PRODUCT } from './jsm-client';
import { jqlString } from './jql';
import { SPECIALIST_LABEL, specialistLabelFor, stageOf, toSpecialistTicket, type StatusNames } from './mapper';
import { CustomerRequest, RequestType, type JiraIssue, type Transition } from './schemas';
import { specialistRequestsChangedSince, type JsmSpecialistRecordDeps } from './specialist-records';

export { SPECIALIST_LABEL, specialistLabelFor };

/** The request type raised for specialist requests, unless the workspace names another. */
export const DEFAULT_SPECIALIST_REQUEST_TYPE = 'Ask a specialist team';
const SUMMARY_MAX = 255;

/** What the provider's closure hands over (its site context, reads and workflow moves). */
export interface JsmSpecialistDeps extends JsmSpecialistRecordDeps {
  client: JsmClient;
  statuses: StatusNames;
  resolutionName: string;
  /** The request type's name or numeric id. */
  requestType: string;
  serviceDesk(): Promise<{ id: string; projectKey: string; teamFieldId: string | null }>;
  listRequestTypes(serviceDeskId: string): Promise<Array<ReturnType<typeof RequestType.parse>>>;
  teams(): Promise<Ref[]>;
  getIssue(idOrKey: string): Promise<JiraIssue>;
  getTicket(idOrKey: string): Promise<Ticket>;
  findUserByEmail(email: string): Promise<{ id: string } | null>;
  transitionsOf(issue: JiraIssue): Promise<Transition[]>;
  transitionTo(issue: JiraIssue, target: string, fields: Record<string, unknown>, why: string): Promise<void>;
  editIssue(issue: JiraIssue, fields: Record<string, unknown>, what: string): Promise<void>;
  addCommentOnce(issue: JiraIssue, text: string, isPublic: boolean): Promise<void>;
}

function assertLabelSafe(requestId: string): void {
  if (!/^[A-Za-z0-9_-]{1,180}$/.test(requestId)) {
    throw new ProviderError(
      'rejected',
      `${PRODUCT}: request id "${requestId.slice(0, 60)}" cannot be put in a Jira label (letters, digits, "-" and "_" only).`,
    );
  }
}

export function createJsmSpecialistRequests(deps: JsmSpecialistDeps): SpecialistTicketing {
  let requestTypeId: Promise<string> | null = null;

  function specialistRequestTypeId(serviceDeskId: string, projectKey: string): Promise<string> {
    requestTypeId ??= deps.listRequestTypes(serviceDeskId).then((types) => {
      const wanted = deps.requestType.toLowerCase();
      const found = types.find((type) => type.id === deps.requestType || type.name.toLowerCase() === wanted);
      if (!found) {
        throw new ProviderError(
          'rejected',
          `${PRODUCT}: service desk ${projectKey} has no request type "${deps.requestType}" for specialist requests; it has ${types.map((type) => `"${type.name}" (id ${type.id})`).join(', ') || 'none'}. Add one with Summary, Description, Labels and Team on its form, or set ticketing.specialistRequestType.`,
        );
      }
      return found.id;
    });
    requestTypeId.catch(() => {
      requestTypeId = null;
    });
    return requestTypeId;
  }

  async function findRaised(requestId: string): Promise<Ticket | null> {
    const desk = await deps.serviceDesk();
    const issues = await deps.search(
      `project = ${jqlString(desk.projectKey)} AND labels = ${jqlString(specialistLabelFor(requestId))} ORDER BY created ASC`,
      `find the specialist request of ${requestId}`,
    );
    const first = issues[0];
    return first ? deps.getTicket(first.key) : null;
  }

  async function teamId(group: string): Promise<string> {
    const teams = await deps.teams();
    const wanted = group.trim().toLowerCase();
    const team = teams.find((candidate) => candidate.id === group || candidate.name.toLowerCase() === wanted);
    if (!team)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: no team "${group}" in the Team field (teams: ${teams.map((candidate) => candidate.name).join(', ') || 'none'}); fix the catalogue team's assignmentGroup`,
      );
    return team.id;
  }

  async function raiseSpecialistRequest(ticket: NewSpecialistTicket): Promise<SpecialistTicket> {
    assertLabelSafe(ticket.requestId);
    const existing = await findRaised(ticket.requestId);
    if (existing) return toSpecialistTicket(existing);
    const desk = await deps.serviceDesk();
    if (!desk.teamFieldId)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "Team" field to route specialist requests with; name the field in the workspace's ticketing.fieldNames.`,
      );
    const [typeId, team, requester] = await Promise.all([
      specialistRequestTypeId(desk.id, desk.projectKey),
      teamId(ticket.assignmentGroup),
      deps.findUserByEmail(ticket.requester.email).catch(() => null),
    ]);
    const title = ticket.title.length > SUMMARY_MAX ? `${ticket.title.slice(0, SUMMARY_MAX - 1)}…` : ticket.title;
    const body = {
      serviceDeskId: desk.id,
      requestTypeId: typeId,
      requestFieldValues: {
        summary: title,
        description: ticket.description,
        labels: [SPECIALIST_LABEL, specialistLabelFor(ticket.requestId)],
        priority: { name: ticket.urgent ? 'Highest' : 'Medium' },
        [desk.teamFieldId]: team,
      },
      ...(requester ? { raiseOnBehalfOf: requester.id } : {}),
    };
    try {
      await deps.client.request({
        method: 'POST',
        path: '/rest/servicedeskapi/request',
        body,
        schema: CustomerRequest,
        action: `raise a specialist request for ${ticket.assignmentGroup} in ${desk.projectKey}`,
        forbiddenHint: `the integration account needs permission to raise requests in service desk ${desk.projectKey} (add it as an agent)`,
      });
    } catch (error) {
      // The request may have been raised before the answer was lost: look before failing, so a retry cannot raise twice.
      if (error instanceof ProviderError && error.kind === 'transient') {
        const landed = await findRaised(ticket.requestId).catch(() => null);
        if (landed) return toSpecialistTicket(landed);
      }
      throw error;
    }
    const raised = await findRaised(ticket.requestId);
    if (!raised)
      throw new ProviderError(
        'transient',
        `${PRODUCT} accepted the specialist request ${ticket.requestId} but search does not show it yet; trying again`,
      );
    return toSpecialistTicket(raised);
  }

  async function commentOnSpecialistRequest(ticketId: string, text: string): Promise<void> {
    if (text.trim() === '') throw new ProviderError('rejected', 'The comment is empty: write something to add');
    await deps.addCommentOnce(await deps.getIssue(ticketId), text, true);
  }

  async function addSpecialistRequestNote(ticketId: string, text: string): Promise<void> {
    if (text.trim() === '') throw new ProviderError('rejected', 'The note is empty: write something to add');
    await deps.addCommentOnce(await deps.getIssue(ticketId), text, false);
  }

  async function assignSpecialistRequest(ticketId: string, assigneeEmail: string): Promise<SpecialistTicket> {
    const user = await deps.findUserByEmail(assigneeEmail);
    if (!user)
      throw new ProviderError(
        'rejected',
        `${PRODUCT} has no account with the email ${assigneeEmail}: the specialist needs an Atlassian account on the site to be assigned`,
      );
    const issue = await deps.getIssue(ticketId);
    const stage = stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, deps.statuses);
    if (stage === 'closed' || stage === 'canceled' || stage === 'resolved') {
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: it cannot be claimed any more; raise a new request`,
      );
    }
    if (stage !== 'in-progress') await deps.transitionTo(issue, deps.statuses.inProgress, {}, 'start work on it');
    if (issue.fields.assignee?.accountId !== user.id) await deps.editIssue(issue, { assignee: { accountId: user.id } }, 'assignee');
    return toSpecialistTicket(await deps.getTicket(issue.key));
  }

  async function resolveSpecialistRequest(ticketId: string, text: string, outcome: SpecialistTicketOutcome): Promise<SpecialistTicket> {
    const issue = await deps.getIssue(ticketId);
    const stage = stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, deps.statuses);
    if (stage === 'resolved' || stage === 'closed' || stage === 'canceled') return toSpecialistTicket(await deps.getTicket(issue.key));
    const note = text.trim() || (outcome === 'resolved' ? 'Resolved from the On-Call Console.' : 'Cancelled from the On-Call Console.');
    await deps.addCommentOnce(issue, note, true);
    if (outcome === 'cancelled') {
      const canCancel = (await deps.transitionsOf(issue)).some((transition) => transition.to.name.toLowerCase() === 'canceled');
      if (canCancel) await deps.transitionTo(issue, 'Canceled', {}, 'cancel it');
      else await deps.transitionTo(issue, deps.statuses.resolved, { resolution: { name: "Won't Do" } }, 'cancel it');
    } else {
      await deps.transitionTo(issue, deps.statuses.resolved, { resolution: { name: deps.resolutionName } }, 'resolve it');
    }
    return toSpecialistTicket(await deps.getTicket(issue.key));
  }

  return {
    raiseSpecialistRequest,
    commentOnSpecialistRequest,
    assignSpecialistRequest,
    resolveSpecialistRequest,
    async getSpecialistRequest(ticketId) {
      return toSpecialistTicket(await deps.getTicket(ticketId));
    },
    addSpecialistRequestNote,
    specialistRequestsChangedSince: (cursor) => specialistRequestsChangedSince(deps, cursor),
  };
}
