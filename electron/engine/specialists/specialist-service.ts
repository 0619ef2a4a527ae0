/**
 * Specialists as a service, the engine side: the catalogue with who is on call for each
 * team, requests raised from it (expertise asks into the team's ticketing queue,
 * self-service runs through approval to a pipeline), the steps people take on them, and
 * the demo's personas. Every state change goes through the request lifecycle rules
 * (shared/rules/request-lifecycle.ts) and approvals through shared/rules/approval.ts;
 * every write to an outside system is an outbox action (specialist-executor.ts carries
 * them out), and pipeline runs are followed by run-poller.ts.
 */
import { randomBytes } from 'node:crypto';
import { ContractFailure, type RequestInput, type RequestOutput } from '../../../shared/contract';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import {
  describeApproval,
  approvalBlocker,
  checkApprover,
  evaluateApproval,
  retryDecision,
  type ApprovalContext,
  type ApprovalDecision,
} from '../../../shared/rules/approval';
import { initialState, RequestTransitionError, type RequestState } from '../../../shared/rules/request-lifecycle';
import { needsApproval, renderPipelineParameters, teamOf, type Catalogue, type Offering } from '../../../shared/domain/catalogue';
import { formValueText } from '../../../shared/domain/catalogue-template';
import { fieldLabel } from '../../../shared/domain/catalogue-form';
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import type { Ticket } from '../../../shared/domain/ticket';
import type { NotificationCandidate } from '../notifications/notification-candidate';
import type { Outbox } from '../outbox';
import type { Clock } from '../ports';
import type { Actor, ActorSource } from '../ports/actor';
import { escalationPolicyOf, membersOf, onCallByTeam } from './people';
import { toSpecialistRequest, type Person, type StoredRequest, type StoredRun } from './request-record';
import { REQUEST_STEPS, transition, type StepTools } from './request-steps';
import { actionRefusal, missingText } from '../../../shared/rules/request-permissions';
import type { SpecialistRequestStore } from './request-store';
import { errorText } from '../../../shared/error-text';

/** What validating a submitted form says (electron/host/catalogue-loader.ts validateFormData). */
export type FormCheck = { ok: true; data: Record<string, unknown> } | { ok: false; problems: string[] };

export interface SpecialistServiceOptions {
  catalogue: Catalogue;
  store: SpecialistRequestStore;
  outbox: Outbox;
  clock: Clock;
  /** Who acts: the demo's personas or the signed-in user (the host fills it). */
  actor: ActorSource;
  /** Checks a submitted form against the offering's JSON Schema. */
  validateForm(offering: Offering, data: unknown): FormCheck;
  directory(): Promise<Directory>;
  onCalls(): Promise<OnCall[]>;
  incident(incidentId: string): Incident | undefined;
  /** The ticket linked to a paging incident, when one is known (is it a major incident?). */
  incidentTicket(incidentId: string): Ticket | undefined;
  /** The ticketing system's name, or null when the workspace has none (requests then live in the console only). */
  ticketingLabel: string | null;
  /** An action was recorded in the outbox: show it and send it. */
  onRecorded(record: ActionRecord): void;
  emit(request: SpecialistRequest): void;
  notify(candidates: NotificationCandidate[]): void;
  log?(message: string): void;
}

type Action = RequestInput<'actOnSpecialistRequest'>['action'];

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Outbox dedupe keys: one raise per request, one dispatch per run, one write per ticket update. */
export const dedupeKeys = {
  raise: (requestId: string) => `specialist:${requestId}:raise`,
  dispatch: (runKey: string) => `specialist:${runKey}:dispatch`,
  update: (requestId: string, seq: number) => `specialist:${requestId}:update:${seq}`,
  share: (requestId: string, changeId: string) => `specialist:${requestId}:share:${changeId}`,
  /** A self-service request's ticket is closed once, when the request ends. */
  close: (requestId: string) => `specialist:${requestId}:close`,
};

export class SpecialistService {
  constructor(private readonly options: SpecialistServiceOptions) {}

  get catalogue(): Catalogue {
    return this.options.catalogue;
  }

  offering(offeringId: string): Offering | undefined {
    return this.options.catalogue.offerings.find((offering) => offering.id === offeringId);
  }

  /** The request as the contract shows it (SLA computed now). */
  view(request: StoredRequest): SpecialistRequest {
    return toSpecialistRequest(request, this.offering(request.offeringId), this.options.clock.now());
  }

  /** Tells the UI a request changed. */
  changed(request: StoredRequest): SpecialistRequest {
    const view = this.view(request);
    this.options.emit(view);
    return view;
  }

  // ---- reads -------------------------------------------------------------------------

  async getCatalogue(): Promise<RequestOutput<'getCatalogue'>> {
    const { catalogue } = this.options;
    let onCall: Record<string, { id: string; name: string }[]> = Object.fromEntries(catalogue.teams.map((team) => [team.id, []]));
    try {
      onCall = onCallByTeam(await this.options.directory(), catalogue, await this.options.onCalls());
    } catch (error) {
      this.options.log?.(`Who is on call for the catalogue's teams could not be read: ${errorText(error)}`);
    }
    return { catalogue, onCallByTeam: onCall };
  }

  async listSpecialistRequests({
    scope = 'mine',
    offeringId,
  }: RequestInput<'listSpecialistRequests'>): Promise<RequestOutput<'listSpecialistRequests'>> {
    const filter = offeringId === undefined ? {} : { offeringId };
    let requests: StoredRequest[];
    if (scope === 'all') requests = this.options.store.list(filter);
    else {
      const actor = await this.actor();
      requests =
        scope === 'my-teams'
          ? this.options.store.list({ ...filter, teamIds: actor.teamIds })
          : this.options.store.list({ ...filter, requesterEmail: actor.person.email });
    }
    return { requests: requests.map((request) => this.view(request)) };
  }

  // ---- personas (the host's actor source decides who acts) ---------------------------

  /** Who the console acts as now (the demo persona, else the workspace user). */
  actor(): Promise<Actor> {
    return this.options.actor.current();
  }

  // ---- submit ------------------------------------------------------------------------

  async submitSpecialistRequest(input: RequestInput<'submitSpecialistRequest'>): Promise<RequestOutput<'submitSpecialistRequest'>> {
    const offering = this.offering(input.offeringId);
    if (!offering) throw new ContractFailure('not_found', `The catalogue has no offering "${input.offeringId}"`);
    const check = this.options.validateForm(offering, input.inputs);
    if (!check.ok) throw new ContractFailure('bad_request', `${offering.title}: ${check.problems.join('; ')}`);
    const { person } = await this.actor();
    const team = teamOf(this.options.catalogue, offering);
    const now = this.options.clock.now();
    const incidentId = input.incidentId ?? null;
    const incident = incidentId ? this.options.incident(incidentId) : undefined;
    const from = incidentId ? ` from incident ${incident ? `#${incident.number}` : incidentId}` : '';
    const request = this.newRequest(offering, person, check.data, incidentId, input.urgent ?? false, now);
    const actor = { id: person.id, name: person.name };
    if (offering.kind === 'expertise') {
      request.history.push({
        at: now,
        actor,
        summary: `${person.name} asked ${team.name} for ${offering.title}${from}${request.urgent ? ' (urgent)' : ''}`,
        state: request.state,
      });
      const page = await this.pagePolicy(request, incident);
      if (page.note) request.history.push({ at: now, actor: null, summary: page.note, state: request.state });
      if (this.options.ticketingLabel === null) {
        request.history.push({
          at: now,
          actor: null,
          summary: 'No ticketing system is configured: the team sees this request in the console only',
          state: request.state,
        });
      }
      this.options.store.insert(request);
      if (this.options.ticketingLabel !== null) this.enqueueRaise(request, page.escalationPolicyId);
      await this.notifyIfMe(
        await this.teamMembers(team.id),
        request,
        `New request for ${team.name}: ${offering.title}`,
        `${person.name}${from}`,
      );
      return this.changed(this.options.store.get(request.id) ?? request);
    }
    return this.submitSelfService(offering, request, person);
  }

  private async submitSelfService(offering: Offering, request: StoredRequest, person: Person, again?: string): Promise<SpecialistRequest> {
    const now = request.createdAt;
    const context = await this.approvalContext(request.requester.email);
    const blocker = approvalBlocker(offering.approval, context);
    if (blocker) throw new ContractFailure('bad_request', blocker);
    if (!offering.pipeline)
      throw new ContractFailure('bad_request', `${offering.title} has no pipeline to run: fix the catalogue (${offering.source.file})`);
    request.pipelineInputs = pipelineInputsOf(offering, request);
    request.state = transition(request, 'submit', { approvalRequired: needsApproval(offering) });
    const actor = { id: person.id, name: person.name };
    const what = `${person.name} asked to run ${offering.title}${again ? ` again ${again}` : ''} (${describeInputs(offering, request.inputs)})`;
    if (request.state === 'awaiting-approval') {
      const outcome = evaluateApproval(offering.approval, [], context);
      request.approvalStillNeeded = outcome.stillNeeded.length ? outcome.stillNeeded : [describeApproval(offering.approval)];
      request.history.push({
        at: now,
        actor,
        summary: `${what}; it needs approval from ${describeApproval(offering.approval)}`,
        state: request.state,
      });
      this.options.store.insert(request);
      this.raiseRecord(request);
      await this.notifyIfMe(outcome.canDecide, request, `Approval needed: ${offering.title}`, `${person.name} asks to run it`);
      return this.changed(request);
    }
    request.history.push({ at: now, actor, summary: `${what}; no approval needed`, state: request.state });
    this.options.store.insert(request);
    this.raiseRecord(request);
    return this.changed(this.startRun(request.id, person));
  }

  // ---- retry with (edited) inputs -------------------------------------------------------

  /**
   * Runs a failed self-service request again with the inputs given (the form as the
   * requester left it). The approval rules decide (approval.ts retryDecision): the same
   * inputs retry on the request under the approval it had; changed inputs are a new
   * request, linked to this one (retryOf), that goes through approval again whenever the
   * offering asks for one, and this one ends as replaced. Answers the request that runs
   * or waits for approval now.
   */
  async retrySpecialistRequest({
    requestId,
    inputs,
  }: RequestInput<'retrySpecialistRequest'>): Promise<RequestOutput<'retrySpecialistRequest'>> {
    const request = this.options.store.get(requestId);
    if (!request) throw new ContractFailure('not_found', `No specialist request ${requestId}`);
    if (request.kind !== 'self-service')
      throw new ContractFailure('bad_request', `Retrying applies to self-service requests; ${request.offeringTitle} is ${request.kind}`);
    const offering = this.offering(request.offeringId);
    if (!offering)
      throw new ContractFailure('bad_request', `The offering ${request.offeringId} is no longer in the catalogue: it cannot run again`);
    try {
      transition(request, 'retry');
    } catch (error) {
      if (error instanceof RequestTransitionError) throw new ContractFailure('bad_request', error.message);
      throw error;
    }
    const check = this.options.validateForm(offering, inputs);
    if (!check.ok) throw new ContractFailure('bad_request', `${offering.title}: ${check.problems.join('; ')}`);
    const actor = await this.actor();
    const decision = retryDecision(offering.approval, request.inputs, check.data);
    if (decision.kind === 'same-request') return this.actOnSpecialistRequest({ requestId, action: 'retry', text: '' });

    const { person } = actor;
    if (!same(person.email, request.requester.email)) {
      throw new ContractFailure(
        'bad_request',
        `Only ${request.requester.name}, who asked for it, can run it again with other inputs (you act as ${person.name}); retry it unchanged, or ask them`,
      );
    }
    const changes = decision.changed
      .map(
        (name) =>
          `${fieldLabel(name, offering.form.properties[name])}: ${valueInWords(offering, name, request.inputs[name]) || '–'} → ${valueInWords(offering, name, check.data[name]) || '–'}`,
      )
      .join('; ');
    const now = this.now();
    const replacement: StoredRequest = {
      ...this.newRequest(offering, person, check.data, request.incidentId, request.urgent, now),
      retryOf: request.id,
    };
    const lastRun = request.runs.at(-1);
    const view = await this.submitSelfService(
      offering,
      replacement,
      person,
      `with changed inputs, after run ${lastRun?.number ?? request.runs.length} of ${request.id} failed (${changes})`,
    );
    const state = transition(request, 'replace');
    this.commit(
      request.id,
      (r) => {
        r.state = state;
        r.approvalStillNeeded = [];
        r.history.push({
          at: this.now(),
          actor: { id: person.id, name: person.name },
          summary: `${person.name} ran it again with changed inputs as ${replacement.id} (${changes})${decision.needsApproval ? `, which needs approval from ${describeApproval(offering.approval)} again` : ''}`,
          state,
        });
      },
      null,
    );
    return view;
  }

  // ---- act ---------------------------------------------------------------------------

  async actOnSpecialistRequest({
    requestId,
    action,
    text,
  }: RequestInput<'actOnSpecialistRequest'>): Promise<RequestOutput<'actOnSpecialistRequest'>> {
    const request = this.options.store.get(requestId);
    if (!request) throw new ContractFailure('not_found', `No specialist request ${requestId}`);
    const actor = await this.actor();
    const words = (text ?? '').trim();
    try {
      return await this.act(request, action, words, actor);
    } catch (error) {
      if (error instanceof RequestTransitionError) throw new ContractFailure('bad_request', error.message);
      throw error;
    }
  }

  /** One step on a request: refused in the rule's words (shared/rules/request-permissions.ts) unless the actor may take it now. */
  private async act(request: StoredRequest, action: Action, text: string, actor: Actor): Promise<SpecialistRequest> {
    const { person, teamIds } = actor;
    const refusal = actionRefusal(request, { email: person.email, name: person.name, teamIds }, action);
    if (refusal) throw new ContractFailure('bad_request', refusal);
    const missing = missingText(action, text);
    if (missing) throw new ContractFailure('bad_request', missing);
    const step = {
      request,
      person,
      text,
      isRequester: same(person.email, request.requester.email),
      isSpecialist: teamIds.includes(request.teamId),
    };
    return REQUEST_STEPS[action](step, this.stepTools);
  }

  private readonly stepTools: StepTools = {
    now: () => this.now(),
    commit: (requestId, change, ticketUpdate) => this.commit(requestId, change, ticketUpdate),
    notifyIfMe: (emails, request, title, body) => this.notifyIfMe(emails, request, title, body),
    decide: (request, decision, text, person) => this.decide(request, decision, text, person),
    retry: (request, person) => this.retryApproved(request, person),
  };

  /** A failed run again, with the inputs approved before (a new run number, the same approval). */
  private retryApproved(request: StoredRequest, person: Person): SpecialistRequest {
    const state = transition(request, 'retry');
    this.options.store.update(request.id, (r) => {
      r.state = state;
      r.lastError = null;
      r.updatedAt = this.now();
      r.history.push({
        at: this.now(),
        actor: { id: person.id, name: person.name },
        summary: `${person.name} retried it (run ${r.runs.length + 1}, the inputs approved before)`,
        state,
      });
    });
    return this.changed(this.startRun(request.id, person));
  }

  /** An approval decision: checked against the policy; a settled outcome moves the request on. */
  private async decide(request: StoredRequest, decision: 'approve' | 'reject', text: string, person: Person): Promise<SpecialistRequest> {
    const offering = this.offering(request.offeringId);
    if (!offering)
      throw new ContractFailure(
        'bad_request',
        `The offering ${request.offeringId} is no longer in the catalogue: nobody can approve this request`,
      );
    if (request.state !== 'awaiting-approval') transition(request, decision);
    const context = await this.approvalContext(request.requester.email);
    const decisions = decisionsOf(request.approvals);
    const check = checkApprover(offering.approval, person.email, decisions, context);
    if (!check.ok) throw new ContractFailure('bad_request', check.reason);
    const at = this.now();
    const outcome = evaluateApproval(
      offering.approval,
      [...decisions, { approver: person.email, decision, comment: text, at: new Date(at).toISOString() }],
      context,
    );
    const who = { id: person.id, name: person.name };
    const said = text ? `: ${text}` : '';
    if (outcome.state === 'rejected') {
      const state = transition(request, 'reject');
      const view = this.commit(
        request.id,
        (r) => {
          r.approvals.push({ approver: person, decision, comment: text, at });
          r.state = state;
          r.approvalStillNeeded = [];
          r.lastError = `Rejected by ${person.name}: ${text}`;
          r.history.push({ at, actor: who, summary: `${person.name} rejected it${said}. Nothing was run.`, state });
        },
        null,
      );
      await this.notifyIfMe([request.requester.email], request, `Rejected: ${request.offeringTitle}`, `${person.name}${said}`);
      return view;
    }
    if (outcome.state === 'pending') {
      return this.commit(
        request.id,
        (r) => {
          r.approvals.push({ approver: person, decision, comment: text, at });
          r.approvalStillNeeded = outcome.stillNeeded;
          r.history.push({
            at,
            actor: who,
            summary: `${person.name} approved it${said}; still needed: ${outcome.stillNeeded.join(', ')}`,
            state: r.state,
          });
        },
        null,
      );
    }
    const state = transition(request, 'approve');
    this.options.store.update(request.id, (r) => {
      r.approvals.push({ approver: person, decision, comment: text, at });
      r.state = state;
      r.approvalStillNeeded = [];
      r.updatedAt = at;
      r.history.push({ at, actor: who, summary: `${person.name} approved it${said}`, state });
    });
    return this.changed(this.startRun(request.id, person));
  }

  // ---- outbox ------------------------------------------------------------------------

  /**
   * Adds run number n+1 (its idempotency key: `<request id>-<n+1>`) with the approved inputs
   * and records its dispatch in the outbox. Returns the request as stored.
   */
  startRun(requestId: string, by: Person): StoredRequest {
    const updated = this.options.store.update(requestId, (r) => {
      const number = r.runs.length + 1;
      const run: StoredRun = {
        number,
        key: `${r.id}-${number}`,
        inputs: { ...(r.pipelineInputs ?? {}) },
        requestedBy: by,
        requestedAt: this.now(),
        run: null,
        followedHere: true,
      };
      r.runs.push(run);
      r.updatedAt = this.now();
    });
    if (!updated) throw new ContractFailure('not_found', `No specialist request ${requestId}`);
    const run = updated.runs.at(-1)!;
    this.enqueue(
      { kind: 'dispatchSpecialistRun', incidentIds: incidentIdsOf(updated), requestId, runNumber: run.number },
      dedupeKeys.dispatch(run.key),
    );
    return updated;
  }

  /** Records the raise of an expertise request's ticket (once per request). */
  enqueueRaise(request: StoredRequest, pageEscalationPolicyId: string | null): void {
    this.enqueue(
      { kind: 'raiseSpecialistTicket', incidentIds: incidentIdsOf(request), requestId: request.id, pageEscalationPolicyId },
      dedupeKeys.raise(request.id),
    );
  }

  /**
   * A self-service request's ticket: the shared record its approvers and the team see from
   * their own consoles (request-sharing.ts), closed when the request ends.
   */
  private raiseRecord(request: StoredRequest): void {
    if (this.options.ticketingLabel !== null) this.enqueueRaise(request, null);
  }

  /**
   * Re-records what a crash may have left unrecorded between the request's change and its
   * outbox action (dedupe keys make this a no-op when it was recorded): raises of requests
   * without a ticket, dispatches of runs not started.
   */
  resume(): void {
    const open = this.options.store.list({
      states: ['new', 'claimed', 'in-progress', 'waiting-for-requester', 'awaiting-approval', 'approved', 'dispatched', 'running'],
      limit: 10_000,
    });
    for (const request of open) {
      if (!request.ticket && this.options.ticketingLabel !== null) this.enqueueRaise(request, null);
      const last = request.runs.at(-1);
      // Only runs this console started: a run read from another console's note is that console's to dispatch.
      if (request.kind === 'self-service' && last && last.run === null && last.followedHere) {
        this.enqueue(
          { kind: 'dispatchSpecialistRun', incidentIds: incidentIdsOf(request), requestId: request.id, runNumber: last.number },
          dedupeKeys.dispatch(last.key),
        );
      }
    }
  }

  private enqueue(action: ActionRequest, dedupeKey: string): void {
    const record = this.options.outbox.enqueueOnce(action, dedupeKey);
    if (record) this.options.onRecorded(record);
  }

  /** Applies a change to the request and, when it has a ticket side, records the ticket update. */
  private commit(
    requestId: string,
    change: (request: StoredRequest) => void,
    ticketUpdate: Extract<ActionRequest, { kind: 'updateSpecialistTicket' }>['update'] | null,
  ): SpecialistRequest {
    let seq = 0;
    const updated = this.options.store.update(requestId, (r) => {
      change(r);
      r.updatedAt = this.now();
      seq = r.history.length;
    });
    if (!updated) throw new ContractFailure('not_found', `No specialist request ${requestId}`);
    if (ticketUpdate && this.options.ticketingLabel !== null && updated.kind === 'expertise') {
      this.enqueue(
        { kind: 'updateSpecialistTicket', incidentIds: incidentIdsOf(updated), requestId, update: ticketUpdate },
        dedupeKeys.update(requestId, seq),
      );
    }
    return this.changed(updated);
  }

  // ---- helpers -----------------------------------------------------------------------

  /** A request as it is first stored: in its kind's initial state, nothing shared or run yet. */
  private newRequest(
    offering: Offering,
    person: Person,
    inputs: Record<string, unknown>,
    incidentId: string | null,
    urgent: boolean,
    now: number,
  ): StoredRequest {
    const team = teamOf(this.options.catalogue, offering);
    return {
      id: `SR-${randomBytes(5).toString('hex')}`,
      offeringId: offering.id,
      offeringTitle: offering.title,
      kind: offering.kind,
      teamId: team.id,
      teamName: team.name,
      state: initialState(offering.kind),
      requester: person,
      assignee: null,
      inputs,
      incidentId,
      urgent,
      createdAt: now,
      updatedAt: now,
      ticket: null,
      lastError: null,
      pipelineInputs: null,
      approvalStillNeeded: [],
      version: 0,
      versionTag: '',
      retryOf: null,
      comments: [],
      approvals: [],
      runs: [],
      history: [],
    };
  }

  private now(): number {
    return this.options.clock.now();
  }

  /**
   * Whom an urgent ask pages: the team's escalation policy, during a major incident only
   * (the incident is P1, or its ticket is a major incident). `note` says why not, for the history.
   */
  private async pagePolicy(
    request: StoredRequest,
    incident: Incident | undefined,
  ): Promise<{ escalationPolicyId: string | null; note: string | null }> {
    if (!request.urgent) return { escalationPolicyId: null, note: null };
    const team = this.options.catalogue.teams.find((candidate) => candidate.id === request.teamId);
    if (!request.incidentId)
      return { escalationPolicyId: null, note: 'Marked urgent; nobody is paged: it was not raised from a major incident' };
    const major =
      incident?.priority?.name.toUpperCase() === 'P1' || this.options.incidentTicket(request.incidentId)?.majorIncident === true;
    if (!major) return { escalationPolicyId: null, note: 'Marked urgent; nobody is paged: the incident is not a major incident (P1)' };
    if (!team?.escalationPolicy)
      return {
        escalationPolicyId: null,
        note: `Marked urgent during a major incident; ${request.teamName} has no escalation policy in the catalogue, so nobody is paged`,
      };
    try {
      const policy = escalationPolicyOf(await this.options.directory(), team);
      if (!policy)
        return {
          escalationPolicyId: null,
          note: `Marked urgent during a major incident; the escalation policy "${team.escalationPolicy}" is not in the paging platform, so nobody is paged`,
        };
      return { escalationPolicyId: policy.id, note: null };
    } catch (error) {
      return {
        escalationPolicyId: null,
        note: `Marked urgent during a major incident; the directory could not be read (${errorText(error)}), so nobody is paged`,
      };
    }
  }

  private async approvalContext(requester: string): Promise<ApprovalContext> {
    const directory = await this.options.directory().catch((error: unknown) => {
      throw new ContractFailure('upstream', `The directory (who may approve) could not be read: ${errorText(error)}`);
    });
    return { requester, membersOf: (group) => membersOf(directory, this.options.catalogue, group) };
  }

  private async teamMembers(teamId: string): Promise<string[]> {
    try {
      return membersOf(await this.options.directory(), this.options.catalogue, teamId) ?? [];
    } catch {
      return [];
    }
  }

  /** A desktop notification when the console's user (the persona in the demo) is one of `emails`. */
  private async notifyIfMe(emails: readonly string[], request: StoredRequest, title: string, body: string): Promise<void> {
    const me = await this.actor().catch(() => null);
    if (!me || !emails.some((email) => same(email, me.person.email))) return;
    // Addressed to me (my team's queue, my approval, my own request): my work, as if on call for it; quiet hours still hold.
    this.options.notify([
      {
        kind: 'specialistRequest',
        incidentId: request.incidentId,
        title,
        body: body.slice(0, 240),
        urgency: request.urgent ? 'high' : 'low',
        onCallForThis: true,
      },
    ]);
  }

  /**
   * Tells the console's user what a change read from the ticket means for them (a change
   * made on another machine): a new request for their team, an approval they can give, a
   * comment or a question on their request, their request resolved, rejected or its run ended.
   */
  async notifyShared(before: StoredRequest | null, after: StoredRequest): Promise<void> {
    const title = after.offeringTitle;
    const requester = [after.requester.email];
    if (before === null && after.kind === 'expertise' && after.state === 'new') {
      await this.notifyIfMe(
        await this.teamMembers(after.teamId),
        after,
        `New request for ${after.teamName}: ${title}`,
        after.requester.name,
      );
    }
    const offering = this.offering(after.offeringId);
    if (
      after.state === 'awaiting-approval' &&
      offering &&
      (before === null || before.state !== 'awaiting-approval' || before.approvals.length !== after.approvals.length)
    ) {
      const context = await this.approvalContext(after.requester.email).catch(() => null);
      if (context) {
        const decisions = decisionsOf(after.approvals);
        await this.notifyIfMe(
          evaluateApproval(offering.approval, decisions, context).canDecide,
          after,
          `Approval needed: ${title}`,
          `${after.requester.name} asks to run it`,
        );
      }
    }
    const known = new Set(before?.comments.map((comment) => comment.id) ?? []);
    for (const comment of after.comments.filter((candidate) => !known.has(candidate.id))) {
      const fromRequester = same(comment.author.email, after.requester.email);
      if (!fromRequester)
        await this.notifyIfMe(
          requester,
          after,
          comment.asksRequester ? `${after.teamName} needs more from you: ${title}` : `${comment.author.name} commented on ${title}`,
          comment.text,
        );
      else if (after.assignee)
        await this.notifyIfMe([after.assignee.email], after, `${comment.author.name} replied: ${title}`, comment.text);
    }
    if (before && before.state !== after.state) {
      const ending: Partial<Record<RequestState, string>> = {
        resolved: 'Resolved',
        rejected: 'Rejected',
        succeeded: 'Succeeded',
        failed: 'Failed',
        cancelled: 'Cancelled',
      };
      const word = ending[after.state];
      if (word) await this.notifyIfMe(requester, after, `${word}: ${title}`, after.history.at(-1)?.summary ?? after.teamName);
    }
  }

  /**
   * A request read from another console's note, before it is stored here: what it is
   * comes from this console's catalogue where it can (the team; the pipeline inputs
   * approvers approve and runs get are rendered again from the form), not from the note.
   */
  adopt(request: StoredRequest): StoredRequest {
    const offering = this.offering(request.offeringId);
    if (!offering) return request;
    const team = teamOf(this.options.catalogue, offering);
    const rendered = request.kind === 'self-service' ? pipelineInputsOf(offering, request) : request.pipelineInputs;
    if (JSON.stringify(rendered) !== JSON.stringify(request.pipelineInputs)) {
      this.options.log?.(
        `${request.id}: the pipeline inputs in its note differ from what the catalogue makes of its form; using the catalogue's`,
      );
    }
    return {
      ...request,
      offeringTitle: offering.title,
      kind: offering.kind,
      teamId: team.id,
      teamName: team.name,
      pipelineInputs: rendered,
    };
  }

  /**
   * After a change read from the ticket: approvals given on different consoles at about
   * the same time are weighed together. Who must still approve is worked out again; when
   * together they settle the policy (all of the named people approved, or one rejected),
   * the console where the last of those decisions was made moves the request on (and
   * starts the run), so exactly one does.
   */
  async settleSharedApprovals(requestId: string): Promise<void> {
    const request = this.options.store.get(requestId);
    const offering = request ? this.offering(request.offeringId) : undefined;
    if (!request || !offering || request.kind !== 'self-service' || request.state !== 'awaiting-approval' || request.approvals.length === 0)
      return;
    const context = await this.approvalContext(request.requester.email).catch(() => null);
    if (!context) return;
    const decisions = decisionsOf(request.approvals);
    const outcome = evaluateApproval(offering.approval, decisions, context);
    if (outcome.state === 'pending') {
      if (JSON.stringify(outcome.stillNeeded) !== JSON.stringify(request.approvalStillNeeded)) {
        this.changed(this.options.store.update(requestId, (r) => void (r.approvalStillNeeded = outcome.stillNeeded)) ?? request);
      }
      return;
    }
    const last = [...request.approvals].sort((a, b) => a.at - b.at).at(-1)!;
    const me = await this.actor().catch(() => null);
    if (!me || !same(last.approver.email, me.person.email)) return;
    const at = this.now();
    const names = [...new Set(request.approvals.map((approval) => approval.approver.name))].join(', ');
    if (outcome.state === 'rejected') {
      const rejection = request.approvals.find((approval) => approval.decision === 'reject') ?? last;
      const state = transition(request, 'reject');
      this.commit(
        requestId,
        (r) => {
          r.state = state;
          r.approvalStillNeeded = [];
          r.lastError = `Rejected by ${rejection.approver.name}: ${rejection.comment}`;
          r.history.push({
            at,
            actor: null,
            summary: `Rejected: ${rejection.approver.name} rejected it (decisions made on different consoles). Nothing was run.`,
            state,
          });
        },
        null,
      );
      return;
    }
    const state = transition(request, 'approve');
    this.options.store.update(requestId, (r) => {
      r.state = state;
      r.approvalStillNeeded = [];
      r.updatedAt = at;
      r.history.push({ at, actor: null, summary: `Approved by ${names}, decisions made on different consoles`, state });
    });
    this.changed(this.startRun(requestId, me.person));
  }

  /** Notifies the requester (when it is the console's user) that a run ended. */
  async runEnded(request: StoredRequest, summary: string): Promise<void> {
    await this.notifyIfMe([request.requester.email], request, `${request.offeringTitle}: ${summary}`, request.teamName);
  }
}

/** What a self-service request's pipeline runs with: the catalogue's mapping filled in from the form (what the approvers approve). */
function pipelineInputsOf(
  offering: Offering,
  request: Pick<StoredRequest, 'id' | 'inputs' | 'requester' | 'incidentId'>,
): Record<string, string> | null {
  if (!offering.pipeline) return null;
  return renderPipelineParameters(offering.pipeline, {
    form: request.inputs,
    request: { id: request.id },
    requester: { email: request.requester.email, name: request.requester.name },
    offering: { id: offering.id },
    incident: request.incidentId ? { id: request.incidentId } : null,
  });
}

function incidentIdsOf(request: Pick<StoredRequest, 'incidentId'>): string[] {
  return request.incidentId ? [request.incidentId] : [];
}

/** The inputs for people: "Database: payments (PostgreSQL Platform), Backup id: latest", as the form labels them. */
function describeInputs(offering: Pick<Offering, 'form'>, inputs: Record<string, unknown>): string {
  return Object.entries(inputs)
    .map(([name, value]) => `${fieldLabel(name, offering.form.properties[name])}: ${valueInWords(offering, name, value) || '–'}`)
    .join(', ')
    .slice(0, 300);
}

/** A form value in words: a choice's label, yes or no, lists joined. */
function valueInWords(offering: Pick<Offering, 'form'>, name: string, value: unknown): string {
  const field = offering.form.properties[name];
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field?.type === 'string' && typeof value === 'string') return field.oneOf?.find((choice) => choice.const === value)?.title ?? value;
  return formValueText(value);
}

/** A request's approvals as the approval rules take them. */
function decisionsOf(approvals: StoredRequest['approvals']): ApprovalDecision[] {
  return approvals.map((approval) => ({
    approver: approval.approver.email,
    decision: approval.decision,
    comment: approval.comment,
    at: new Date(approval.at).toISOString(),
  }));
}
