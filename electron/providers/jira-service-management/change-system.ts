/**
 * The Jira Service Management implementation of the engine's ChangeSystem port
 * (engine/ports/change-system.ts): changes are requests of the change project's "Request a
 * change" request type (standard ones of a template's request type), moved along the
 * project's workflow by transitions found by their target status, approved through the
 * Service Desk API's approvals. Same client, transport and credentials as the ticketing
 * provider. Sources: /work/notes/jsm-change-api.md ("note §n"); how records map:
 * change-mapper.ts; reads: change-reads.ts; templates: change-templates.ts; the site: change-site.ts.
 *
 * Requests per method (besides loading the site once: service desks, their request types,
 * /rest/api/3/field; /rest/api/3/myself when a method needs the signed-in account):
 * - findChanges: one JQL search (GET /rest/api/3/search/jql, paged by nextPageToken):
 *   `project = <CHG> [AND labels = <key>] [AND labels = <key prefix>] [AND updated >= ...]
 *   ORDER BY created ASC`; then GET .../request/{key}/approval for a change waiting for
 *   approval or declined, and GET .../request/{key}/comment for a declined one (who and why).
 *   The gate's read (a service and version) is the search alone for a standard or approved change.
 * - getChange: GET /rest/api/3/issue/{key or id}, then approvals and comments as above.
 * - raiseChange: the search by the key's label (a live change found is finished and returned);
 *   else the service among the Affected services' values, the request type's fields, POST
 *   /rest/servicedeskapi/request with the fields its form shows (the key as labels), PUT
 *   /rest/api/3/issue for the others (a template made by the console shows few), the search
 *   again (two pipelines raising one deployment at once: the lowest key stays, the other
 *   cancels its own), then the transition that submits it: to an approval status (normal,
 *   emergency), or to the scheduled status (standard) unless the site's automation moved it.
 * - decideChange: the change's approvals, a comment with the reason (a decline: the approval
 *   takes none), POST .../approval/{id} {"decision": "approve" | "decline"}. The approval API
 *   decides as the calling account only (note §3): with `approver` given, it must be the
 *   signed-in account; the console cannot decide for someone else in JSM and says so.
 * - moveChange: GET and POST /rest/api/3/issue/{key}/transitions (the one leading to a status of
 *   that state; never past an approval, which only its approvers decide).
 * - closeChange: transitions step by step (Awaiting implementation -> Implementing -> Completed
 *   or Failed), then an internal comment with the close code and notes.
 * - listServices: the Affected services field's values on the change request type's form.
 * - listTemplates / proposeTemplate: change-templates.ts. decideTemplate: refused (JSM has no
 *   template approval).
 *
 * A transition JSM refuses (400: not valid from where the change now is) is read again: when
 * someone else moved the change on, closing carries on from there; otherwise the refusal
 * says JSM's own words and where the change is.
 */
import { CHANGE_STATE_LABEL, type ChangeRequest, type ChangeState, type ChangeTemplate } from '../../../shared/domain/change';
import { describedDeployment } from '../change-record/deployment-block';
import type { Ref } from '../../../shared/domain/incident';
import { ProviderError } from '../../engine/ports';
import {
  changeKeyPrefix,
  type Approver,
  type ChangeDraft,
  type ChangeFilter,
  type ChangeSystem,
  type TemplateDraft,
} from '../../engine/ports/change-system';
import {
  adfOf,
  CHANGE_SYSTEM_ID,
  changeLabel,
  changeTypeOfIssue,
  closeNote,
  jiraDateTime,
  RISK_VALUE,
  stateOfIssue,
} from './change-mapper';
import { dateOf, JsmChangeReads } from './change-reads';
import { SdApproval, type ChangeIssue, type RequestTypeField } from './change-schemas';
import { validateChangeConfig, type JiraServiceManagementChangeConfig } from './change-settings';
import { JsmChangeSite, type ChangeSiteContext } from './change-site';
import { JsmChangeTemplates } from './change-templates';
import { JsmClient, JsmRefusal, PRODUCT } from './jsm-client';
import { CustomerRequest, NoContent, SdComment, Transitions, type Transition } from './schemas';

const SUMMARY_MAX = 255;
const LABEL_MAX = 255;
/** Transitions a close may take (Awaiting implementation -> Implementing -> Review -> Completed and a few to spare). */
const MAX_CLOSE_STEPS = 6;
const NAMES_LISTED = 50;
/** The states a close walks through, in order. */
const CLOSE_PATH: readonly ChangeState[] = ['scheduled', 'implement', 'review'];

export function createJiraServiceManagementChangeSystem(config: JiraServiceManagementChangeConfig): ChangeSystem {
  validateChangeConfig(config);
  // Assets is not used by change management: the site itself stands in for its base URL.
  const client = new JsmClient({ ...config, assetsBaseUrl: config.siteUrl });
  return new JsmChanges(client, new JsmChangeSite(client, config.changes ?? {}, config.email), config.email);
}

function describeTransitions(transitions: readonly Transition[]): string {
  return transitions.length ? transitions.map((item) => `"${item.name}" to ${item.to.name}`).join(', ') : 'none';
}

function isTransient(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'transient';
}

/** The plans of a normal or emergency change, from the deployment (a standard change takes its template's). */
function plansOf(draft: ChangeDraft): Record<'implementationPlan' | 'backoutPlan' | 'testPlan', string> {
  const { service, deployment } = draft;
  return {
    implementationPlan: `Deploy ${service.name} ${deployment.version} (commit ${deployment.commit}) through its pipeline${deployment.runUrl ? `: ${deployment.runUrl}` : ''}.`,
    backoutPlan: `Redeploy the previous version of ${service.name} through its pipeline.`,
    testPlan: `The pipeline's checks, then ${service.name}'s monitoring and alerts after the deployment.`,
  };
}

class JsmChanges implements ChangeSystem {
  readonly label = PRODUCT;
  readonly system = CHANGE_SYSTEM_ID;
  private readonly templates: JsmChangeTemplates;
  private readonly reads: JsmChangeReads;
  private readonly concurrency = 4;

  constructor(
    private readonly client: JsmClient,
    private readonly site: JsmChangeSite,
    private readonly email: string,
  ) {
    this.templates = new JsmChangeTemplates(client, site, this.concurrency);
    this.reads = new JsmChangeReads(client, site, email, this.concurrency);
  }

  async listServices(): Promise<Ref[]> {
    const context = await this.site.context();
    const fieldId = context.map.fields.affectedServices;
    const form = await this.site.form(context.desk.id, context.requestType.id);
    const field = fieldId ? form.find((item) => item.fieldId === fieldId) : undefined;
    if (!field)
      throw new ProviderError(
        'rejected',
        `${PRODUCT}: the request type "${context.requestType.name}" of ${context.desk.projectKey} has no Affected services field, which names a change's service: add it to the request type's form (or name the field in changes.fieldNames.affectedServices).`,
      );
    return (field.validValues ?? []).map((value) => ({ id: value.value, name: value.label }));
  }

  listTemplates(): Promise<ChangeTemplate[]> {
    return this.templates.list();
  }

  async proposeTemplate(draft: TemplateDraft): Promise<ChangeTemplate> {
    return this.templates.propose(draft, await this.serviceNamed(draft.service.name));
  }

  decideTemplate(): Promise<ChangeTemplate> {
    return Promise.reject(
      new ProviderError(
        'rejected',
        `${PRODUCT} has no approval of change templates: a template is a request type of the change project, in use from the moment it is created (a proposal is answered approved at once). To withdraw one, a project administrator deletes its request type in ${PRODUCT}.`,
      ),
    );
  }

  async findChanges(filter: ChangeFilter): Promise<ChangeRequest[]> {
    return this.reads.mapped(await this.reads.readChanges(filter), filter.withApprovals === true);
  }

  async getChange(numberOrId: string): Promise<ChangeRequest> {
    return this.reads.mappedOne(await this.reads.readChange(numberOrId));
  }

  async raiseChange(draft: ChangeDraft): Promise<ChangeRequest> {
    const labels = this.checkDraft(draft);
    const existing = await this.liveChangeFor(draft.key);
    if (existing) return this.reads.mappedOne(await this.submit(existing));
    const context = await this.site.context();
    const service = await this.serviceNamed(draft.service.name);
    const template = draft.type === 'standard' ? await this.templates.one(draft.templateId ?? '') : null;
    if (draft.type === 'standard' && !template)
      throw new ProviderError(
        'rejected',
        `${PRODUCT} has no standard change template ${draft.templateId} in ${context.desk.projectKey} (list the templates again: its request type may have been deleted)`,
      );
    const requestTypeId = template?.id ?? context.requestType.id;
    const form = await this.site.form(context.desk.id, requestTypeId);
    const { onForm, later } = this.createValues(context, form, draft, service, template, labels);
    let created: ChangeIssue;
    try {
      const answer = await this.client.request({
        method: 'POST',
        path: '/rest/servicedeskapi/request',
        body: { serviceDeskId: context.desk.id, requestTypeId, requestFieldValues: onForm },
        schema: CustomerRequest,
        action: `raise a ${draft.type} change for ${draft.service.name} ${draft.deployment.version} in ${context.desk.projectKey}`,
        forbiddenHint: `${this.email} needs permission to raise requests in ${context.desk.projectKey} (add it as an agent of the project)`,
        idempotent: false,
      });
      created = await this.reads.readChange(answer.issueKey);
    } catch (error) {
      // The answer was lost, not the change, perhaps: look once more before failing.
      const found = isTransient(error) ? await this.liveChangeFor(draft.key).catch(() => null) : null;
      if (!found) throw error;
      return this.reads.mappedOne(await this.submit(found));
    }
    if (Object.keys(later).length > 0) {
      await this.client.request({
        method: 'PUT',
        path: `/rest/api/3/issue/${encodeURIComponent(created.key)}`,
        body: { fields: later },
        schema: NoContent,
        action: `set the fields of ${created.key} its request type's form does not show (${Object.keys(later).join(', ')})`,
        forbiddenHint: `${this.email} needs the "Edit issues" permission in ${context.desk.projectKey}`,
      });
      created = await this.reads.readChange(created.key);
    }
    // Two pipelines raising the same deployment at once both found none and both raised one:
    // the lowest key stays, the other cancels its own (Jira has no unique key to stop it).
    const first = await this.liveChangeFor(draft.key);
    if (first && first.id !== created.id) {
      await this.cancelDuplicate(created, first).catch(() => undefined);
      return this.reads.mappedOne(await this.submit(first));
    }
    return this.reads.mappedOne(await this.submit(created));
  }

  async decideChange(changeId: string, decision: 'approved' | 'rejected', comment: string, approver?: Approver): Promise<ChangeRequest> {
    if (decision === 'rejected' && !comment.trim())
      throw new ProviderError(
        'rejected',
        `A rejection needs a comment saying why (the console writes it on the change: ${PRODUCT}'s approval takes none)`,
      );
    const issue = await this.reads.readChange(changeId);
    const me = await this.site.me();
    const signedInAs = me.email ?? this.email;
    if (approver && signedInAs.toLowerCase() !== approver.email.trim().toLowerCase())
      throw new ProviderError(
        'rejected',
        `${PRODUCT} records an approval as the account that answers it, and the console is signed in to it as ${signedInAs}: it cannot decide ${approver.name}'s approval of ${issue.key} for them. ${approver.name} decides in ${PRODUCT}, or in a console signed in with their own Atlassian account (JIRA_EMAIL and JIRA_API_TOKEN).`,
      );
    const approvals = await this.reads.readApprovals(issue.key);
    const open = approvals.find(
      (approval) =>
        approval.finalDecision === 'pending' &&
        approval.approvers.some((item) => item.approver.accountId === me.accountId && item.approverDecision === 'pending'),
    );
    const wanted = decision === 'approved' ? 'approved' : 'declined';
    if (!open) {
      const mine = approvals.flatMap((approval) => approval.approvers).filter((item) => item.approver.accountId === me.accountId);
      // Decided already (a replay after an unclear failure): answer the change when it is the same decision.
      if (mine.some((item) => item.approverDecision === wanted)) return this.reads.mappedOne(issue);
      const asked = [
        ...new Set(approvals.flatMap((approval) => approval.approvers.map((item) => item.approver.displayName ?? item.approver.accountId))),
      ];
      throw new ProviderError(
        'rejected',
        `${me.displayName} has no approval waiting on ${issue.key} (it is ${issue.fields.status.name}${asked.length ? `; its approvers: ${asked.join(', ')}` : '; nobody is asked'})`,
      );
    }
    if (decision === 'rejected') await this.commentOnce(issue, comment.trim(), true, me.accountId, open.createdDate?.epochMillis ?? 0);
    try {
      await this.client.request({
        method: 'POST',
        path: `/rest/servicedeskapi/request/${encodeURIComponent(issue.key)}/approval/${open.id}`,
        body: { decision: decision === 'approved' ? 'approve' : 'decline' },
        schema: SdApproval,
        action: `${decision === 'approved' ? 'approve' : 'decline'} ${issue.key}`,
        forbiddenHint: `${me.displayName} is not an approver of ${issue.key}`,
        // A second answer after an unclear failure is refused (409): only 429s are retried.
        idempotent: false,
      });
    } catch (error) {
      const again = error instanceof JsmRefusal && error.status === 409 ? await this.reads.readApprovals(issue.key).catch(() => []) : [];
      const landed = again.some((approval) =>
        approval.approvers.some((item) => item.approver.accountId === me.accountId && item.approverDecision === wanted),
      );
      if (!landed) throw error;
    }
    return this.getChange(issue.key);
  }

  async moveChange(changeId: string, to: ChangeState): Promise<ChangeRequest> {
    if (to === 'closed')
      throw new ProviderError('rejected', 'Closing a change needs a close code and notes: close it (closeChange) rather than move it');
    const context = await this.site.context();
    const issue = await this.reads.readChange(changeId);
    const state = stateOfIssue(issue, context.map);
    if (state === to) return this.reads.mappedOne(issue);
    if (state === 'authorize' && (to === 'scheduled' || to === 'implement' || to === 'review'))
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: its approvers decide whether it goes on (the console does not move a change past its approval)`,
      );
    const transitions = await this.transitionsOf(issue.key);
    const transition = transitions.find((item) => context.map.rules.stateOf(item.to) === to && !context.map.rules.isDeclined(item.to.name));
    if (!transition)
      throw new ProviderError(
        'rejected',
        `${issue.key} is ${issue.fields.status.name}: its workflow has no transition from there to a status that means ${CHANGE_STATE_LABEL[to]} (allowed: ${describeTransitions(transitions)}); move it in ${PRODUCT} or change the workflow`,
      );
    await this.runTransition(issue, transition, transitions);
    return this.getChange(issue.key);
  }

  async closeChange(
    changeId: string,
    close: { code: 'successful' | 'successful_issues' | 'unsuccessful'; notes: string },
  ): Promise<ChangeRequest> {
    const notes = close.notes.trim();
    if (!notes) throw new ProviderError('rejected', 'Closing a change needs close notes');
    const context = await this.site.context();
    const { rules } = context.map;
    let issue = await this.reads.readChange(changeId);
    const target = close.code === 'unsuccessful' ? rules.unsuccessfulClose : rules.successfulClose;
    for (let step = 0; stateOfIssue(issue, context.map) !== 'closed'; step++) {
      const state = stateOfIssue(issue, context.map);
      const status = issue.fields.status.name;
      if (state === 'canceled')
        throw new ProviderError('rejected', `${issue.key} is ${status}: a canceled or declined change is not closed`);
      if (!CLOSE_PATH.includes(state))
        throw new ProviderError(
          'rejected',
          `${issue.key} is ${status}: only an approved change (scheduled, implementing or in review) is closed; cancel this one instead`,
        );
      if (step >= MAX_CLOSE_STEPS)
        throw new ProviderError('rejected', `${issue.key} did not reach ${target} in ${MAX_CLOSE_STEPS} transitions (it is ${status})`);
      const transitions = await this.transitionsOf(issue.key);
      const next = this.closeStep(context, transitions, state, target);
      if (!next)
        throw new ProviderError(
          'rejected',
          `${issue.key} is ${status}: its workflow offers no way from there towards ${target} (allowed: ${describeTransitions(transitions)}); close it in ${PRODUCT} or set changes.closeStatuses`,
        );
      issue = await this.runTransition(issue, next, transitions, { carryOn: true });
    }
    await this.commentOnce(issue, closeNote(close.code, notes), false, null, 0);
    const closed = await this.reads.mappedOne(issue);
    // Both close to the successful status: the code the console was given tells them apart.
    const closeCode = close.code === 'successful_issues' && closed.closeCode === 'successful' ? close.code : closed.closeCode;
    return { ...closed, closeCode, closeNotes: notes };
  }

  // ---- raising -------------------------------------------------------------------------------

  /** The key's labels; a ProviderError for a draft the change system cannot take. */
  private checkDraft(draft: ChangeDraft): { key: string; prefix: string } {
    const key = changeLabel(draft.key);
    const prefix = changeLabel(changeKeyPrefix(draft.service.name, draft.deployment.version));
    if (!key || key.length > LABEL_MAX || prefix.length > LABEL_MAX)
      throw new ProviderError('rejected', `The change key "${draft.key}" does not fit a Jira label (at most ${LABEL_MAX} characters)`);
    if (!draft.deployment.version.trim() || !draft.deployment.commit.trim())
      throw new ProviderError('rejected', "A change needs the deployment's version and commit");
    if (draft.type === 'standard' && !(draft.templateId && /^\d+$/.test(draft.templateId)))
      throw new ProviderError(
        'rejected',
        `A standard change needs the id of its template's request type (got ${JSON.stringify(draft.templateId)})`,
      );
    if (draft.plannedStart) dateOf('The planned start', draft.plannedStart);
    if (draft.plannedEnd) dateOf('The planned end', draft.plannedEnd);
    return { key, prefix };
  }

  /**
   * The create's values split in two: those the request type's form shows (sent with the
   * create, Service Desk formats) and the others (set afterwards with the platform API, text
   * as ADF). Fields a form presets (hidden) are left to the preset; fields the site lacks are left out.
   */
  private createValues(
    context: ChangeSiteContext,
    form: readonly RequestTypeField[],
    draft: ChangeDraft,
    service: Ref,
    template: ChangeTemplate | null,
    labels: { key: string; prefix: string },
  ): { onForm: Record<string, unknown>; later: Record<string, unknown> } {
    const { fields, typeValues } = context.map;
    const plans = template
      ? { implementationPlan: template.implementationPlan, backoutPlan: template.backoutPlan, testPlan: template.testPlan }
      : plansOf(draft);
    const summary = draft.shortDescription.trim();
    const wanted: [string | null, unknown, 'text' | 'value'][] = [
      ['summary', summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX - 1)}…` : summary, 'value'],
      ['description', describedDeployment(draft), 'text'],
      ['labels', [labels.key, labels.prefix], 'value'],
      [fields.changeType, { value: typeValues[draft.type] }, 'value'],
      [fields.affectedServices, [{ id: service.id }], 'value'],
      [fields.risk, template ? { value: RISK_VALUE[template.risk] } : undefined, 'value'],
      [fields.plannedStart, draft.plannedStart ? jiraDateTime(draft.plannedStart) : undefined, 'value'],
      [fields.plannedEnd, draft.plannedEnd ? jiraDateTime(draft.plannedEnd) : undefined, 'value'],
      [fields.implementationPlan, plans.implementationPlan || undefined, 'text'],
      [fields.backoutPlan, plans.backoutPlan || undefined, 'text'],
      [fields.testPlan, plans.testPlan || undefined, 'text'],
    ];
    const onForm: Record<string, unknown> = {};
    const later: Record<string, unknown> = {};
    for (const [fieldId, value, kind] of wanted) {
      if (!fieldId || value === undefined) continue;
      const field = form.find((item) => item.fieldId === fieldId);
      if (field && (field.visible === false || (field.presetValues?.length ?? 0) > 0)) continue;
      if (field) onForm[fieldId] = value;
      else later[fieldId] = kind === 'text' && typeof value === 'string' ? adfOf(value) : value;
    }
    return { onForm, later };
  }

  /**
   * Submits a change still in its first status: to an approval status (normal, emergency), or
   * (standard, when the site's automation did not already) to the scheduled one. A change past
   * that, or another pipeline's submission a moment earlier, is left as it is. Answers it as it is then.
   */
  private async submit(issue: ChangeIssue): Promise<ChangeIssue> {
    const context = await this.site.context();
    if (stateOfIssue(issue, context.map) !== 'new') return issue;
    const wanted: ChangeState = changeTypeOfIssue(issue, context.map) === 'standard' ? 'scheduled' : 'authorize';
    const transitions = await this.transitionsOf(issue.key);
    const transition = transitions.find((item) => context.map.rules.stateOf(item.to) === wanted);
    if (!transition) {
      // Another pipeline raising the same deployment submitted it a moment before: then it has left its first status.
      const fresh = await this.reads.readChange(issue.key);
      if (stateOfIssue(fresh, context.map) !== 'new') return fresh;
      throw new ProviderError(
        'rejected',
        `${PRODUCT} raised ${issue.key} but its workflow offers no transition from ${issue.fields.status.name} to ${wanted === 'authorize' ? 'an approval' : 'a scheduled'} status (allowed: ${describeTransitions(transitions)}); raise it again once the workflow allows it, or name the status in changes.statuses`,
      );
    }
    return this.runTransition(issue, transition, transitions, { carryOn: true });
  }

  /** The newest change raised for this key that is live (not closed or canceled), lowest key first; or null. */
  private async liveChangeFor(key: string): Promise<ChangeIssue | null> {
    const context = await this.site.context();
    const live = (await this.reads.readChanges({ key })).filter((issue) => {
      const state = stateOfIssue(issue, context.map);
      return state !== 'closed' && state !== 'canceled';
    });
    return live.sort((a, b) => Number(a.id) - Number(b.id))[0] ?? null;
  }

  /** Cancels a change raised twice at once, saying which one stands. */
  private async cancelDuplicate(duplicate: ChangeIssue, first: ChangeIssue): Promise<void> {
    const context = await this.site.context();
    await this.commentOnce(duplicate, `Raised twice at the same moment for one deployment: ${first.key} stands for it.`, false, null, 0);
    const transitions = await this.transitionsOf(duplicate.key);
    const cancel = transitions.find(
      (item) => context.map.rules.stateOf(item.to) === 'canceled' && !context.map.rules.isDeclined(item.to.name),
    );
    if (cancel) await this.runTransition(duplicate, cancel, transitions);
  }

  /** The service among the Affected services' values by name (case aside); a ProviderError naming the known ones otherwise. */
  private async serviceNamed(name: string): Promise<Ref> {
    const services = await this.listServices();
    const wanted = name.trim().toLowerCase();
    const found = services.find((service) => service.name.toLowerCase() === wanted || service.id === name.trim());
    if (found) return found;
    const known = services.map((service) => service.name);
    const more = known.length > NAMES_LISTED ? ` and ${known.length - NAMES_LISTED} more` : '';
    throw new ProviderError(
      'rejected',
      `${PRODUCT} has no service named "${name}" among the Affected services of its changes: ${known.length > 0 ? `its services are ${known.slice(0, NAMES_LISTED).join(', ')}${more}` : 'it offers none'}; name the service as ${PRODUCT} does, or add it to the services`,
    );
  }

  // ---- writing -----------------------------------------------------------------------------------

  private async transitionsOf(key: string): Promise<Transition[]> {
    const body = await this.client.request({
      method: 'GET',
      path: `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`,
      schema: Transitions,
      action: `read the transitions of ${key}`,
    });
    return body.transitions;
  }

  /** The next transition of a close: straight to the target status, else one step further along the path. */
  private closeStep(
    context: ChangeSiteContext,
    transitions: readonly Transition[],
    state: ChangeState,
    target: string,
  ): Transition | undefined {
    const direct = transitions.find((item) => item.to.name.toLowerCase() === target.toLowerCase());
    if (direct) return direct;
    const here = CLOSE_PATH.indexOf(state);
    return transitions
      .map((item) => ({ item, at: CLOSE_PATH.indexOf(context.map.rules.stateOf(item.to)) }))
      .filter(({ at }) => at > here)
      .sort((a, b) => a.at - b.at)[0]?.item;
  }

  /**
   * Runs a transition and answers the change as it is then. JSM's 400 (the transition is not
   * valid from where the change now is) reads the change again: with `carryOn`, a change
   * someone else moved on is answered as it is; otherwise the refusal is JSM's words, where
   * the change is now and what it allows from there.
   */
  private async runTransition(
    issue: ChangeIssue,
    transition: Transition,
    offered: readonly Transition[],
    options: { carryOn?: boolean } = {},
  ): Promise<ChangeIssue> {
    const from = issue.fields.status.name;
    try {
      await this.client.request({
        method: 'POST',
        path: `/rest/api/3/issue/${encodeURIComponent(issue.key)}/transitions`,
        body: { transition: { id: transition.id } },
        schema: NoContent,
        action: `move ${issue.key} from ${from} to ${transition.to.name} ("${transition.name}")`,
        forbiddenHint: `${this.email} needs the "Transition issues" permission on ${issue.key}`,
      });
    } catch (error) {
      if (!(error instanceof JsmRefusal) || (error.status !== 400 && error.status !== 409)) throw error;
      const fresh = await this.reads.readChange(issue.key).catch(() => issue);
      const moved = fresh.fields.status.name !== from;
      const context = await this.site.context();
      const state = stateOfIssue(fresh, context.map);
      if (options.carryOn && moved && state !== 'canceled') return fresh;
      const allowed = await this.transitionsOf(fresh.key).catch(() => offered);
      throw new ProviderError(
        'rejected',
        `${PRODUCT} refused to move ${issue.key} from ${from} to ${transition.to.name} (${error.status}: ${error.vendorMessage || 'no reason given'}); ${moved ? `it is ${fresh.fields.status.name} now, ` : ''}allowed from there: ${describeTransitions(allowed)}`,
        error.status,
      );
    }
    return { ...issue, fields: { ...issue.fields, status: transition.to } };
  }

  /** Adds a comment unless the same text is there already (since `since`, by `authorId` when given): a replay writes it once. */
  private async commentOnce(issue: ChangeIssue, body: string, isPublic: boolean, authorId: string | null, since: number): Promise<void> {
    const comments = await this.reads.readComments(issue.key);
    const there = comments.some(
      (comment) =>
        comment.body.trim() === body &&
        comment.created.epochMillis >= since &&
        (authorId === null || comment.author?.accountId === authorId),
    );
    if (there) return;
    await this.client.request({
      method: 'POST',
      path: `/rest/servicedeskapi/request/${encodeURIComponent(issue.key)}/comment`,
      body: { body, public: isPublic },
      schema: SdComment,
      action: `comment on ${issue.key}`,
      forbiddenHint: `${this.email} needs the "Add comments" permission on ${issue.key}`,
    });
  }
}
