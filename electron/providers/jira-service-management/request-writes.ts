/**
 * Changing requests: raising one for a paging incident (Service Desk API), then
 * acknowledging, noting, rerouting, declaring major and resolving it. Fields the Service
 * Desk API cannot change are set with the platform API (editIssue); status changes follow
 * the workflow's transitions, found by target status (transitionTo). Every write reads the
 * request first and sends only what is not there yet, so a replay changes nothing.
 */
import { isTicketOpen, type Ticket, type TicketStage } from '../../../shared/domain/ticket';
import { ProviderError } from '../../engine/ports';
import { consoleNoteTrailer, duplicateNoteText, type NewTicket, type TicketRouting } from '../../engine/ports/ticketing';
import { JsmRefusal, PRODUCT, type JsmClient } from './jsm-client';
import {
  assetIdOf,
  CONSOLE_LABEL,
  HIGHEST_PRIORITY,
  isMajor,
  jiraPriorityFor,
  jiraUrgencyFor,
  labelFor,
  MAJOR_INCIDENT_VALUE,
  serviceRefOf,
  stageOf,
  teamRefOf,
  type StatusNames,
} from './mapper';
import { assertLabelSafe, type JsmRequestReads } from './request-reads';
import { CustomerRequest, NoContent, SdComment, Transitions, type JiraIssue, type Transition } from './schemas';
import type { JsmSite, SiteContext } from './site-context';

const SUMMARY_MAX = 255;
/** Jira's limit on a comment's text (jira.text.field.character.limit), in UTF-16 code units as Java counts them. */
const COMMENT_MAX = 32_767;

interface RequestWriteSettings {
  /** The integration account's email, for messages. */
  email: string;
  statuses: StatusNames;
  /** The resolution set when resolving. */
  resolutionName: string;
}

function describeTransitions(transitions: Transition[]): string {
  return transitions.length ? transitions.map((item) => `"${item.name}" to ${item.to.name}`).join(', ') : 'none';
}

/** Whether the request is in the status named `status` (case aside). */
function isAt(issue: JiraIssue, status: string): boolean {
  return issue.fields.status.name.toLowerCase() === status.toLowerCase();
}

/** The custom field values that route a request (Team, Affected services, Configuration item). */
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

export class JsmRequestWrites {
  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmSite,
    private readonly reads: JsmRequestReads,
    private readonly settings: RequestWriteSettings,
  ) {}

  async createTicket(ticket: NewTicket): Promise<Ticket> {
    assertLabelSafe(ticket.pagingIncidentId);
    const [existing] = await this.reads.findByPagingIncidents([ticket.pagingIncidentId]);
    if (existing) return existing;
    const context = await this.site.context();
    const priority = jiraPriorityFor(ticket.priority);
    const values: Record<string, unknown> = {
      summary: ticket.title.length > SUMMARY_MAX ? `${ticket.title.slice(0, SUMMARY_MAX - 1)}…` : ticket.title,
      description: ticket.description,
      labels: [CONSOLE_LABEL, labelFor(ticket.pagingIncidentId)],
      ...(priority ? { priority: { name: priority } } : {}),
      ...(context.fields.urgency ? { [context.fields.urgency]: { value: jiraUrgencyFor(ticket.urgency) } } : {}),
      ...routingValues(context, ticket, true),
    };
    const created = await this.client.request({
      method: 'POST',
      path: '/rest/servicedeskapi/request',
      body: { serviceDeskId: context.serviceDesk.id, requestTypeId: context.requestTypeId, requestFieldValues: values },
      schema: CustomerRequest,
      action: `raise a request for paging incident ${ticket.pagingIncidentId} in ${context.serviceDesk.projectKey}`,
      forbiddenHint: `${this.settings.email} needs permission to raise requests in service desk ${context.serviceDesk.projectKey} (add it as an agent)`,
    });
    return this.reads.getTicket(created.issueKey);
  }

  async acknowledge(ticketId: string, assigneeId: string): Promise<Ticket> {
    const issue = await this.reads.getIssue(ticketId);
    this.assertChangeable(issue, 'acknowledge it');
    if (this.stageOfIssue(issue) !== 'in-progress') await this.transitionTo(issue, this.settings.statuses.inProgress, {}, 'acknowledge it');
    if (issue.fields.assignee?.accountId !== assigneeId) {
      await this.editIssue(issue, { assignee: { accountId: assigneeId } }, 'assignee');
    }
    return this.reads.getTicket(issue.key);
  }

  async addWorkNote(ticketId: string, text: string, noteId: string): Promise<void> {
    const issue = await this.reads.getIssue(ticketId);
    await this.addCommentOnce(issue, text, false, noteId);
  }

  async reassign(ticketId: string, routing: TicketRouting): Promise<Ticket> {
    const context = await this.site.context();
    const issue = await this.reads.getIssue(ticketId);
    this.assertChangeable(issue, 'reassign it');
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
    await this.editIssue(issue, changed, 'team, affected services, configuration item');
    return this.reads.getTicket(issue.key);
  }

  async declareMajor(ticketId: string, reason: string): Promise<Ticket> {
    const context = await this.site.context();
    const issue = await this.reads.getIssue(ticketId);
    this.assertChangeable(issue, 'declare it a major incident');
    if (!context.fields.majorIncident) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the site has no "Major incident" field, so ${issue.key} cannot be declared major; turn on major incident management for the service project, or name the field in the workspace's ticketing.fieldNames.`,
      );
    }
    const fields: Record<string, unknown> = {};
    if (!isMajor(issue, context.fields)) fields[context.fields.majorIncident] = MAJOR_INCIDENT_VALUE;
    if (issue.fields.priority?.name !== HIGHEST_PRIORITY) fields.priority = { name: HIGHEST_PRIORITY };
    await this.editIssue(issue, fields, 'major incident, priority');
    await this.addCommentOnce(issue, `Declared a major incident: ${reason}`, false);
    return this.reads.getTicket(issue.key);
  }

  async resolve(ticketId: string, closeNotes: string): Promise<Ticket> {
    const issue = await this.reads.getIssue(ticketId);
    const stage = this.stageOfIssue(issue);
    if (stage === 'canceled') this.assertChangeable(issue, 'resolve it');
    if (stage !== 'resolved' && stage !== 'closed')
      await this.transitionTo(issue, this.settings.statuses.resolved, { resolution: { name: this.settings.resolutionName } }, 'resolve it');
    if (closeNotes.trim() !== '' && stage !== 'closed') await this.addCommentOnce(issue, `Resolved: ${closeNotes}`, true);
    return this.reads.getTicket(issue.key);
  }

  /** Sets fields with the platform API (nothing is sent when there are none). */
  async editIssue(issue: JiraIssue, fields: Record<string, unknown>, what: string): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.client.request({
      method: 'PUT',
      path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}`,
      body: { fields },
      schema: NoContent,
      action: `update ${issue.key} (${what})`,
      forbiddenHint: this.editHint(issue.key),
    });
  }

  /** The transitions open to the request now; with `screens`, each with the fields of its screen (expand=transitions.fields). */
  async transitionsOf(issue: JiraIssue, screens = false): Promise<Transition[]> {
    const body = await this.client.request({
      method: 'GET',
      path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}/transitions`,
      ...(screens ? { query: [['expand', 'transitions.fields']] as [string, string][] } : {}),
      schema: Transitions,
      action: `read the transitions of ${issue.key}`,
    });
    return body.transitions;
  }

  /** Moves the request to the status named `target`, by whichever transition leads there from where it is. */
  async transitionTo(issue: JiraIssue, target: string, fields: Record<string, unknown>, why: string): Promise<void> {
    const available = await this.transitionsOf(issue);
    const transition = available.find((item) => item.to.name.toLowerCase() === target.toLowerCase());
    if (!transition) {
      // Another host (or a person) may have moved it there since it was read: then there is nothing left to do.
      const fresh = await this.reads.getIssue(issue.key);
      if (isAt(fresh, target)) return;
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${fresh.fields.status.name}: its workflow has no transition to ${target} from there (allowed: ${describeTransitions(available)}), so the console could not ${why}; move it in ${PRODUCT} or change the workflow.`,
      );
    }
    await this.runTransition(issue, transition, fields, why);
  }

  /**
   * Withdraws a request opened twice for one paging incident: an internal comment naming the
   * request that stands, then a transition to a canceled status (else to a done one), with
   * resolution Duplicate where the transition's screen offers it. Jira refuses a field that is
   * not on the transition's screen, so the screen is read first (expand=transitions.fields).
   */
  async withdrawDuplicate(duplicateId: string, standing: Ticket): Promise<Ticket> {
    const issue = await this.reads.getIssue(duplicateId);
    if (!isTicketOpen({ stage: this.stageOfIssue(issue) })) return this.reads.getTicket(issue.key);
    await this.addCommentOnce(issue, duplicateNoteText(standing.number), false);
    const available = await this.transitionsOf(issue, true);
    const stageAfter = (transition: Transition) => stageOf(transition.to.name, transition.to.statusCategory?.key, this.settings.statuses);
    const transition =
      available.find((item) => stageAfter(item) === 'canceled') ??
      available.find((item) => stageAfter(item) === 'resolved' || stageAfter(item) === 'closed');
    const why = `withdraw it as a duplicate of ${standing.number}`;
    if (!transition) {
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: its workflow has no transition to a canceled or done status from there (allowed: ${describeTransitions(available)}), so the console could not ${why}; cancel it in ${PRODUCT}.`,
      );
    }
    const resolution = transition.fields?.resolution;
    const duplicate = resolution?.allowedValues?.find((value) => value.name?.toLowerCase() === 'duplicate');
    const fields = duplicate
      ? { resolution: duplicate.id ? { id: duplicate.id } : { name: duplicate.name } }
      : resolution?.required
        ? { resolution: { name: this.settings.resolutionName } }
        : {};
    await this.runTransition(issue, transition, fields, why);
    return this.reads.getTicket(issue.key);
  }

  private async runTransition(issue: JiraIssue, transition: Transition, fields: Record<string, unknown>, why: string): Promise<void> {
    const from = issue.fields.status.name;
    const target = transition.to.name;
    try {
      await this.client.request({
        method: 'POST',
        path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}/transitions`,
        body: { transition: { id: transition.id }, ...(Object.keys(fields).length ? { fields } : {}) },
        schema: NoContent,
        action: `move ${issue.key} from ${from} to ${target} ("${transition.name}")`,
        forbiddenHint: this.editHint(issue.key),
      });
    } catch (error) {
      if (!(error instanceof JsmRefusal) || error.status !== 400) throw error;
      const fresh = await this.reads.getIssue(issue.key).catch(() => issue);
      if (isAt(fresh, target)) return;
      const allowed = await this.transitionsOf(fresh).catch(() => [] as Transition[]);
      throw new ProviderError(
        'rejected',
        `${PRODUCT} did not allow ${issue.key} to move from ${fresh.fields.status.name} to ${target} (400: ${error.vendorMessage || 'no reason given'}); allowed now: ${describeTransitions(allowed)}. The console could not ${why}.`,
        400,
      );
    }
  }

  /** Adds a comment unless one with the same text (and note id) is already there (so a replay does not write it twice). */
  async addCommentOnce(issue: JiraIssue, text: string, isPublic: boolean, noteId?: string): Promise<void> {
    const body = `${text.trimEnd()}\n\n${consoleNoteTrailer(noteId)}`;
    if (body.length > COMMENT_MAX) {
      throw new ProviderError(
        'rejected',
        `${PRODUCT} takes comments of at most ${COMMENT_MAX.toLocaleString('en-US')} characters; this one for ${issue.key} has ${body.length.toLocaleString('en-US')}: shorten it.`,
      );
    }
    const comments = await this.reads.listComments(issue.key);
    if (comments.some((comment) => comment.body === body && comment.public === isPublic)) return;
    await this.client.request({
      method: 'POST',
      path: `/rest/servicedeskapi/request/${encodeURIComponent(issue.key)}/comment`,
      body: { body, public: isPublic },
      schema: SdComment,
      action: `add ${isPublic ? 'a reply' : 'an internal comment'} to ${issue.key}`,
      forbiddenHint: this.editHint(issue.key),
    });
  }

  private stageOfIssue(issue: JiraIssue): TicketStage {
    return stageOf(issue.fields.status.name, issue.fields.status.statusCategory?.key, this.settings.statuses);
  }

  /** Refuses changes to requests whose workflow freezes them (Closed, Canceled). */
  private assertChangeable(issue: JiraIssue, what: string): void {
    const stage = this.stageOfIssue(issue);
    if (stage === 'closed' || stage === 'canceled') {
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: ${issue.fields.status.name.toLowerCase()} requests cannot be changed, so the console could not ${what}; reopen it in ${PRODUCT} or raise a follow-up request.`,
      );
    }
  }

  private editHint(key: string): string {
    return `the integration user (${this.settings.email}) needs the "Edit issues", "Transition issues" and "Add comments" permissions on ${key}: ask a Jira admin to add it to the project's Service Desk Team role, or lift the restriction on the request`;
  }
}
