/**
 * Carries out one outbox action against the paging platform, safely repeatable.
 *
 * The outbox may replay an action after a crash or an ambiguous failure, so each kind is
 * made safe to repeat:
 * - acknowledge, resolve and the field changes (reassign, escalate, priority, urgency)
 *   set a value, which is safe to send again; each goes out in as few calls as the API
 *   allows (PUT /incidents, 250 incidents a call) and is recorded as one step once done.
 * - a note is not idempotent, so each note is a recorded step: once it is known to have
 *   landed it is never sent again, and when an earlier attempt may have landed without
 *   being recorded (a crash between the POST and the record), the incident's notes are
 *   read first and an identical note written since the action was created counts as done.
 * - a snooze restarts its timer when sent again, so each incident's snooze is its own
 *   recorded step (PagerDuty has no bulk snooze); a replay snoozes only the rest.
 * - a responder request pages people again when repeated: it is one recorded step, and
 *   after an ambiguous attempt the incident's responders are read first (the same message
 *   from us, requested since the action was created, counts as done).
 * - a merge is one recorded step; the provider leaves out sources already resolved, so a
 *   replay after a merge that landed sends nothing.
 * - acknowledge and resolve are recorded steps too: once the paging platform took them, a
 *   replay (because the ticketing half failed) must not send them again, since
 *   acknowledging an incident someone resolved meanwhile would reopen it.
 * Then, when a ticketing system is configured, the ticket half (ticketing/ticket-mirror.ts)
 * runs, one recorded step per incident.
 */
import { CHANGE_ACTION_KINDS, SPECIALIST_ACTION_KINDS, type ActionRequest } from '../../shared/domain/action';
import { STALE_CHECKED_KINDS, notOpenText, staleRefusal } from '../../shared/rules/stale-action';
import { actionCapability } from '../../shared/rules/platform-capabilities';
import { majorDeclarationMessage } from '../../shared/domain/paging-notes';
import { PAGING_DONE_STEP, REFUSED_STEP, type ClaimedAction } from './outbox';
import { WaitingForEarlierAction } from './outbox-runner';
import { ProviderError, type IncidentChange, type PagingProvider } from './ports';
import { mirrorToTicket, touchesTicket, type TicketMirrorContext } from './ticketing/ticket-mirror';
import type { ClaimMemory } from './ticketing/ticket-opener';

/** Tolerance for clock skew between this machine and the vendor when matching a note or a request. */
const MATCH_SKEW_MS = 5 * 60_000;

export interface ExecutionContext {
  provider: PagingProvider;
  /** Remembers a step as done (durably) so that a replay skips it. */
  recordStep(step: string): void;
  /** The escalation policy of a paging service (reassigning to a service). */
  escalationPolicyOfService?(serviceId: string): Promise<string>;
  /** The id of the paging priority with this name (P1 for a major incident), or null. */
  priorityIdByName?(name: string): Promise<string | null>;
  /** The incident managers' escalation policies, added as responders to a major incident. */
  incidentManagerPolicyIds?: readonly string[];
  /** Present when a ticketing system is configured: the ticket half of each action. */
  ticketMirror?: TicketMirrorContext;
  /** Present when the workspace has a catalogue: carries out the specialist requests' actions. */
  specialists?: { execute(claimed: ClaimedAction, recordStep: (step: string) => void): Promise<void> };
  /** The change desk, which carries out the change actions (decisions, proposals, closes). */
  changes?: { execute(claimed: ClaimedAction): Promise<void> };
  /** Called once when the paging half of an action has landed (`actionId`: its outbox record). */
  onPagingDone?(request: ActionRequest, actionId: string): void;
  /** True while an earlier action on the same incidents is still pending: the ticket half waits its turn. */
  earlierActionPending?(): boolean;
  /** The paging user the console acts as (its own changes are not someone else's), or null when unknown. */
  actingUserId?(): Promise<string | null>;
  /** The paging platform of an incident (id "pagerduty" or "splunk-on-call", and its name); default: the provider's own. */
  platformOf?(incidentId: string): { id: string; label: string };
  now?(): number;
}

interface Refusal {
  incidentId: string;
  /** "#123 is already resolved, by Marcus Chen 4 s ago"; for an unknown id, the reason alone. */
  why: string;
  known: boolean;
  /** The incident's platform in words (absent in refusals recorded before there were several). */
  platformName?: string;
}

/**
 * The action cut down to the incidents it still makes sense on (shared/rules/stale-action.ts),
 * read fresh from the platform just before its paging half; each refusal is recorded as a
 * step, so a replay leaves the same incidents out (their tickets included) and says so again.
 */
async function leaveOutStale(
  record: ClaimedAction['record'],
  progress: ClaimedAction['progress'],
  context: ExecutionContext,
): Promise<{ request: ActionRequest; refusals: Refusal[] }> {
  const original = record.request;
  const refusals: Refusal[] = Object.keys(progress)
    .filter((step) => step.startsWith(REFUSED_STEP))
    .map((step) => JSON.parse(step.slice(REFUSED_STEP.length)) as Refusal);
  if (STALE_CHECKED_KINDS.has(original.kind) && !progress[PAGING_DONE_STEP] && refusals.length === 0) {
    const current = await context.provider.incidentsNow(original.incidentIds);
    const meId = (await context.actingUserId?.().catch(() => null)) ?? null;
    const now = context.now?.() ?? Date.now();
    for (const incidentId of original.incidentIds) {
      const incident = current.get(incidentId);
      const platformName = platformOf(context, incidentId).label;
      const check = { request: original, current: incident, meId, actionCreatedAt: Date.parse(record.createdAt), now, platformName };
      const why = staleRefusal(check);
      if (!why) continue;
      const refusal: Refusal = { incidentId, why, known: incident !== undefined, platformName };
      refusals.push(refusal);
      context.recordStep(`${REFUSED_STEP}${JSON.stringify(refusal)}`);
    }
  }
  if (refusals.length === 0) return { request: original, refusals };
  const left = new Set(refusals.map((refusal) => refusal.incidentId));
  return { request: { ...original, incidentIds: original.incidentIds.filter((id) => !left.has(id)) } as ActionRequest, refusals };
}

/**
 * The ticket claims this action made on an incident, kept as recorded steps (the note ids),
 * so a host that restarts mid-claim still knows the claim is its own; a claim settled or
 * withdrawn is recorded as gone.
 */
function claimMemory(incidentId: string, progress: ClaimedAction['progress'], recordStep: (step: string) => void): ClaimMemory {
  const made = `ticket-claim:${incidentId}:`;
  const gone = `ticket-claim-gone:${incidentId}:`;
  const steps = Object.keys(progress);
  const mine = new Set(steps.filter((step) => step.startsWith(made)).map((step) => step.slice(made.length)));
  for (const step of steps) if (step.startsWith(gone)) mine.delete(step.slice(gone.length));
  return {
    mine: () => mine,
    remember: (noteId) => {
      mine.add(noteId);
      recordStep(`${made}${noteId}`);
    },
    forget: (noteId) => {
      mine.delete(noteId);
      recordStep(`${gone}${noteId}`);
    },
  };
}

const DONE_WORDS: Partial<Record<ActionRequest['kind'], string>> = {
  acknowledge: 'acknowledged',
  reopen: 'reopened',
  resolve: 'resolved',
  snooze: 'snoozed',
  reassign: 'reassigned',
  escalate: 'escalated',
  setPriority: 'given the new priority',
  setUrgency: 'given the new urgency',
};

/** "Not acknowledged: #123 is already resolved, by Marcus Chen 4 s ago. The other 8 were acknowledged." */
function describeRefusals(request: ActionRequest, refusals: readonly Refusal[]): string {
  const done = DONE_WORDS[request.kind] ?? 'done';
  const known = refusals.filter((refusal) => refusal.known).map((refusal) => refusal.why);
  const parts = known.slice(0, 5);
  if (known.length > 5) parts.push(`and ${known.length - 5} more changed by someone else`);
  // The ids a platform does not know (as open), per platform.
  const unknownByPlatform = new Map<string, string[]>();
  for (const refusal of refusals) {
    if (refusal.known) continue;
    const platform = refusal.platformName ?? 'PagerDuty';
    unknownByPlatform.set(platform, [...(unknownByPlatform.get(platform) ?? []), refusal.incidentId]);
  }
  for (const [platform, unknown] of unknownByPlatform) {
    const listed = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    parts.push(notOpenText(platform, listed));
  }
  const rest = request.incidentIds.length - refusals.length;
  const others = rest > 0 ? ` The other ${rest === 1 ? 'one was' : `${rest} were`} ${done}.` : '';
  return `Not ${done}: ${parts.join('; ')}.${others}`;
}

/** The incident's paging platform: the context's router says, else the one provider there is. */
function platformOf(context: ExecutionContext, incidentId: string): { id: string; label: string } {
  return context.platformOf?.(incidentId) ?? context.provider;
}

export async function executeAction({ record, progress }: ClaimedAction, context: ExecutionContext): Promise<void> {
  if (SPECIALIST_ACTION_KINDS.has(record.request.kind)) {
    if (!context.specialists)
      throw new ProviderError(
        'rejected',
        'This workspace has no service catalogue any more: the specialist request step cannot be carried out',
      );
    return context.specialists.execute({ record, progress }, context.recordStep);
  }
  if (CHANGE_ACTION_KINDS.has(record.request.kind)) {
    if (!context.changes) throw new ProviderError('rejected', 'This workspace has no change system any more: the change cannot be written');
    return context.changes.execute({ record, progress });
  }
  const { provider } = context;
  // Checked against the incidents as they are now: the ones someone else changed first are left out, and said so at the end.
  const { request, refusals } = await leaveOutStale(record, progress, context);
  /** True when an earlier attempt may have landed (the claim counts as an attempt). */
  const mayHaveLanded = record.attempts > 1;
  const createdAt = Date.parse(record.createdAt);
  const since = createdAt - MATCH_SKEW_MS;

  /** Runs a step unless a previous attempt recorded it; records it once it is done. */
  const once = async (step: string, run: () => Promise<void>) => {
    if (progress[step]) return;
    await run();
    context.recordStep(step);
  };

  const addNoteOnce = (incidentId: string, content: string) =>
    once(`note:${incidentId}`, async () => {
      if (mayHaveLanded) {
        const notes = await provider.listNotes(incidentId);
        if (notes.some((note) => note.content === content && Date.parse(note.createdAt) >= since)) return;
      }
      await provider.addNote(incidentId, content);
    });

  const update = (change: IncidentChange) => once('update', () => provider.updateIncidents(request.incidentIds, change));

  // What each incident's platform takes (shared/rules/platform-capabilities.ts): a half it cannot take is skipped, the ticket half still runs.
  const capabilityOf = (incidentId: string) =>
    actionCapability(platformOf(context, incidentId).id, request.kind, { ticketing: context.ticketMirror !== undefined });
  const takesPagingHalf = (incidentId: string) => capabilityOf(incidentId).pagingHalf;
  const keepsNotes = (incidentId: string) => capabilityOf(incidentId).notesOnIncident;

  if (request.incidentIds.length === 0) throw new ProviderError('rejected', describeRefusals(record.request, refusals));
  await pagingHalf();
  // Told once, as soon as the paging platform has it, even while the ticket half still retries.
  await once(PAGING_DONE_STEP, async () => context.onPagingDone?.(request, record.id));
  if (context.ticketMirror && touchesTicket(request)) {
    // The ticket takes the incident's changes in the order the user gave them, like the paging platform.
    if (context.earlierActionPending?.())
      throw new WaitingForEarlierAction(`Waiting for an earlier action on this incident to reach ${context.ticketMirror.ticketing.label}`);
    await mirrorToTicket(request, record.id, once, context.ticketMirror, (incidentId) =>
      claimMemory(incidentId, progress, context.recordStep),
    );
  }
  if (refusals.length > 0) throw new ProviderError('rejected', describeRefusals(record.request, refusals));

  async function pagingHalf(): Promise<void> {
    switch (request.kind) {
      case 'acknowledge':
        await once('acknowledge', () => provider.acknowledge(request.incidentIds));
        return;
      case 'reopen':
        await once('reopen', () => provider.reopen(request.incidentIds));
        return;
      case 'resolve':
        if (request.note) {
          for (const incidentId of request.incidentIds.filter(keepsNotes)) await addNoteOnce(incidentId, request.note);
        }
        // A platform without notes takes the resolution note as the resolve's message.
        await once('resolve', () => provider.resolve(request.incidentIds, request.note || undefined));
        return;
      case 'addNote':
        for (const incidentId of request.incidentIds.filter(takesPagingHalf)) await addNoteOnce(incidentId, request.content);
        return;
      case 'reassign': {
        const to = request.to;
        if (to.type === 'users') await update({ assignTo: { userIds: to.userIds } });
        else if (to.type === 'escalationPolicy') await update({ assignTo: { escalationPolicyId: to.escalationPolicyId } });
        else {
          if (!context.escalationPolicyOfService) throw new ProviderError('rejected', 'Reassigning to a service needs the directory');
          const escalationPolicyId = await context.escalationPolicyOfService(to.serviceId);
          await update({ assignTo: { escalationPolicyId } });
        }
        return;
      }
      case 'declareMajor': {
        const incidentId = request.incidentIds[0]!;
        if (!takesPagingHalf(incidentId)) return;
        const p1 = (await context.priorityIdByName?.('P1')) ?? null;
        if (p1) await update({ priorityId: p1 });
        const managers = context.incidentManagerPolicyIds ?? [];
        if (managers.length > 0) {
          await once(`responders:${incidentId}`, () =>
            provider.addResponders(incidentId, {
              userIds: [],
              escalationPolicyIds: [...managers],
              message: majorDeclarationMessage(request.reason),
            }),
          );
        }
        return;
      }
      case 'noteFromTicket':
        if (takesPagingHalf(request.incidentIds[0]!)) await addNoteOnce(request.incidentIds[0]!, request.content);
        return;
      case 'openTicket':
      case 'resolveTicket':
        // Ticket-only automations: the ticket half does the work.
        return;
      case 'escalate':
        await update({ escalationLevel: request.level });
        return;
      case 'setPriority':
        await update({ priorityId: request.priorityId });
        return;
      case 'setUrgency':
        await update({ urgency: request.urgency });
        return;
      case 'snooze':
        await snoozeEach(request.incidentIds, request.durationSeconds, provider, once);
        return;
      case 'addResponders': {
        const incidentId = request.incidentIds[0]!;
        await once(`responders:${incidentId}`, async () => {
          if (mayHaveLanded) {
            const { responders } = await provider.getIncidentDetail(incidentId);
            const landed = responders.some(
              (responder) =>
                responder.message === request.message && responder.requestedAt !== null && Date.parse(responder.requestedAt) >= since,
            );
            if (landed) return;
          }
          await provider.addResponders(incidentId, {
            userIds: request.userIds,
            escalationPolicyIds: request.escalationPolicyIds,
            message: request.message,
          });
        });
        return;
      }
      case 'merge':
        await once('merge', () => provider.merge(request.targetIncidentId, request.incidentIds));
        return;
    }
  }
}

/**
 * Snoozes each incident, one call and one recorded step per incident. A refusal (the
 * incident is not acknowledged, say) does not stop the others; the refusals are reported
 * together at the end. A transient failure stops the round: the outbox retries the rest.
 */
async function snoozeEach(
  incidentIds: string[],
  durationSeconds: number,
  provider: PagingProvider,
  once: (step: string, run: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const refused: string[] = [];
  for (const incidentId of incidentIds) {
    try {
      await once(`snooze:${incidentId}`, () => provider.snooze(incidentId, durationSeconds));
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'rejected') refused.push(`${incidentId}: ${error.message}`);
      else throw error;
    }
  }
  if (refused.length > 0) {
    throw new ProviderError(
      'rejected',
      `Could not snooze ${refused.length} of ${incidentIds.length} incident(s) (only acknowledged incidents can be snoozed): ${refused.slice(0, 5).join('; ')}`,
    );
  }
}
