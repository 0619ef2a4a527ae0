/**
 * The ServiceNow implementation of the engine's ChangeSystem port
 * (engine/ports/change-system.ts), over the Change Management API (sn_chg_rest) and the
 * Table API (the service's CI in cmdb_ci_service, approval records in sysapproval_approver,
 * the standard change catalog's proposals, catalogs and categories, people in sys_user), on
 * the same client, configuration and transport as the ServiceNow ticketing provider. Sources: /work/notes/servicenow-change-api.md ("note §n"); how
 * records map: change-mapper.ts.
 *
 * Requests per method:
 * - listTemplates: GET /change/standard/template (paged with sysparm_offset), then GET
 *   std_change_template?sysparm_query=sys_idIN<their templates> (the CI, risk and plans are
 *   in its encoded query, note §5); the proposals: GET std_change_proposal for the open ones
 *   (active, type New, state New or Work in progress) and for the ones that published the
 *   templates' versions (std_change_producer_versionIN...), then their approval records
 *   (sysapproval_approver?sysparm_query=sysapprovalIN...); then GET cmdb_ci_service to name
 *   the CIs (or to find a template's service by its name when it sets no CI). An instance
 *   that does not let the integration user read proposals lists the published templates alone.
 * - proposeTemplate (note §5; ServiceNow documents proposing in the UI only, so this is the
 *   Table API doing what the form does): GET cmdb_ci_service by name, GET sc_catalog by title
 *   ("Standard Change Catalog") and its active sc_category records, POST
 *   std_change_proposal {template_name, short_description, template_value (the change
 *   fields as an encoded query), catalog, category, assignment_group}, then "Request
 *   Approval": PATCH {state: 2 (Work in progress: the docs' "In Progress"), approval:
 *   requested} (the docs do not say which the proposal flow watches; both are sent).
 * - decideTemplate: GET std_change_proposal/{sys_id}; GET sys_user by email (with an
 *   approver); GET its requested sysapproval_approver record (the approver's, or the
 *   signed-in user's: approver=javascript:gs.getUserID()); PATCH it {state, comments};
 *   then the templates again (approved: the published template, which has its own sys_id).
 * - findChanges: with a service, GET cmdb_ci_service?sysparm_query=name=<service> first;
 *   then GET /change?sysparm_query=correlation_id=<key>^cmdb_ciIN<its CIs>^
 *   sys_updated_on>=<since>^ORDERBYsys_created_on (paged; the trailing __meta element is
 *   skipped), then GET sysapproval_approver?sysparm_query=sysapprovalIN<ids> for the ones
 *   being approved or decided (one read per 50 changes).
 * - getChange: GET /change/{sys_id}, or GET /change?sysparm_query=number=<CHG...>; then
 *   its approvers, or (when its conflict_status says Conflict and no approvers are read) its
 *   conflicts, GET /change/{sys_id}/conflict: at most two requests, as the gate reads a
 *   change the pipeline names this way. findChanges never reads conflicts: the gate's read of
 *   a version's changes stays one request (two when one of them is being approved).
 * - raiseChange: findChanges({key}); a live (not canceled) change found is completed and
 *   returned (no POST). Else GET cmdb_ci_service?sysparm_query=name=<service>, then POST
 *   /change/normal | /change/emergency | /change/standard/{templateId}, then (standard) a
 *   PATCH with the deployment work note, then a PATCH of the state that submits it:
 *   normal to Assess (approvals are requested on entering Assess, note §4.3), emergency to
 *   Authorize (its first approval state, note §4.2), standard to Scheduled (pre-approved,
 *   it skips Assess and Authorize, note §4.2/§4.3). A normal or emergency change is assessed
 *   just before it is submitted, so its approvers see the outcome (change-conflicts.ts):
 *   PATCH /change/{sys_id}/risk, POST /change/{sys_id}/conflict, GET /change/{sys_id}/conflict.
 *   A live change found for the key has its conflicts read when conflict_status says Conflict.
 * - decideChange: PATCH /change/{sys_id}/approvals {"state":"approved"} or
 *   {"state":"rejected","comments":...} (note §4.5), as the signed-in user. On a person's
 *   behalf (an approver given): GET sys_user by email, GET that person's requested
 *   sysapproval_approver record for the change, PATCH it through the Table API {state,
 *   comments} (what several clients do, note §4.5; the integration user needs the right to
 *   decide others' approvals, e.g. approval_admin), then GET /change/{sys_id}.
 * - moveChange: PATCH /change/{sys_id} {"state":"<value>"} (numeric strings, note §4.1).
 * - closeChange: from Implement a PATCH to Review first, then one PATCH with state 3,
 *   close_code and close_notes together (note §2.2: both are mandatory on Closed).
 *
 * Refusals (any non-2xx with ServiceNow's error body) are the client's ServiceNowRefusal
 * with ServiceNow's message verbatim, prefixed with what the console was doing.
 */
import type { z } from 'zod';
import {
  CHANGE_STATE_LABEL,
  isFinalChangeState,
  type ChangeRequest,
  type ChangeState,
  type ChangeTemplate,
  type ChangeType,
} from '../../../shared/domain/change';
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
import { chunk } from '../http/bounded-concurrency';
import { describedDeployment } from '../change-record/deployment-block';
import { ChangeAssessment, hasConflicts } from './change-conflicts';
import type { QueryParams } from '../http/transport';
import {
  approvalNotRequested,
  CHANGE_STATE_VALUE,
  CHANGE_SYSTEM_ID,
  changeStateOf,
  changeTypeOf,
  hasDeploymentBlock,
  publishedBy,
  templateServiceOf,
  templateValueOf,
  templateValues,
  toChangeRequest,
  toChangeTemplate,
  toProposedTemplate,
  wantsApprovers,
} from './change-mapper';
import {
  APPROVER_DISPLAY_ALL,
  PROPOSAL_DISPLAY_ALL,
  SnApproverEnvelope,
  SnApproverList,
  SnChangeEnvelope,
  SnChangeList,
  SnProposalEnvelope,
  SnProposalList,
  SnTemplateList,
  SnTemplateValuesList,
  SnTitledList,
  type SnApprover,
  type SnChange,
  type SnConflict,
  type SnProposal,
  type SnTemplate,
} from './change-schemas';
import { validateConfig, type ServiceNowConfig } from './config';
import { glideFromMs } from './mapper';
import { fieldsOf, SnCiList, SnUserList, type SnUser } from './schemas';
import { ServiceNowClient, ServiceNowRefusal, SYS_ID } from './servicenow-client';

const CHANGE_API = '/api/sn_chg_rest/change';
const TEMPLATE_API = `${CHANGE_API}/standard/template`;
const SERVICE_TABLE = '/api/now/table/cmdb_ci_service';
const TEMPLATE_TABLE = '/api/now/table/std_change_template';
const APPROVER_TABLE = '/api/now/table/sysapproval_approver';
const PROPOSAL_TABLE = '/api/now/table/std_change_proposal';
const USER_TABLE = '/api/now/table/sys_user';
const CATALOG_TABLE = '/api/now/table/sc_catalog';
const CATEGORY_TABLE = '/api/now/table/sc_category';
/** The catalog standard change templates are published in: its out-of-box title (docs: Change > Standard Change > Standard Change Catalog). */
const STANDARD_CHANGE_CATALOG = 'Standard Change Catalog';
/** Proposal states (OOB StdChangeUtilsSNC, note §5). */
const PROPOSAL_STATE = { new: '1', workInProgress: '2', closed: '3', cancelled: '4' } as const;
/** correlation_display on the changes the console raises. */
const CORRELATION_DISPLAY = 'oncall-console';
/** Any paged read stops after this many pages. */
const MAX_PAGES = 100;
/** Change sys_ids per `sysapprovalIN` query. */
const IDS_PER_QUERY = 50;
/** Service names listed in an unknown-service refusal. */
const NAMES_LISTED = 50;
/** A change number or another plain id. */
const PLAIN_ID = /^[A-Za-z0-9_.-]+$/;

/** A normal or emergency change someone approved (a standard one was approved once, with its template). */
function wasApproved(change: SnChange): boolean {
  return change.approval.value.trim().toLowerCase() === 'approved' && change.type.value.trim().toLowerCase() !== 'standard';
}

/** The state that submits a new change: asks for its approvals, or (standard) schedules it. */
const SUBMIT_STATE: Record<ChangeType, ChangeState> = { normal: 'assess', emergency: 'authorize', standard: 'scheduled' };

/** The fields a create must set that ServiceNow may ignore (__meta.ignoredFields) and a later PATCH can still set. */
const RESTORABLE = ['correlation_id', 'correlation_display', 'cmdb_ci', 'start_date', 'end_date'] as const;

export interface ServiceNowChangeSystem extends ChangeSystem {
  /** The instance's business services (cmdb_ci_service): what a change's service is. */
  listServices(): Promise<Ref[]>;
}

/**
 * Where the console's template proposals are filed. ServiceNow's docs leave the catalog and
 * category to the proposer, so they are settings: the catalog by title (default the
 * out-of-box "Standard Change Catalog"), the category by title (default: the catalog's only
 * active category; with several, proposing says which there are and asks for one).
 */
interface TemplateFiling {
  standardChangeCatalog?: string;
  standardChangeCategory?: string;
}

export function createServiceNowChangeSystem(config: ServiceNowConfig, filing: TemplateFiling = {}): ServiceNowChangeSystem {
  validateConfig(config);
  return new ServiceNowChanges(new ServiceNowClient(config), config.pageSize ?? 100, filing);
}

/** A value for an encoded query: no `^` (the separator) and no line break; a ProviderError otherwise. */
function queryValue(what: string, value: string): string {
  const text = value.trim();
  if (!text || /[\^\r\n]/.test(text))
    throw new ProviderError('rejected', `${what} "${value}" cannot be searched for in ServiceNow (empty, or has ^ or a line break)`);
  return text;
}

/** An ISO time as the UTC "YYYY-MM-DD HH:MM:SS" ServiceNow stores and compares; a ProviderError when it is not a time. */
function glideOf(what: string, iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new ProviderError('rejected', `${what} "${iso}" is not a date-time (ISO 8601, e.g. 2026-12-06T14:00:00Z)`);
  return glideFromMs(ms);
}

/**
 * The plans of a normal or emergency change, from the deployment (the draft has none of its
 * own; a standard change takes its template's): what is deployed and how, how to back it
 * out, how it is checked.
 */
function plansOf(draft: ChangeDraft): Record<string, string> {
  const { service, deployment } = draft;
  return {
    implementation_plan: `Deploy ${service.name} ${deployment.version} (commit ${deployment.commit}) through its pipeline${deployment.runUrl ? `: ${deployment.runUrl}` : ''}.`,
    backout_plan: `Redeploy the previous version of ${service.name} through its pipeline.`,
    test_plan: `The pipeline's checks, then ${service.name}'s monitoring and alerts after the deployment.`,
  };
}

/** A refusal with what the console was doing in front of ServiceNow's own message; other errors pass through. */
function refused(error: unknown, doing: string): unknown {
  if (!(error instanceof ServiceNowRefusal)) return error;
  return new ServiceNowRefusal(
    error.kind === 'auth' ? 'auth' : 'rejected',
    `${doing}: ${error.message}`,
    error.status ?? 0,
    error.vendorMessage,
    error.vendorDetail,
  );
}

/**
 * A refusal in ServiceNow's own words alone (what it said, the detail when the message is
 * the Table API's generic "Operation Failed"), for refusals the console shows where the user
 * typed; credential failures keep the console's advice. Other errors pass through.
 */
function inVendorWords(error: unknown): unknown {
  if (!(error instanceof ServiceNowRefusal) || error.kind === 'auth') return error;
  const message = error.vendorMessage.trim();
  const detail = error.vendorDetail.trim();
  const words = (message === '' || message === 'Operation Failed') && detail ? detail : [message, detail].filter(Boolean).join(': ');
  return new ServiceNowRefusal('rejected', words || error.message, error.status ?? 0, error.vendorMessage, error.vendorDetail);
}

/** A rejection needs words (ServiceNow requires comments to reject, note §4.5). */
function checkDecision(decision: 'approved' | 'rejected', comment: string): void {
  if (decision === 'rejected' && !comment.trim())
    throw new ProviderError('rejected', 'A rejection needs a comment saying why (ServiceNow requires one)');
}

/** The proposal that published this template's current version, when it was read. */
function publishingProposal(template: SnTemplate, proposals: readonly SnProposal[]): SnProposal | undefined {
  const version = template.current_version.value;
  return version ? proposals.find((proposal) => proposal.std_change_producer_version.value === version) : undefined;
}

function isTransient(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'transient';
}

interface ServiceCi {
  sysId: string;
  name: string;
  supportGroup: string;
}

/** A change as raising left it, with the records of the conflict check raising ran (null: none ran, or its outcome is unknown). */
interface Raised {
  change: SnChange;
  conflicts: SnConflict[] | null;
}

class ServiceNowChanges implements ServiceNowChangeSystem {
  readonly label = 'ServiceNow';
  readonly system = CHANGE_SYSTEM_ID;
  private readonly instanceUrl: string;
  private readonly assessment: ChangeAssessment;

  constructor(
    private readonly client: ServiceNowClient,
    private readonly pageSize: number,
    private readonly filing: TemplateFiling,
  ) {
    this.instanceUrl = client.instanceUrl;
    this.assessment = new ChangeAssessment(client);
  }

  async listServices(): Promise<Ref[]> {
    const services = await this.pages(
      SERVICE_TABLE,
      [
        ['sysparm_query', 'ORDERBYname'],
        ['sysparm_fields', 'sys_id,name'],
        ['sysparm_exclude_reference_link', 'true'],
      ],
      SnCiList,
    );
    return services.map((service) => ({ id: service.sys_id, name: service.name }));
  }

  async listTemplates(): Promise<ChangeTemplate[]> {
    return (await this.readTemplates()).map((entry) => entry.template);
  }

  async proposeTemplate(draft: TemplateDraft): Promise<ChangeTemplate> {
    const ci = await this.serviceCi(draft.service.name);
    const { catalog, category } = await this.templateFiling();
    const name = draft.name.trim();
    const body = {
      template_name: name,
      short_description: name,
      template_value: templateValueOf({
        name,
        scope: draft.scope.trim(),
        risk: draft.risk,
        implementationPlan: draft.implementationPlan.trim(),
        backoutPlan: draft.backoutPlan.trim(),
        testPlan: draft.testPlan.trim(),
        ciSysId: ci.sysId,
        assignmentGroup: ci.supportGroup,
      }),
      catalog,
      category,
      proposal_type: '1',
      ...(ci.supportGroup ? { assignment_group: ci.supportGroup } : {}),
    };
    let proposal: SnProposal;
    try {
      ({
        body: { result: proposal },
      } = await this.client.request({
        method: 'POST',
        path: PROPOSAL_TABLE,
        query: PROPOSAL_DISPLAY_ALL,
        body,
        schema: SnProposalEnvelope,
        idempotent: false,
      }));
    } catch (error) {
      throw inVendorWords(error);
    }
    const number = proposal.number.value;
    try {
      ({
        body: { result: proposal },
      } = await this.client.request({
        method: 'PATCH',
        path: `${PROPOSAL_TABLE}/${proposal.sys_id}`,
        query: PROPOSAL_DISPLAY_ALL,
        body: { state: PROPOSAL_STATE.workInProgress, approval: 'requested' },
        schema: SnProposalEnvelope,
      }));
    } catch (error) {
      const words = inVendorWords(error);
      throw words instanceof ServiceNowRefusal
        ? refused(words, `ServiceNow saved proposal ${number} but would not send it for approval`)
        : words;
    }
    return toProposedTemplate(proposal, [], [{ id: ci.sysId, name: ci.name }], this.instanceUrl);
  }

  async decideTemplate(
    templateId: string,
    decision: 'approved' | 'rejected',
    comment: string,
    approver?: Approver,
  ): Promise<ChangeTemplate> {
    checkDecision(decision, comment);
    const proposal = await this.readProposal(templateId);
    const number = proposal.number.value || proposal.sys_id;
    const state = proposal.state.value.trim();
    if (state === PROPOSAL_STATE.cancelled)
      throw new ProviderError('rejected', `Template proposal ${number} was cancelled in ServiceNow: propose the template again`);
    const who = approver ? await this.userByEmail(approver) : null;
    const [row] = state === PROPOSAL_STATE.closed ? [] : await this.requestedApprovals(proposal.sys_id, who);
    if (!row) {
      // Decided already (a replay after an unclear failure): answer the outcome when it is the same decision.
      const current = (await this.readTemplates()).find(
        (entry) => entry.proposalId === proposal.sys_id && entry.template.state !== 'proposed',
      );
      if (current && current.template.state === decision) return current.template;
      throw new ProviderError(
        'rejected',
        state === PROPOSAL_STATE.closed
          ? `Template proposal ${number} was approved and published already: it cannot be ${decision} now`
          : `${who ? who.name || approver?.name : 'The signed-in ServiceNow user'} has no approval requested on template proposal ${number}${state === PROPOSAL_STATE.new ? ' (it is not sent for approval: it is New)' : ''}`,
      );
    }
    await this.decideApprovalRecord(row, decision, comment, `template proposal ${number}`, approver);
    const entries = await this.readTemplates();
    const decided =
      entries.find((entry) => entry.proposalId === proposal.sys_id && entry.template.id !== proposal.sys_id) ??
      entries.find((entry) => entry.template.id === proposal.sys_id);
    if (!decided)
      throw new ProviderError('rejected', `ServiceNow recorded the decision on ${number} but no longer lists the proposal or its template`);
    return decided.template;
  }

  async findChanges(filter: ChangeFilter): Promise<ChangeRequest[]> {
    return this.mapped(await this.readChanges(filter), filter.withApprovals === true);
  }

  async getChange(numberOrId: string): Promise<ChangeRequest> {
    const change = await this.readChange(numberOrId);
    // The gate reads a change the pipeline names here: its conflicts are read only when no approvers are (two requests at most).
    const conflicts = hasConflicts(change) && !wantsApprovers(change) ? await this.assessment.readConflicts(change) : null;
    return this.mappedOne(change, conflicts);
  }

  async raiseChange(draft: ChangeDraft): Promise<ChangeRequest> {
    this.checkDraft(draft);
    const existing = await this.liveChangeFor(draft.key);
    if (existing) return this.mappedRaised(await this.complete(existing, draft, {}));
    const ci = await this.serviceCi(draft.service.name);
    const body = this.createBody(draft, ci);
    let created: SnChange & { __meta?: { ignoredFields?: string[] | null } | null };
    try {
      ({
        body: { result: created },
      } = await this.client.request({
        method: 'POST',
        path: this.createPath(draft),
        body,
        schema: SnChangeEnvelope,
        idempotent: false,
      }));
    } catch (error) {
      // The answer was lost, not the change, perhaps: look once more before failing.
      if (isTransient(error)) {
        const found = await this.liveChangeFor(draft.key).catch(() => null);
        if (found) return this.mappedRaised(await this.complete(found, draft, {}));
      }
      if (error instanceof ServiceNowRefusal && error.status === 404 && draft.type === 'standard')
        throw refused(
          error,
          `ServiceNow has no standard change template ${draft.templateId} (list the templates again: it may have been retired)`,
        );
      throw refused(error, `Could not raise a ${draft.type} change for ${draft.service.name} ${draft.deployment.version}`);
    }
    const ignored = new Set(created.__meta?.ignoredFields ?? []);
    const restore: Record<string, string> = {};
    for (const field of RESTORABLE) if (ignored.has(field) && body[field]) restore[field] = body[field];
    // Two pipelines raising the same deployment at once both found none and both created one:
    // the first by number stays, the other cancels its own (ServiceNow has no unique key to stop it).
    const first = await this.liveChangeFor(draft.key);
    if (first && first.sys_id !== created.sys_id) {
      await this.patchState(created, 'canceled', {
        work_notes: `Raised twice at the same moment for one deployment: ${first.number.value} stands for it.`,
      }).catch(() => undefined);
      return this.mappedRaised(await this.complete(first, draft, {}));
    }
    return this.mappedRaised(await this.complete(created, draft, restore));
  }

  async decideChange(changeId: string, decision: 'approved' | 'rejected', comment: string, approver?: Approver): Promise<ChangeRequest> {
    checkDecision(decision, comment);
    const change = await this.readChange(changeId);
    const number = change.number.value;
    if (approver) {
      const user = await this.userByEmail(approver);
      const [row] = await this.requestedApprovals(change.sys_id, user);
      if (!row)
        throw new ProviderError(
          'rejected',
          `${user.name || approver.name} has no approval requested on ${number} (${change.state.display || CHANGE_STATE_LABEL[changeStateOf(change.state)]}, approval ${change.approval.display || change.approval.value || 'not requested'})`,
        );
      await this.decideApprovalRecord(row, decision, comment, number, approver);
      return this.mappedOne(await this.readChange(change.sys_id));
    }
    try {
      const { body } = await this.client.request({
        method: 'PATCH',
        path: `${CHANGE_API}/${change.sys_id}/approvals`,
        body: decision === 'approved' ? { state: 'approved' } : { state: 'rejected', comments: comment.trim() },
        schema: SnChangeEnvelope,
        // A second decision after an unclear failure would be refused as a duplicate: only 429s are retried.
        idempotent: false,
      });
      return this.mappedOne(body.result);
    } catch (error) {
      throw refused(error, `Could not ${decision === 'approved' ? 'approve' : 'reject'} ${number}`);
    }
  }

  async moveChange(changeId: string, to: ChangeState): Promise<ChangeRequest> {
    if (to === 'closed')
      throw new ProviderError('rejected', 'Closing a change needs a close code and notes: close it (closeChange) rather than move it');
    const change = await this.readChange(changeId);
    if (changeStateOf(change.state) === to) return this.mappedOne(change);
    return this.mappedOne(await this.patchState(change, to, {}));
  }

  async closeChange(
    changeId: string,
    close: { code: 'successful' | 'successful_issues' | 'unsuccessful'; notes: string },
  ): Promise<ChangeRequest> {
    if (!close.notes.trim()) throw new ProviderError('rejected', 'Closing a change needs close notes (ServiceNow requires them)');
    let change = await this.readChange(changeId);
    const number = change.number.value;
    const state = changeStateOf(change.state);
    if (state === 'closed') return this.mappedOne(change);
    if (state === 'canceled') throw new ProviderError('rejected', `${number} was canceled: a canceled change is not closed`);
    // The pipeline closes after deploying: a Scheduled change was implemented, so it goes through Implement and Review.
    if (state === 'scheduled') change = await this.patchState(change, 'implement', {});
    if (state === 'scheduled' || state === 'implement') change = await this.patchState(change, 'review', {});
    else if (state !== 'review')
      throw new ProviderError(
        'rejected',
        `${number} is in ${change.state.display || CHANGE_STATE_LABEL[state]}: only an approved change (Scheduled, Implement or Review) is closed; cancel this one instead`,
      );
    return this.mappedOne(await this.patchState(change, 'closed', { close_code: close.code, close_notes: close.notes.trim() }));
  }

  // ---- raising -------------------------------------------------------------------------

  private checkDraft(draft: ChangeDraft): void {
    queryValue('The change key', draft.key);
    if (draft.key.length > 100)
      throw new ProviderError('rejected', `The change key "${draft.key}" is longer than correlation_id's 100 characters`);
    queryValue('The service name', draft.service.name);
    if (!draft.deployment.version.trim() || !draft.deployment.commit.trim())
      throw new ProviderError('rejected', "A change needs the deployment's version and commit");
    if (draft.type === 'standard' && !(draft.templateId && PLAIN_ID.test(draft.templateId)))
      throw new ProviderError('rejected', `A standard change needs the id of its template (got ${JSON.stringify(draft.templateId)})`);
    if (draft.plannedStart) glideOf('The planned start', draft.plannedStart);
    if (draft.plannedEnd) glideOf('The planned end', draft.plannedEnd);
  }

  private createPath(draft: ChangeDraft): string {
    return draft.type === 'standard' ? `${CHANGE_API}/standard/${draft.templateId}` : `${CHANGE_API}/${draft.type}`;
  }

  /**
   * The create request's fields. A standard change gets neither description nor plans (POST
   * /change/standard/{id} ignores them, note §5): its deployment block goes into a work note
   * afterwards (see complete), which a standard change accepts (Octopus writes its
   * deployment notes there, note §7); nor an assignment group (what it sends overrides the
   * template's values, and the template's group is the one it was approved with). For
   * normal and emergency changes the CI's support group becomes the assignment group
   * (Assess, Authorize and Scheduled need one, note §2.2).
   */
  private createBody(draft: ChangeDraft, ci: ServiceCi): Record<string, string> {
    const body: Record<string, string> = {
      short_description: draft.shortDescription,
      cmdb_ci: ci.sysId,
      correlation_id: draft.key,
      correlation_display: CORRELATION_DISPLAY,
    };
    if (ci.supportGroup && draft.type !== 'standard') body.assignment_group = ci.supportGroup;
    if (draft.plannedStart) body.start_date = glideOf('The planned start', draft.plannedStart);
    if (draft.plannedEnd) body.end_date = glideOf('The planned end', draft.plannedEnd);
    if (draft.type !== 'standard') Object.assign(body, { description: describedDeployment(draft) }, plansOf(draft));
    return body;
  }

  /**
   * Finishes a change raised for `draft` (just created, or found again for the same key):
   * sets the fields the create ignored (`restore`), writes the deployment block when the
   * change does not carry it yet (a standard change's work note; a normal or emergency
   * change's description), and submits it when it is still New and never asked for
   * approval, a normal or emergency change after its risk and conflicts are assessed. A
   * replay after any step failed picks up where it stopped; a change rejected back to New
   * is not resubmitted.
   */
  private async complete(change: SnChange, draft: ChangeDraft, restore: Record<string, string>): Promise<Raised> {
    let current = change;
    let conflicts: SnConflict[] | null = null;
    const number = current.number.value;
    const state = changeStateOf(current.state);
    if (state === 'closed' || state === 'canceled') return { change: current, conflicts };
    const type = changeTypeOf(current.type);
    const fields: Record<string, string> = { ...restore };
    if (!hasDeploymentBlock(current)) {
      if (type === 'standard') fields.work_notes = describedDeployment(draft);
      else fields.description = describedDeployment(draft);
    }
    if (Object.keys(fields).length > 0) {
      let ignored: string[];
      try {
        const { body } = await this.client.request({
          method: 'PATCH',
          path: `${CHANGE_API}/${current.sys_id}`,
          body: fields,
          schema: SnChangeEnvelope,
          // A work note is appended: sent again only when ServiceNow certainly did nothing (429).
          idempotent: !('work_notes' in fields),
        });
        current = body.result;
        ignored = body.result.__meta?.ignoredFields ?? [];
      } catch (error) {
        throw refused(
          error,
          `ServiceNow raised ${number} but refused to record the deployment on it (${Object.keys(fields).join(', ')}); raise it again to retry`,
        );
      }
      if (ignored.includes('correlation_id'))
        throw new ProviderError(
          'rejected',
          `ServiceNow raised ${number} but will not store the deployment's key in correlation_id (ignored: read-only for the integration user, or restricted on ${type} changes), so raising this deployment again would raise a second change: use ${number} for this deployment, and let the integration user set correlation_id`,
        );
    }
    if (changeStateOf(current.state) === 'new' && approvalNotRequested(current.approval)) {
      if (type !== 'standard') ({ change: current, conflicts } = await this.assess(current));
      try {
        current = await this.patchState(current, SUBMIT_STATE[type], {}, `ServiceNow raised ${number} but refused to submit it`);
      } catch (error) {
        // Another pipeline raising the same deployment submitted it a moment before: then it has left New.
        const now = await this.readChange(current.sys_id).catch(() => null);
        if (!now || changeStateOf(now.state) === 'new') throw error;
        current = now;
      }
    }
    return { change: current, conflicts };
  }

  /** The change's risk calculated and a conflict check run (change-conflicts.ts); what the instance does not do is left unknown. */
  private async assess(change: SnChange): Promise<Raised> {
    try {
      const assessed = await this.assessment.calculateRisk(change);
      return { change: assessed, conflicts: await this.assessment.checkConflicts(assessed) };
    } catch (error) {
      throw refused(error, `ServiceNow raised ${change.number.value} but would not assess its risk and conflicts; raise it again to retry`);
    }
  }

  /** A raised change as the console's: with the conflicts raising found, else read when its conflict_status says Conflict. */
  private async mappedRaised(raised: Raised): Promise<ChangeRequest> {
    const { change } = raised;
    const conflicts = raised.conflicts ?? (hasConflicts(change) ? await this.assessment.readConflicts(change) : null);
    return this.mappedOne(change, conflicts);
  }

  /** The newest change raised for this key that is not canceled (a canceled one is raised anew), or null. */
  private async liveChangeFor(key: string): Promise<SnChange | null> {
    const changes = await this.readChanges({ key });
    // A closed or canceled change is done with: the deployment asked again (a re-run) needs a new one.
    // Of several live ones (raised at the same moment), the first by number: every caller picks the same.
    const live = changes.filter((change) => !isFinalChangeState(changeStateOf(change.state)));
    return live.sort((a, b) => a.number.value.localeCompare(b.number.value))[0] ?? null;
  }

  /** The business services (cmdb_ci_service) with this name, oldest first. */
  private async servicesNamed(name: string): Promise<ServiceCi[]> {
    const { body } = await this.client.request({
      method: 'GET',
      path: SERVICE_TABLE,
      query: [
        ['sysparm_query', `name=${queryValue('The service name', name)}^ORDERBYsys_created_on`],
        ['sysparm_fields', fieldsOf(SnCiList)],
        ['sysparm_exclude_reference_link', 'true'],
        ['sysparm_limit', IDS_PER_QUERY],
      ],
      schema: SnCiList,
    });
    return body.result.map((ci) => ({ sysId: ci.sys_id, name: ci.name, supportGroup: ci.support_group }));
  }

  /** The service's CI in cmdb_ci_service by its name; a ProviderError listing the known names when there is none. */
  private async serviceCi(name: string): Promise<ServiceCi> {
    const [ci] = await this.servicesNamed(name);
    if (ci) return ci;
    const known = (await this.listServices()).map((service) => service.name);
    const listed = known.slice(0, NAMES_LISTED).join(', ');
    const more = known.length > NAMES_LISTED ? ` and ${known.length - NAMES_LISTED} more` : '';
    throw new ProviderError(
      'rejected',
      `ServiceNow has no business service (cmdb_ci_service) named "${name}": ${known.length > 0 ? `its services are ${listed}${more}` : 'it has no services the integration user can read'}; name the service as ServiceNow does, or add it to the CMDB`,
    );
  }

  // ---- reading and writing changes ---------------------------------------------------

  /**
   * The changes a filter selects. The service is found by name in cmdb_ci_service first and
   * its CIs' sys_ids queried (`cmdb_ciIN...`) rather than dot-walking `cmdb_ci.name=`: an
   * encoded query part the instance cannot apply is ignored, not refused (note §3.2), and
   * a dropped service condition must not hand the gate every service's changes. For the
   * same reason every condition is checked again on the answer.
   */
  private async readChanges(filter: ChangeFilter): Promise<SnChange[]> {
    const parts: string[] = [];
    const key = filter.key !== undefined ? queryValue('The change key', filter.key) : null;
    if (key !== null) parts.push(`correlation_id=${key}`);
    // A service's changes for one version: the console's keys start alike, so one read finds them (the gate's path).
    const prefix =
      filter.serviceName !== undefined && filter.version !== undefined
        ? queryValue('The change key', changeKeyPrefix(filter.serviceName, filter.version))
        : null;
    if (prefix !== null) parts.push(`correlation_idSTARTSWITH${prefix}`);
    let ciIds: Set<string> | null = null;
    if (filter.serviceName !== undefined && prefix === null) {
      ciIds = new Set((await this.servicesNamed(filter.serviceName)).map((ci) => ci.sysId));
      if (ciIds.size === 0) return [];
      parts.push(`cmdb_ciIN${[...ciIds].join(',')}`);
    }
    const since = filter.since !== undefined ? glideOf('since', filter.since) : null;
    if (since !== null) parts.push(`sys_updated_on>=${since}`);
    parts.push('ORDERBYsys_created_on');
    const changes = await this.pages(CHANGE_API, [['sysparm_query', parts.join('^')]], SnChangeList);
    return changes.filter(
      (change) =>
        (key === null || change.correlation_id.value === key) &&
        (prefix === null || change.correlation_id.value.startsWith(prefix)) &&
        (ciIds === null || ciIds.has(change.cmdb_ci.value)) &&
        (since === null || change.sys_updated_on.value >= since),
    );
  }

  /**
   * The field values of these std_change_templates (Table API), by sys_id. An instance
   * that does not let the integration user read the table (403, 404) leaves them out:
   * templates are then read from their producers alone.
   */
  private async templateValues(ids: string[]): Promise<Map<string, Record<string, string>>> {
    const values = new Map<string, Record<string, string>>();
    try {
      for (const group of chunk([...new Set(ids)], IDS_PER_QUERY)) {
        const rows = await this.pages(
          TEMPLATE_TABLE,
          [
            ['sysparm_query', `sys_idIN${group.join(',')}`],
            ['sysparm_fields', 'sys_id,template'],
            ['sysparm_exclude_reference_link', 'true'],
          ],
          SnTemplateValuesList,
        );
        for (const row of rows) values.set(row.sys_id, templateValues(row.template));
      }
    } catch (error) {
      if (error instanceof ServiceNowRefusal && (error.status === 403 || error.status === 404)) return values;
      throw error;
    }
    return values;
  }

  /** One change by sys_id or number; a ProviderError 404 when there is none. */
  private async readChange(numberOrId: string): Promise<SnChange> {
    const id = numberOrId.trim();
    if (SYS_ID.test(id)) {
      const { result } = await this.client.readRecord(
        CHANGE_API,
        id,
        [],
        SnChangeEnvelope,
        `ServiceNow has no change ${id} (404): it was deleted, or the integration user cannot read it (it needs sn_change_read or itil)`,
      );
      return result;
    }
    if (!PLAIN_ID.test(id)) throw new ProviderError('rejected', `"${numberOrId}" is not a ServiceNow change number (CHG0030001) or sys_id`);
    const { body } = await this.client.request({
      method: 'GET',
      path: CHANGE_API,
      query: [['sysparm_query', `number=${id}`]],
      schema: SnChangeList,
    });
    // Only the change with this number: a query part the instance ignored must not hand back another.
    const change = body.result.find((candidate) => candidate.number.value.toUpperCase() === id.toUpperCase());
    if (!change)
      throw new ProviderError(
        'rejected',
        `ServiceNow has no change ${id} (404): check the number, or whether the integration user can read it (it needs sn_change_read or itil)`,
        404,
      );
    return change;
  }

  /** PATCHes the change's state (with `extra` fields in the same request) and answers with the change as it is then. */
  private async patchState(change: SnChange, to: ChangeState, extra: Record<string, string>, doing?: string): Promise<SnChange> {
    const number = change.number.value;
    const from = change.state.display || CHANGE_STATE_LABEL[changeStateOf(change.state)];
    let updated: SnChange & { __meta?: { ignoredFields?: string[] | null } | null };
    try {
      ({
        body: { result: updated },
      } = await this.client.request({
        method: 'PATCH',
        path: `${CHANGE_API}/${change.sys_id}`,
        body: { state: CHANGE_STATE_VALUE[to], ...extra },
        schema: SnChangeEnvelope,
      }));
    } catch (error) {
      throw refused(error, doing ?? `Could not move ${number} from ${from} to ${CHANGE_STATE_LABEL[to]}`);
    }
    const ignored = (updated.__meta?.ignoredFields ?? []).filter((field) => field === 'state' || field in extra);
    if (ignored.length > 0)
      throw new ProviderError(
        'rejected',
        `${doing ?? `Could not move ${number} from ${from} to ${CHANGE_STATE_LABEL[to]}`}: ServiceNow ignored ${ignored.join(', ')} (read-only for the integration user?)`,
      );
    return updated;
  }

  /** One change as the console's, with its approvers when worth reading (wantsApprovers) and its conflicts when read. */
  private async mappedOne(change: SnChange, conflicts: readonly SnConflict[] | null = null): Promise<ChangeRequest> {
    const approvers = wantsApprovers(change) ? await this.approversOf([change.sys_id]) : [];
    return toChangeRequest(change, approvers, this.instanceUrl, conflicts);
  }

  /** The changes as the console's, with the approvers of those being approved or decided (note §4.5), or of every decided one (the audit). */
  private async mapped(changes: readonly SnChange[], withApprovals = false): Promise<ChangeRequest[]> {
    const named = (change: SnChange) => wantsApprovers(change) || (withApprovals && wasApproved(change));
    const approvers = await this.approversOf(changes.filter(named).map((change) => change.sys_id));
    return changes.map((change) => toChangeRequest(change, approvers, this.instanceUrl));
  }

  /** The approval records of these changes or proposals, oldest first (one read per IDS_PER_QUERY records). */
  private async approversOf(ids: readonly string[]): Promise<SnApprover[]> {
    const approvers: SnApprover[] = [];
    for (const group of chunk([...new Set(ids)], IDS_PER_QUERY)) {
      approvers.push(
        ...(await this.pages(
          APPROVER_TABLE,
          [['sysparm_query', `sysapprovalIN${group.join(',')}^ORDERBYsys_created_on`], ...APPROVER_DISPLAY_ALL],
          SnApproverList,
        )),
      );
    }
    return approvers;
  }

  // ---- templates and proposals ---------------------------------------------------------

  /**
   * The published templates (with who proposed and approved them, when their proposal can be
   * read) and the open proposals, each with the proposal it came from.
   */
  private async readTemplates(): Promise<{ template: ChangeTemplate; proposalId: string | null }[]> {
    const templates = await this.pages(TEMPLATE_API, [['sysparm_query', 'ORDERBYname']], SnTemplateList);
    const values = await this.templateValues(templates.map((template) => template.template.value).filter(Boolean));
    const open = await this.readProposals([
      `active=true^proposal_type=1^stateIN${PROPOSAL_STATE.new},${PROPOSAL_STATE.workInProgress}^ORDERBYsys_created_on`,
    ]);
    const versions = [...new Set(templates.map((template) => template.current_version.value).filter(Boolean))];
    const publishing = await this.readProposals(
      chunk(versions, IDS_PER_QUERY).map((group) => `std_change_producer_versionIN${group.join(',')}`),
    );
    const approvers = await this.approversOf([...open, ...publishing].map((proposal) => proposal.sys_id));
    const services = open.length > 0 || templates.some((template) => !template.cmdb_ci.display) ? await this.listServices() : [];
    const published = templates.map((template) => {
      const own = values.get(template.template.value) ?? {};
      const proposal = publishingProposal(template, publishing);
      return {
        template: toChangeTemplate(
          template,
          templateServiceOf(template, services, own),
          this.instanceUrl,
          own,
          publishedBy(proposal, approvers),
        ),
        proposalId: proposal?.sys_id ?? null,
      };
    });
    const proposed = open.map((proposal) => ({
      template: toProposedTemplate(proposal, approvers, services, this.instanceUrl),
      proposalId: proposal.sys_id,
    }));
    return [...published, ...proposed];
  }

  /**
   * The proposals these encoded queries select (Table API, read with display values). An
   * instance that does not let the integration user read std_change_proposal (403, 404)
   * answers none: the published templates are then listed alone.
   */
  private async readProposals(queries: readonly string[]): Promise<SnProposal[]> {
    const proposals: SnProposal[] = [];
    try {
      for (const query of queries)
        proposals.push(...(await this.pages(PROPOSAL_TABLE, [['sysparm_query', query], ...PROPOSAL_DISPLAY_ALL], SnProposalList)));
    } catch (error) {
      if (error instanceof ServiceNowRefusal && (error.status === 403 || error.status === 404)) return [];
      throw error;
    }
    return proposals;
  }

  /** One proposal by sys_id; a ProviderError 404 when there is none. */
  private async readProposal(id: string): Promise<SnProposal> {
    const { result } = await this.client.readRecord(
      PROPOSAL_TABLE,
      id.trim(),
      PROPOSAL_DISPLAY_ALL,
      SnProposalEnvelope,
      `ServiceNow has no template proposal ${id} (404): only proposals are decided (a published template was approved already), or the integration user cannot read std_change_proposal`,
    );
    return result;
  }

  /** The catalog and category a proposal is filed under (see TemplateFiling); a ProviderError saying what to set when they cannot be told. */
  private async templateFiling(): Promise<{ catalog: string; category: string }> {
    const title = this.filing.standardChangeCatalog ?? STANDARD_CHANGE_CATALOG;
    const { body: catalogs } = await this.client.request({
      method: 'GET',
      path: CATALOG_TABLE,
      query: [
        ['sysparm_query', `title=${queryValue('The catalog title', title)}`],
        ['sysparm_fields', 'sys_id,title'],
        ['sysparm_limit', 1],
      ],
      schema: SnTitledList,
    });
    const catalog = catalogs.result.find((candidate) => candidate.title.toLowerCase() === title.toLowerCase());
    if (!catalog)
      throw new ProviderError(
        'rejected',
        `ServiceNow has no catalog titled "${title}" (sc_catalog), where standard change templates are published: check that the Standard Change Catalog is active and that the integration user can read sc_catalog and sc_category`,
      );
    const { body: categories } = await this.client.request({
      method: 'GET',
      path: CATEGORY_TABLE,
      query: [
        ['sysparm_query', `sc_catalog=${catalog.sys_id}^active=true^ORDERBYtitle`],
        ['sysparm_fields', 'sys_id,title'],
        ['sysparm_limit', this.pageSize],
      ],
      schema: SnTitledList,
    });
    const wanted = this.filing.standardChangeCategory?.trim().toLowerCase();
    const chosen = wanted
      ? categories.result.find((candidate) => candidate.title.trim().toLowerCase() === wanted)
      : categories.result.length === 1
        ? categories.result[0]
        : undefined;
    if (!chosen) {
      const titles = categories.result.map((candidate) => `"${candidate.title}"`).join(', ') || 'none';
      throw new ProviderError(
        'rejected',
        wanted
          ? `ServiceNow's "${title}" has no active category "${this.filing.standardChangeCategory}": its categories are ${titles}`
          : `ServiceNow's "${title}" has ${categories.result.length === 0 ? 'no active category' : `several categories (${titles})`}: name the one the console's templates are filed under (standardChangeCategory)`,
      );
    }
    return { catalog: catalog.sys_id, category: chosen.sys_id };
  }

  /** The active sys_user with this email; a ProviderError naming the person when there is none. */
  private async userByEmail(approver: Approver): Promise<SnUser> {
    const email = queryValue("The approver's email", approver.email);
    const { body } = await this.client.request({
      method: 'GET',
      path: USER_TABLE,
      query: [
        ['sysparm_query', `email=${email}^active=true`],
        ['sysparm_fields', fieldsOf(SnUserList)],
        ['sysparm_limit', 2],
      ],
      schema: SnUserList,
    });
    const user = body.result.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
    if (!user)
      throw new ProviderError(
        'rejected',
        `ServiceNow has no active user with the email ${email} (${approver.name}): their approval cannot be found; check the email in the console's people, or that the integration user can read sys_user`,
      );
    return user;
  }

  /** The requested approval records of a change or proposal that belong to `user` (null: the signed-in user). */
  private async requestedApprovals(sysId: string, user: SnUser | null): Promise<SnApprover[]> {
    const { body } = await this.client.request({
      method: 'GET',
      path: APPROVER_TABLE,
      query: [
        [
          'sysparm_query',
          `sysapproval=${sysId}^state=requested^approver=${user ? user.sys_id : 'javascript:gs.getUserID()'}^ORDERBYsys_created_on`,
        ],
        ...APPROVER_DISPLAY_ALL,
        ['sysparm_limit', IDS_PER_QUERY],
      ],
      schema: SnApproverList,
    });
    // Checked again on the answer: an instance ignores query parts it cannot apply (note §3.2).
    return body.result.filter(
      (row) => row.sysapproval.value === sysId && row.state.value === 'requested' && (!user || row.approver.value === user.sys_id),
    );
  }

  /** Decides one approval record through the Table API (note §4.5): its state and, when given, the comments. */
  private async decideApprovalRecord(
    row: SnApprover,
    decision: 'approved' | 'rejected',
    comment: string,
    what: string,
    approver: Approver | undefined,
  ): Promise<void> {
    try {
      await this.client.request({
        method: 'PATCH',
        path: `${APPROVER_TABLE}/${row.sys_id}`,
        query: APPROVER_DISPLAY_ALL,
        body: { state: decision, ...(comment.trim() ? { comments: comment.trim() } : {}) },
        schema: SnApproverEnvelope,
        // A second decision after an unclear failure would be refused (the record is no longer requested): only 429s are retried.
        idempotent: false,
      });
    } catch (error) {
      throw refused(error, `Could not ${decision === 'approved' ? 'approve' : 'reject'} ${what}${approver ? ` for ${approver.name}` : ''}`);
    }
  }

  /**
   * Every record a list read answers, page by page (sysparm_limit and sysparm_offset; the
   * offset moves by the records received): a page shorter than asked for is the last, and
   * reading stops after MAX_PAGES pages.
   */
  private async pages<S extends z.ZodType<{ result: unknown[] }>>(
    path: string,
    query: QueryParams,
    schema: S,
  ): Promise<z.output<S>['result']> {
    const records: z.output<S>['result'] = [];
    let offset = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response: { body: z.output<S> } = await this.client.request({
        method: 'GET',
        path,
        query: [...query, ['sysparm_limit', this.pageSize], ['sysparm_offset', offset]],
        schema,
      });
      const result = response.body.result;
      records.push(...result);
      if (result.length < this.pageSize) break;
      offset += result.length;
    }
    return records;
  }
}
