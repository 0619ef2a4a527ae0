/**
 * A request to a specialist team, raised from the catalogue: an ask for expertise (a
 * ticket in the team's queue) or a self-service action (approval, then a pipeline run).
 * The engine keeps the record; the requester and the specialists see the same one.
 */
import { z } from 'zod';
import { PipelineRun } from './pipeline';
import { Ref, Timestamp } from './incident';
import { RequestState } from '../rules/request-lifecycle';

const RequestComment = z.object({
  id: z.string(),
  author: Ref.extend({ email: z.string() }),
  text: z.string(),
  at: Timestamp,
  /** A question to the requester (the request waits for their answer). */
  asksRequester: z.boolean(),
});
type RequestComment = z.infer<typeof RequestComment>;

const RequestApproval = z.object({
  approver: Ref.extend({ email: z.string() }),
  decision: z.enum(['approve', 'reject']),
  comment: z.string(),
  at: Timestamp,
});
type RequestApproval = z.infer<typeof RequestApproval>;

/** One thing that happened to the request, for its history. */
const RequestHistoryEntry = z.object({
  at: Timestamp,
  actor: Ref.nullable(),
  /** What happened, in a sentence. */
  summary: z.string(),
  state: RequestState,
});

export const SpecialistRequest = z.object({
  id: z.string(),
  offeringId: z.string(),
  offeringTitle: z.string(),
  kind: z.enum(['expertise', 'self-service']),
  teamId: z.string(),
  teamName: z.string(),
  state: RequestState,
  requester: Ref.extend({ email: z.string() }),
  /** Who in the specialist team holds it (expertise). */
  assignee: Ref.extend({ email: z.string() }).nullable(),
  /** The form as submitted. */
  inputs: z.record(z.string(), z.unknown()),
  /** The incident it was raised from, if any. */
  incidentId: z.string().nullable(),
  urgent: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** The ticket in the specialist team's queue (expertise), when raised. */
  ticket: z.object({ number: z.string(), url: z.string(), state: z.string() }).nullable(),
  comments: z.array(RequestComment),
  approvals: z.array(RequestApproval),
  /** Approvers still needed (self-service with approval). */
  approvalStillNeeded: z.array(z.string()),
  /** Pipeline runs, newest last (a retry adds one). */
  runs: z.array(PipelineRun),
  history: z.array(RequestHistoryEntry),
  /** Response and resolution due times, and whether they are breached. */
  sla: z.object({
    responseDueAt: Timestamp.nullable(),
    resolutionDueAt: Timestamp.nullable(),
    responseBreached: z.boolean(),
    resolutionBreached: z.boolean(),
  }),
  /** Why the last step failed, in words the user can act on (pipeline refused, approval rejected ...). */
  lastError: z.string().nullable(),
  /** The failed request this one runs again, with changed inputs (self-service). */
  retryOf: z.string().nullable().optional(),
});
export type SpecialistRequest = z.infer<typeof SpecialistRequest>;

/** The demo's personas: whose eyes the console shows the catalogue and requests through. */
export const Persona = z.object({
  id: z.enum(['developer', 'dba', 'network-engineer', 'incident-manager', 'change-manager']),
  label: z.string(),
  user: Ref.extend({ email: z.string() }),
  /** The specialist teams (catalogue team ids) whose requests this persona triages. */
  triagesTeamIds: z.array(z.string()),
});
export type Persona = z.infer<typeof Persona>;
