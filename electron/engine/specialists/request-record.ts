/**
 * A specialist request as the engine keeps it (times in ms, the ticket's own id, every
 * run with the inputs and idempotency key it was dispatched with), and how it is shown
 * through the contract: SpecialistRequest, with the SLA clocks computed from its history
 * at the moment it is read.
 */
import { z } from 'zod';
import type { Offering } from '../../../shared/domain/catalogue';
import { PipelineRun } from '../../../shared/domain/pipeline';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import { computeSla, RequestState } from '../../../shared/rules/request-lifecycle';

export const Person = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type Person = z.infer<typeof Person>;

export const StoredComment = z.object({ id: z.string(), author: Person, text: z.string(), at: z.number(), asksRequester: z.boolean() });
export type StoredComment = z.infer<typeof StoredComment>;

export const StoredApproval = z.object({ approver: Person, decision: z.enum(['approve', 'reject']), comment: z.string(), at: z.number() });
export type StoredApproval = z.infer<typeof StoredApproval>;

export const StoredRun = z.object({
  /** 1 for the first dispatch, 2 for the first retry, ... */
  number: z.number().int().positive(),
  /** The idempotency key the run carries: `<request id>-<number>`. */
  key: z.string(),
  /** The inputs it is dispatched with (templates filled in). */
  inputs: z.record(z.string(), z.string()),
  requestedBy: Person,
  requestedAt: z.number(),
  /** The run as last seen; null until the pipeline accepted the dispatch. */
  run: PipelineRun.nullable(),
  /** This console started the run and follows it; a run read from the ticket is followed by the console that started it. */
  followedHere: z.boolean().default(true),
});
export type StoredRun = z.infer<typeof StoredRun>;

export const StoredHistoryEntry = z.object({
  at: z.number(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  summary: z.string(),
  state: RequestState,
  /** Set for an event any console may record (a run started or ended): consoles that both record it keep one entry. */
  key: z.string().optional(),
});
export type StoredHistoryEntry = z.infer<typeof StoredHistoryEntry>;

const StoredTicket = z.object({ id: z.string(), number: z.string(), url: z.string(), state: z.string() });
type StoredTicket = z.infer<typeof StoredTicket>;

/** The fields kept in the request's own row (the lists live in their own tables). */
export const StoredRequestCore = z.object({
  id: z.string(),
  offeringId: z.string(),
  offeringTitle: z.string(),
  kind: z.enum(['expertise', 'self-service']),
  teamId: z.string(),
  teamName: z.string(),
  state: RequestState,
  requester: Person,
  assignee: Person.nullable(),
  inputs: z.record(z.string(), z.unknown()),
  incidentId: z.string().nullable(),
  urgent: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  ticket: StoredTicket.nullable(),
  lastError: z.string().nullable(),
  /** Self-service: the pipeline's inputs, rendered once at submit (what the approvers approve and every run gets). */
  pipelineInputs: z.record(z.string(), z.string()).nullable(),
  /** Self-service: who must still approve, in words ("noah.schmidt@example.com", "any one member of Database Administration"). */
  approvalStillNeeded: z.array(z.string()),
  /** The shared record's version of the changing fields (request-sharing.ts): raised by each change shared. */
  version: z.number().int().nonnegative().default(0),
  /** The id of the change that made this version (breaks ties between consoles). */
  versionTag: z.string().default(''),
  /** The failed request this one runs again with changed inputs (fixed when the request is made). */
  retryOf: z.string().nullable().optional(),
});
export type StoredRequestCore = z.infer<typeof StoredRequestCore>;

export interface StoredRequest extends StoredRequestCore {
  comments: StoredComment[];
  approvals: StoredApproval[];
  runs: StoredRun[];
  history: StoredHistoryEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The request as the contract shows it, SLA clocks computed at `now`. */
export function toSpecialistRequest(request: StoredRequest, offering: Pick<Offering, 'sla'> | undefined, now: number): SpecialistRequest {
  // Items merged from other consoles are appended as they arrive: show everything in time order.
  const history = [...request.history].sort((a, b) => a.at - b.at);
  const comments = [...request.comments].sort((a, b) => a.at - b.at);
  const changes = history.map((entry) => ({ state: entry.state, at: entry.at }));
  const sla = offering ? computeSla(request.kind, offering.sla, changes, now) : null;
  /** Running clocks only: a paused or stopped clock has no due time. */
  const due = (clock: { dueAt: number | null } | undefined) => (clock?.dueAt != null ? iso(clock.dueAt) : null);
  return {
    id: request.id,
    offeringId: request.offeringId,
    offeringTitle: request.offeringTitle,
    kind: request.kind,
    teamId: request.teamId,
    teamName: request.teamName,
    state: request.state,
    requester: { ...request.requester },
    assignee: request.assignee ? { ...request.assignee } : null,
    inputs: request.inputs,
    incidentId: request.incidentId,
    urgent: request.urgent,
    createdAt: iso(request.createdAt),
    updatedAt: iso(request.updatedAt),
    ticket: request.ticket ? { number: request.ticket.number, url: request.ticket.url, state: request.ticket.state } : null,
    comments: comments.map((comment) => ({
      id: comment.id,
      author: { ...comment.author },
      text: comment.text,
      at: iso(comment.at),
      asksRequester: comment.asksRequester,
    })),
    approvals: request.approvals.map((approval) => ({
      approver: { ...approval.approver },
      decision: approval.decision,
      comment: approval.comment,
      at: iso(approval.at),
    })),
    approvalStillNeeded: [...request.approvalStillNeeded],
    runs: request.runs.flatMap((run) => (run.run ? [run.run] : [])),
    history: history.map((entry) => ({ at: iso(entry.at), actor: entry.actor, summary: entry.summary, state: entry.state })),
    sla: {
      responseDueAt: due(sla?.response),
      resolutionDueAt: due(sla?.resolution),
      responseBreached: sla?.response.breached ?? false,
      resolutionBreached: sla?.resolution.breached ?? false,
    },
    lastError: request.lastError,
    retryOf: request.retryOf ?? null,
  };
}
