/**
 * The incident detail pane's reads, kept for a short while per incident so that opening a
 * detail again, or the pane refetching after every event, costs nothing when nothing that
 * it shows has changed.
 *
 * A kept detail is served again while it is younger than the time-to-live, no action has
 * landed on the incident since, and the incident in the store (fed by the paging sync) is
 * the one the detail was read with, or the one the read returned. Otherwise the provider
 * is asked again with what is kept as hints (ports: IncidentDetailHints): the parts no
 * landed action may have changed, escalation paths of other incidents read within the
 * on-call cache time, and the engine's shared directory and on-call reads when they are
 * fresh, so it reads only the incident and its timeline, plus what changed.
 */
import type { ActionRequest } from '../../shared/domain/action';
import type { EscalationPath, Incident, IncidentDetail } from '../../shared/domain/incident';
import type { Clock, IncidentDetailHints, PagingProvider } from './ports';

/** How long a read detail is served again when nothing says it changed (notes or alerts written elsewhere show after this). */
const DETAIL_TTL_MS = 30_000;
/** How long an escalation path's on-call people are reused for other incidents on the same policy (the on-call cache time). */
const ESCALATION_TTL_MS = 60_000;
/** Kept details at most (the oldest go first); a person looks at a few at a time. */
const MAX_KEPT = 50;

type Part = 'notes' | 'alerts';

/** Landed actions that change neither the notes nor the alerts (every action writes to the timeline, which is always read again). */
const TIMELINE_ONLY: ReadonlySet<ActionRequest['kind']> = new Set([
  'acknowledge',
  'reassign',
  'escalate',
  'setPriority',
  'setUrgency',
  'snooze',
  'addResponders',
]);
/** Landed actions that may change the notes but not the alerts. */
const NOTES_TOO: ReadonlySet<ActionRequest['kind']> = new Set(['addNote', 'declareMajor', 'openTicket', 'noteFromTicket', 'resolveTicket']);

interface Kept {
  detail: IncidentDetail;
  readAt: number;
  /** The store's incident when the read started (undefined: not in the store). */
  basis: Incident | undefined;
  /** The incident's generation when the read started: a landed action since means it is not served again as it is. */
  generation: number;
}

interface IncidentDetailCacheDeps {
  paging: Pick<PagingProvider, 'getIncidentDetail'>;
  store: { get(incidentId: string): Incident | undefined };
  clock: Clock;
  /** The engine's shared reads when fresh (never loaded for the detail's sake). */
  shared(): Pick<IncidentDetailHints, 'escalationPolicies' | 'oncalls'>;
}

export class IncidentDetailCache {
  private readonly kept = new Map<string, Kept>();
  private readonly inFlight = new Map<string, { promise: Promise<IncidentDetail>; generation: number }>();
  /** Bumped by every landed action on an incident, so neither a kept read nor one in flight from before is served after it. */
  private readonly generations = new Map<string, number>();
  /** Parts landed actions may have changed, until a read started after the last of them has ended. */
  private readonly staleParts = new Map<string, Set<Part>>();
  private readonly escalations = new Map<string, { path: EscalationPath; at: number }>();

  constructor(private readonly deps: IncidentDetailCacheDeps) {}

  get(incidentId: string): Promise<IncidentDetail> {
    const now = this.deps.clock.now();
    const current = this.deps.store.get(incidentId);
    const generation = this.generations.get(incidentId) ?? 0;
    const kept = this.kept.get(incidentId);
    const fresh = kept && now - kept.readAt < DETAIL_TTL_MS ? kept : undefined;
    if (fresh && fresh.generation === generation && sameAsRead(current, fresh)) return Promise.resolve(fresh.detail);
    const flying = this.inFlight.get(incidentId);
    if (flying && flying.generation === generation) return flying.promise;
    const promise = this.read(incidentId, current, fresh, generation).finally(() => {
      if (this.inFlight.get(incidentId)?.promise === promise) this.inFlight.delete(incidentId);
    });
    this.inFlight.set(incidentId, { promise, generation });
    return promise;
  }

  /** An action landed (or was refused because someone changed the incident first): what it may have changed is read again. */
  actionLanded(request: ActionRequest): void {
    const parts: Part[] = TIMELINE_ONLY.has(request.kind) ? [] : NOTES_TOO.has(request.kind) ? ['notes'] : ['notes', 'alerts'];
    for (const incidentId of request.incidentIds) {
      this.generations.set(incidentId, (this.generations.get(incidentId) ?? 0) + 1);
      const stale = this.staleParts.get(incidentId) ?? new Set<Part>();
      for (const part of parts) stale.add(part);
      this.staleParts.set(incidentId, stale);
    }
  }

  private async read(incidentId: string, basis: Incident | undefined, kept: Kept | undefined, generation: number): Promise<IncidentDetail> {
    const startedAt = this.deps.clock.now();
    const stale = this.staleParts.get(incidentId);
    const hints: IncidentDetailHints = {
      ...this.deps.shared(),
      recentEscalations: this.recentEscalations(startedAt),
      ...(kept ? { known: kept.detail, stale: { notes: stale?.has('notes') ?? false, alerts: stale?.has('alerts') ?? false } } : {}),
    };
    const detail = await this.deps.paging.getIncidentDetail(incidentId, hints);
    // Kept from the read that asked the platform (or the fresh shared read): a path rebuilt from a kept one does not renew it.
    if (detail.escalation && !this.escalations.has(detail.escalation.policy.id)) {
      this.escalations.set(detail.escalation.policy.id, { path: detail.escalation, at: startedAt });
    }
    // Nothing landed while reading: every stale part was read again.
    if ((this.generations.get(incidentId) ?? 0) === generation) this.staleParts.delete(incidentId);
    this.kept.delete(incidentId);
    this.kept.set(incidentId, { detail, readAt: startedAt, basis, generation });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return detail;
  }

  private recentEscalations(now: number): EscalationPath[] {
    const fresh: EscalationPath[] = [];
    for (const [policyId, { path, at }] of this.escalations) {
      if (now - at < ESCALATION_TTL_MS) fresh.push(path);
      else this.escalations.delete(policyId);
    }
    return fresh;
  }
}

/** The store's incident is the one the kept detail was read with, or the one that read returned (or the store does not have it). */
function sameAsRead(current: Incident | undefined, kept: Kept): boolean {
  return current === undefined || sameIncident(current, kept.basis) || sameIncident(current, kept.detail.incident);
}

/** The same incident state as far as the detail is concerned (its status, people, level and fields). */
function sameIncident(a: Incident, b: Incident | undefined): boolean {
  if (!b) return false;
  if (a === b) return true;
  return stateKey(a) === stateKey(b);
}

function stateKey(incident: Incident): string {
  return JSON.stringify([
    incident.status,
    incident.updatedAt,
    incident.urgency,
    incident.priority?.id ?? null,
    incident.escalationPolicy?.id ?? null,
    incident.assignees.map((ref) => ref.id),
    incident.acknowledgedBy.map((ref) => ref.id),
    incident.snoozedUntil ?? null,
    incident.declaredMajor ?? null,
    incident.title,
  ]);
}
