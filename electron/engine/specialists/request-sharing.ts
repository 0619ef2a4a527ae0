/**
 * The ticket as the shared record of a specialist request. Every console that changes a
 * request writes what changed as an internal note on the request's ticket (a ServiceNow
 * work note, an internal Jira comment): sentences for people, then one line for the
 * consoles (the change as base64url JSON, which no ticketing system's markup rewrites).
 * Every console reads those notes back (request-sync.ts) and merges them into its own
 * copy, so a DBA's console on another machine lists the request raised by a developer,
 * and an approver elsewhere sees the approval it waits for.
 *
 * A change carries the request's core and only the new items of its lists (comments,
 * approvals, runs, history). Merging is idempotent and order-independent: list items are
 * matched by identity; the core's changing fields (state, assignee, who must still
 * approve) are taken from the change with the highest version, a Lamport counter each
 * shared change raises past every version its console has seen (ties broken by the
 * change's id), so consoles agree whatever their clocks say. What a request is (its
 * offering, team, requester, inputs, the pipeline inputs approvers approve) is fixed when
 * it is first read and never taken from a later note.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { StoredApproval, StoredComment, StoredHistoryEntry, StoredRequestCore, StoredRun, type StoredRequest } from './request-record';

/** The line that carries the record; what comes before it is for people. */
export const SHARED_LINE_PREFIX = 'On-Call Console record (for the consoles, do not edit): ';
/** Notes stay under this many characters (Jira takes 32,767 per comment). */
export const MAX_NOTE_CHARS = 30_000;
/** A sentence for people, or a text repeated in the record (a history summary, the last error), is cut to this. */
const MAX_TEXT_IN_NOTE = 500;

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
const historyKey = (entry: StoredHistoryEntry) => entry.key ?? `${entry.at}|${entry.summary}`;
const RUN_PROGRESS = { queued: 1, in_progress: 2, completed: 3 } as const;

function newItems<T>(after: readonly T[], before: readonly T[] | undefined, key: (item: T) => string): T[] {
  const known = new Set((before ?? []).map(key));
  return after.filter((item) => !known.has(key(item)));
}

const cut = (text: string, max = MAX_TEXT_IN_NOTE) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The fields of the core that matter to other consoles: the last error, the update time
 * and the version alone are not worth a note, and every console reads the ticket's state
 * from the ticket itself.
 */
function coreWithoutNoise(request: StoredRequest): string {
  const {
    comments: _c,
    approvals: _a,
    runs: _r,
    history: _h,
    lastError: _e,
    updatedAt: _u,
    ticket: _t,
    version: _v,
    versionTag: _g,
    ...core
  } = request;
  return JSON.stringify(core);
}

/**
 * What changed from `before` to `after`, as a change to share at the next version; null
 * when nothing other consoles need changed. `before` null: everything (the first note on
 * a new ticket, or catching up after a crash). The caller stores the new version.
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
  const id = randomBytes(8).toString('hex');
  const change: SharedChange = {
    v: 1,
    id,
    core: StoredRequestCore.parse({
      ...core,
      version: after.version + 1,
      versionTag: id,
      lastError: core.lastError === null ? null : cut(core.lastError),
    }),
    comments,
    approvals,
    runs: runs.map((run) => ({ ...run, followedHere: true })),
    history: history.map((entry) => ({ ...entry, summary: cut(entry.summary) })),
  };
  return fitToNote(change);
}

/** Drops the oldest comments and history from a change (a catch-up snapshot) until its note fits MAX_NOTE_CHARS. */
function fitToNote(change: SharedChange): SharedChange {
  const fitted = structuredClone(change);
  while (encodeSharedNote(fitted).length > MAX_NOTE_CHARS && (fitted.comments.length > 1 || fitted.history.length > 1)) {
    if (fitted.history.length > 1) fitted.history.shift();
    else fitted.comments.shift();
  }
  return fitted;
}

/** The note written on the ticket: the new history in words, then the record line. */
export function encodeSharedNote(change: SharedChange): string {
  const sentences = change.history.map((entry) => entry.summary).join('\n') || `${change.core.offeringTitle}: ${change.core.state}`;
  // People's words never start a line the consoles would read as a record.
  const words = cut(sentences.replaceAll(SHARED_LINE_PREFIX.trim(), 'On-Call Console record'), 2_000);
  return `${words}\n\n${SHARED_LINE_PREFIX}${Buffer.from(JSON.stringify(change)).toString('base64url')}`;
}

/**
 * The change a ticket note carries (its last record line): null when the note is not one
 * of ours; an Error that says what is wrong when it looks like one but cannot be read
 * (edited, truncated, a newer console's format).
 */
export function decodeSharedNote(text: string): SharedChange | Error | null {
  const line = text
    .split('\n')
    .filter((candidate) => candidate.startsWith(SHARED_LINE_PREFIX))
    .at(-1);
  if (line === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(line.slice(SHARED_LINE_PREFIX.length).trim(), 'base64url').toString('utf8'));
  } catch {
    return new Error('the console record in the note is not readable (truncated or edited by hand?)');
  }
  const parsed = SharedChange.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new Error(
      `the console record in the note is not readable: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}`,
    );
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

/** Whether the change's version is after ours (ties broken by the change's id, so every console picks the same). */
function isNewer(change: SharedChange, request: StoredRequest): boolean {
  const { version, versionTag } = change.core;
  return version > request.version || (version === request.version && versionTag > request.versionTag);
}

/**
 * Merges a change read from the ticket into our copy, in place: new list items are
 * appended (lists only grow), a run is replaced when the change knows it further along,
 * and the changing fields of the core are taken when the change's version is newer. Runs
 * started elsewhere are followed by the console that started them.
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
    // A run's inputs are what was approved: only its progress is taken from elsewhere.
    if (progress(incoming) > progress(ours)) request.runs[index] = { ...ours, run: incoming.run };
  }
  if (!isNewer(change, request)) return;
  const { state, assignee, approvalStillNeeded, lastError, updatedAt, version, versionTag } = structuredClone(change.core);
  Object.assign(request, {
    state,
    assignee,
    approvalStillNeeded,
    lastError,
    updatedAt: Math.max(updatedAt, request.updatedAt),
    version,
    versionTag,
  });
  request.ticket ??= change.core.ticket;
}
