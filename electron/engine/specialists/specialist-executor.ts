/**
 * Carries out a specialist request's outbox actions, safely repeatable:
 * - raiseSpecialistTicket: the ticket in the team's queue (the provider finds it by
 *   request id on a replay), then, raised from an incident, a note on the paging incident
 *   and a comment on the ticket linking the incident, then, urgent during a major
 *   incident, a responder request to the team's escalation policy. Each is a recorded
 *   step; after an ambiguous attempt the incident's notes and responders are read first.
 * - updateSpecialistTicket: one comment, assignment, close or console note (the provider
 *   skips what is already so).
 * - dispatchSpecialistRun: the pipeline run with idempotency key `<request id>-<run>`
 *   (the provider returns the run already carrying it). A refused dispatch (no such
 *   workflow, inputs refused, credentials) ends the request as failed with the provider's
 *   message in its history: the action itself is done, the request says what went wrong.
 * The request's record is updated as each step lands, and the UI told.
 */
import type { ActionRequest } from '../../../shared/domain/action';
import { actionCapability } from '../../../shared/rules/platform-capabilities';
import { pipelineRefOf, type Catalogue } from '../../../shared/domain/catalogue';
import { formValueText } from '../../../shared/domain/catalogue-template';
import { describePipeline } from '../../../shared/domain/pipeline';
import type { ClaimedAction } from '../outbox';
import { pipelineProviderFor, type PipelineProviders } from '../ports/pipeline';
import { ProviderError, type Clock, type PagingProvider } from '../ports';
import type { SpecialistTicketing } from '../ports/ticketing';
import { applyRun } from './run-progress';
import type { StoredRequest } from './request-record';
import type { SpecialistRequestStore } from './request-store';
import { transition } from './request-steps';
import { errorText } from '../../../shared/error-text';

/** Tolerance for clock skew when matching a note or a responder request written by an earlier attempt. */
const MATCH_SKEW_MS = 5 * 60_000;
/** Updates wait for the raise this long (attempts) before they give up. */
const MAX_WAITS_FOR_RAISE = 8;

export interface SpecialistExecutionContext {
  store: SpecialistRequestStore;
  catalogue: Catalogue;
  paging: PagingProvider;
  /** The paging platform of an incident: one without notes or responder requests (Splunk On-Call) gets the ticket alone. */
  platformOf(incidentId: string): string;
  /** The ticketing system and its name, or null when the workspace has none. */
  ticketing: { provider: SpecialistTicketing; label: string } | null;
  pipelines: PipelineProviders;
  clock: Clock;
  /** The request changed: tell the UI. */
  changed(request: StoredRequest): void;
}

type Once = (step: string, run: () => Promise<void>) => Promise<void>;
type SpecialistAction = Extract<ActionRequest, { kind: 'raiseSpecialistTicket' | 'updateSpecialistTicket' | 'dispatchSpecialistRun' }>;

export async function executeSpecialistAction(
  { record, progress }: ClaimedAction,
  context: SpecialistExecutionContext,
  recordStep: (step: string) => void,
): Promise<void> {
  const action = record.request as SpecialistAction;
  const once: Once = async (step, run) => {
    if (progress[step]) return;
    await run();
    recordStep(step);
  };
  const request = context.store.get(action.requestId);
  if (!request) throw new ProviderError('rejected', `The specialist request ${action.requestId} is not in this console's store any more`);
  const situation = { mayHaveLanded: record.attempts > 1, since: Date.parse(record.createdAt) - MATCH_SKEW_MS, attempts: record.attempts };
  switch (action.kind) {
    case 'raiseSpecialistTicket':
      return raise(action, request, context, once, situation);
    case 'updateSpecialistTicket':
      return updateTicket(action, request, context, once, situation.attempts);
    case 'dispatchSpecialistRun':
      return dispatch(action, request, context, once);
  }
}

function update(context: SpecialistExecutionContext, requestId: string, change: (request: StoredRequest) => void): void {
  const updated = context.store.update(requestId, (request) => {
    change(request);
    request.updatedAt = context.clock.now();
  });
  if (updated) context.changed(updated);
}

/** Records why a ticket step failed on the request (history only for refusals: retries would flood it). */
function noteFailure(context: SpecialistExecutionContext, request: StoredRequest, what: string, error: unknown): void {
  const message = errorText(error);
  const refused = error instanceof ProviderError && error.kind !== 'transient';
  update(context, request.id, (r) => {
    r.lastError = refused ? `${what}: ${message}` : `${what} (retrying): ${message}`;
    if (refused) r.history.push({ at: context.clock.now(), actor: null, summary: `${what}: ${message}`, state: r.state });
  });
}

function requireTicketing(context: SpecialistExecutionContext): { provider: SpecialistTicketing; label: string } {
  if (!context.ticketing)
    throw new ProviderError(
      'rejected',
      "No ticketing system is configured: add one to the workspace to raise specialist requests in the team's queue",
    );
  return context.ticketing;
}

function describeRequest(request: StoredRequest, context: SpecialistExecutionContext, incidentLine: string | null): string {
  const offering = context.catalogue.offerings.find((candidate) => candidate.id === request.offeringId);
  const fields = Object.entries(request.inputs).map(
    ([name, value]) => `${offering?.form.properties[name]?.title ?? name}: ${formValueText(value)}`,
  );
  return [
    `${request.requester.name} (${request.requester.email}) asks ${request.teamName} for: ${request.offeringTitle}${request.urgent ? ' (URGENT)' : ''}`,
    '',
    ...fields,
    ...(incidentLine ? ['', incidentLine] : []),
    '',
    `Raised from the On-Call Console, request ${request.id}.`,
  ].join('\n');
}

async function raise(
  action: Extract<SpecialistAction, { kind: 'raiseSpecialistTicket' }>,
  request: StoredRequest,
  context: SpecialistExecutionContext,
  once: Once,
  situation: { mayHaveLanded: boolean; since: number },
): Promise<void> {
  const ticketing = requireTicketing(context);
  const incidentId = request.incidentId;
  const incident = incidentId
    ? await context.paging
        .getIncidentDetail(incidentId)
        .then((detail) => detail.incident)
        .catch(() => null)
    : null;
  const incidentLine = incidentId
    ? `Raised from paging incident ${incident ? `#${incident.number} "${incident.title}": ${incident.htmlUrl}` : incidentId}`
    : null;
  let ticket = request.ticket;
  try {
    await once('raise', async () => {
      const raised = await ticketing.provider.raiseSpecialistRequest({
        requestId: request.id,
        assignmentGroup: context.catalogue.teams.find((team) => team.id === request.teamId)?.assignmentGroup ?? request.teamName,
        title: `${request.offeringTitle} for ${request.requester.name}`,
        description: describeRequest(request, context, incidentLine),
        urgent: request.urgent,
        requester: { name: request.requester.name, email: request.requester.email },
        pagingIncidentId: incidentId,
      });
      ticket = { id: raised.id, number: raised.number, url: raised.url, state: raised.state };
      update(context, request.id, (r) => {
        r.ticket = ticket;
        r.lastError = null;
        r.history.push({
          at: context.clock.now(),
          actor: null,
          summary: `Raised ${raised.number} in ${request.teamName}'s queue in ${ticketing.label}`,
          state: r.state,
        });
      });
    });
  } catch (error) {
    noteFailure(context, request, `Could not raise the request in ${ticketing.label}`, error);
    throw error;
  }
  ticket ??= context.store.get(request.id)?.ticket ?? null;
  if (!ticket) throw new ProviderError('transient', `The ticket of ${request.id} was raised but is not recorded yet; trying again`);
  const number = ticket.number;
  const ticketId = ticket.id;

  // The paging half (a note on the incident, an urgent page) only where the incident's platform takes it.
  const capability = incidentId ? actionCapability(context.platformOf(incidentId), action.kind, { ticketing: true }) : null;
  const pagingHalf = capability?.pagingHalf === true;
  if (incidentId) {
    const note = `Asked ${request.teamName} for ${request.offeringTitle}: ${number} (${ticket.url})`;
    if (pagingHalf) {
      await once('note:incident', async () => {
        if (situation.mayHaveLanded) {
          const notes = await context.paging.listNotes(incidentId);
          if (notes.some((existing) => existing.content === note && Date.parse(existing.createdAt) >= situation.since)) return;
        }
        await context.paging.addNote(incidentId, note);
      });
    }
    await once('link', () =>
      ticketing.provider.commentOnSpecialistRequest(ticketId, incidentLine ?? `Raised from paging incident ${incidentId}`),
    );
    const linked = pagingHalf ? `a note on the incident, a comment on ${number}` : `a comment on ${number} (${capability?.reason ?? ''})`;
    await once('history:linked', async () =>
      update(context, request.id, (r) =>
        r.history.push({
          at: context.clock.now(),
          actor: null,
          summary: `Linked to incident ${incident ? `#${incident.number}` : incidentId}: ${linked}`,
          state: r.state,
        }),
      ),
    );
  }

  const policyId = action.pageEscalationPolicyId;
  if (policyId && incidentId && pagingHalf) {
    const message = `Urgent, during a major incident: ${request.requester.name} asks ${request.teamName} for ${request.offeringTitle} (${number})`;
    await once('page', async () => {
      if (situation.mayHaveLanded) {
        const { responders } = await context.paging.getIncidentDetail(incidentId);
        const landed = responders.some(
          (responder) =>
            responder.message === message && responder.requestedAt !== null && Date.parse(responder.requestedAt) >= situation.since,
        );
        if (landed) return;
      }
      await context.paging.addResponders(incidentId, { userIds: [], escalationPolicyIds: [policyId], message });
      update(context, request.id, (r) =>
        r.history.push({
          at: context.clock.now(),
          actor: null,
          summary: `Paged ${request.teamName}'s on call (urgent during a major incident)`,
          state: r.state,
        }),
      );
    });
  }
}

async function updateTicket(
  action: Extract<SpecialistAction, { kind: 'updateSpecialistTicket' }>,
  request: StoredRequest,
  context: SpecialistExecutionContext,
  once: Once,
  attempts: number,
): Promise<void> {
  const ticketing = requireTicketing(context);
  const ticket = request.ticket;
  if (!ticket) {
    if (attempts >= MAX_WAITS_FOR_RAISE) {
      throw new ProviderError(
        'rejected',
        `${request.id} was never raised in ${ticketing.label}${request.lastError ? ` (${request.lastError})` : ''}, so this step could not be mirrored there`,
      );
    }
    throw new ProviderError('transient', `${request.id} is not raised in ${ticketing.label} yet; this step waits for it`);
  }
  const { update: change } = action;
  const what = {
    comment: `Could not copy the comment to ${ticket.number}`,
    assign: `Could not assign ${ticket.number}`,
    resolve: `Could not close ${ticket.number}`,
    share: `Could not share the change on ${ticket.number}`,
  }[change.type];
  try {
    await once('update', async () => {
      if (change.type === 'comment') {
        await ticketing.provider.commentOnSpecialistRequest(ticket.id, change.text);
        return;
      }
      if (change.type === 'share') {
        await ticketing.provider.addSpecialistRequestNote(ticket.id, change.text);
        return;
      }
      const after =
        change.type === 'assign'
          ? await ticketing.provider.assignSpecialistRequest(ticket.id, change.assigneeEmail)
          : await ticketing.provider.resolveSpecialistRequest(ticket.id, change.text, change.outcome);
      update(context, request.id, (r) => {
        if (r.ticket) r.ticket = { ...r.ticket, state: after.state };
        if (r.lastError?.startsWith('Could not')) r.lastError = null;
      });
    });
  } catch (error) {
    // A failed share is not itself shared (its history entry would be a new change to share, and fail the same way).
    if (change.type === 'share') update(context, request.id, (r) => (r.lastError = `${what}: ${errorText(error)}`));
    else noteFailure(context, request, what, error);
    throw error;
  }
}

async function dispatch(
  action: Extract<SpecialistAction, { kind: 'dispatchSpecialistRun' }>,
  request: StoredRequest,
  context: SpecialistExecutionContext,
  once: Once,
): Promise<void> {
  const stored = request.runs.find((run) => run.number === action.runNumber);
  if (!stored) throw new ProviderError('rejected', `${request.id} has no run ${action.runNumber}`);
  if (stored.run) return;
  const offering = context.catalogue.offerings.find((candidate) => candidate.id === request.offeringId);
  const refuse = (message: string) =>
    update(context, request.id, (r) => {
      const state = transition(r, 'run-failed');
      r.state = state;
      r.lastError = message;
      r.history.push({ at: context.clock.now(), actor: null, summary: `Run ${stored.number} was not started: ${message}`, state });
    });
  if (!offering?.pipeline) {
    refuse(`The offering ${request.offeringId} has no pipeline in the catalogue any more`);
    return;
  }
  const ref = pipelineRefOf(offering.pipeline);
  await once(`dispatch:${stored.number}`, async () => {
    let run;
    try {
      const provider = pipelineProviderFor(context.pipelines, ref);
      run = await provider.dispatch(ref, stored.inputs, stored.key);
    } catch (error) {
      // Transient failures are retried by the outbox (the key makes that safe); anything else ends this run.
      if (error instanceof ProviderError && error.kind === 'transient') throw error;
      refuse(`${describePipeline(ref)} refused the dispatch: ${errorText(error)}`);
      return;
    }
    const started = run;
    update(context, request.id, (r) => {
      const target = r.runs.find((candidate) => candidate.number === stored.number);
      if (!target) return;
      target.run = { ...started, inputs: started.inputs ?? { ...stored.inputs } };
      if (r.state === 'approved') r.state = transition(r, 'dispatch');
      r.history.push({
        at: context.clock.now(),
        actor: null,
        summary: `Started ${describePipeline(ref)} run ${started.id} (run ${stored.number}): ${started.url}`,
        state: r.state,
      });
      applyRun(r, target.run, context.clock.now());
    });
  });
}
