/**
 * Actions a user takes on incidents, and their life in the durable outbox.
 *
 * Every write to an outside system is an action: recorded first, then sent, retried
 * until it lands or fails for good, and shown to the user as pending, done or failed.
 */
import { z } from 'zod';
import { Timestamp } from './incident';

export const ActionRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acknowledge'), incidentIds: z.array(z.string().min(1)).min(1) }),
  z.object({
    kind: z.literal('resolve'),
    incidentIds: z.array(z.string().min(1)).min(1),
    /** A resolution note, added to each incident before it is resolved. */
    note: z.string().trim().max(25_000).optional(),
  }),
  z.object({
    kind: z.literal('addNote'),
    incidentIds: z.array(z.string().min(1)).length(1),
    content: z.string().trim().min(1, 'A note needs some text').max(25_000),
  }),
]);
export type ActionRequest = z.infer<typeof ActionRequest>;
export type ActionKind = ActionRequest['kind'];

export const ActionState = z.enum(['pending', 'done', 'failed']);
export type ActionState = z.infer<typeof ActionState>;

export const ActionRecord = z.object({
  id: z.string(),
  request: ActionRequest,
  state: ActionState,
  attempts: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  nextAttemptAt: Timestamp.nullable(),
  /** Why the last attempt failed, in words a user can act on. */
  lastError: z.string().nullable(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

/** A short human label for an action, e.g. "Acknowledge 3 incidents". */
export function describeAction(request: ActionRequest): string {
  const count = request.incidentIds.length;
  const what = count === 1 ? 'incident' : `${count} incidents`;
  switch (request.kind) {
    case 'acknowledge':
      return `Acknowledge ${what}`;
    case 'resolve':
      return `Resolve ${what}`;
    case 'addNote':
      return 'Add note';
  }
}
