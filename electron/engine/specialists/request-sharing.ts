/**
 * The ticket as the shared record of a specialist request. Every console that changes a
 * request writes what changed as an internal note on the request's ticket (a ServiceNow
 * work note, an internal Jira comment): a sentence for people, then one line of JSON for
 * the consoles. Every console reads those notes back (request-sync.ts) and merges them
 * into its own copy, so a DBA's console on another machine lists the request raised by a
 * developer, and an approver elsewhere sees the approval it waits for.
 *
 * A change carries the request's whole core (state, assignee, who must still approve) and
 * only the new items of its lists (comments, approvals, runs, history). Merging is
 * idempotent: list items are matched by identity, the core is taken when it is at least as
 * recent as ours, so reading a note twice, or our own note back, changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { StoredApproval, StoredComment, StoredHistoryEntry, StoredRequestCore, StoredRun, type StoredRequest } from './request-record';

/** The line that carries the JSON; what comes before it is for people. */
export const SHARED_LINE_PREFIX = 'On-Call Console record (for the consoles, do not edit): ';

export const SharedChange = z.object({
  v: z.literal(1),
  /** Unique per change, so the same change is recognised wherever it is read. */
  id: z.string().min(1),
  core: StoredRequestCore,
  comments: z.array(StoredComment),
  approvals: z.array(StoredApproval),
  runs: z.array(StoredRun),
  history: z.array(StoredHistoryEntry),
});
export type SharedChange = z.infer<typeof SharedChange>;

const commentKey = (comment: StoredComment) => comment.id;
const approvalKey = (approval: StoredApproval) => `${approval.approver.email.toLowerCase()}|${approval.decision}|${approval.at}`;
const historyKey = (entry: StoredHistoryEntry) => `${entry.at}|${entry.summary}`;
const RUN_PROGRESS = { queued: 1, in_progress: 2, completed: 3 } as const;

function newItems<T>(after: readonly T[], before: readonly T[] | undefined, key: (item: T) => string): T[] {
  const known = new Set((before ?? []).map(key));
  return after.filter((item) => !known.has(key(item)));
}

/**
 * The fields of the core that matter to other consoles: lastError and updatedAt alone are
 * not worth a note, and every console reads the ticket's state from the ticket itself.
 */
function coreWithoutNoise(request: StoredRequest): string {
  const { comments: _comments, approvals: _approvals, runs: _runs, history: _history, lastError: _lastError, updatedAt: _updatedAt, ticket: _ticket, ...core } = request;
  return JSON.stringify(core);
}

/**
 * What changed from `before` to `after`, as a change to share; null when nothing other
 * consoles need changed. `before` null: everything (the first note on a new ticket).
 */
export function changeToShare(before: StoredRequest | null, after: StoredRequest): SharedChange | null {
  const comments = newItems(after.comments, before?.comments, commentKey);
  const approvals = newItems(after.approvals, before?.approvals, approvalKey);
  const history = newItems(after.history, before?.history, historyKey);
  const runs = after.runs.filter((run) => {
    const previous = before?.runs.find((candidate) => candidate.number === run.number);
    return !previous || JSON.stringify({ ...previous, followedHere: true }) !== JSON.stringify({ ...run, followedHere: true });
  });
  const coreChanged = before === null || coreWithoutNoise(before) !== coreWithoutNoise(after);
  if (!coreChanged && comments.length + approvals.length + history.length + runs.length === 0) return null;
  const { comments: _c, approvals: _a, runs: _r, history: _h, ...core } = after;
  return {
    v: 1,
    id: randomBytes(8).toString('hex'),
    core: StoredRequestCore.parse(core),
    comments,
    approvals,
    runs: runs.map((run) => ({ ...run, followedHere: true })),
    history,
  };
}

/** The note written on the ticket: the new history in words, then the change as JSON. */
export function encodeSharedNote(change: SharedChange): string {
  const words = change.history.map((entry) => entry.summary).join('\n') || `${change.core.offeringTitle}: ${change.core.state}`;
  return `${words}\n\n${SHARED_LINE_PREFIX}${JSON.stringify(change)}`;
}

/**
 * The change a ticket note carries: null when the note is not one of ours; an Error that
 * says what is wrong when it looks like one but cannot be read (edited, truncated, a newer
 * console's format).
 */
export function decodeSharedNote(text: string): SharedChange | Error | null {
  const line = text.split('\n').find((candidate) => candidate.startsWith(SHARED_LINE_PREFIX));
  if (line === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(line.slice(SHARED_LINE_PREFIX.length).trim());
  } catch {
    return new Error('the console record in the note is not valid JSON (truncated or edited by hand?)');
  }
  const parsed = SharedChange.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new Error(`the console record in the note is not readable: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

/** A new request made from a change read elsewhere (its lists as far as this change knows them). */
export function requestFromShared(change: SharedChange): StoredRequest {
  return {
    ...structuredClone(change.core),
    comments: structuredClone(change.comments),
    approvals: structuredClone(change.approvals),
    runs: change.runs.map((run) => ({ ...structuredClone(run), followedHere: false })),
    history: structuredClone(change.history),
  };
}

/**
 * Merges a change read from the ticket into our copy, in place: new list items are
 * appended (lists only grow), a run is replaced when the change knows it further along, and
 * the core is taken when it is at least as recent as ours (keeping the ticket we know when
 * the change predates it). Runs started elsewhere are followed by the console that started them.
 */
export function mergeShared(request: StoredRequest, change: SharedChange): void {
  request.comments.push(...newItems(change.comments, request.comments, commentKey));
  request.approvals.push(...newItems(change.approvals, request.approvals, approvalKey));
  request.history.push(...newItems(change.history, request.history, historyKey));
  for (const incoming of change.runs) {
    const index = request.runs.findIndex((run) => run.number === incoming.number);
    const ours = request.runs[index];
    if (!ours) {
      request.runs.push({ ...incoming, followedHere: false });
      continue;
    }
    const progress = (run: typeof ours) => (run.run ? RUN_PROGRESS[run.run.status] : 0);
    if (progress(incoming) > progress(ours)) request.runs[index] = { ...incoming, followedHere: ours.followedHere };
  }
  if (change.core.updatedAt >= request.updatedAt) {
    const ticket = change.core.ticket ?? request.ticket;
    Object.assign(request, structuredClone(change.core), { ticket });
  }
}
