/**
 * Which incidents are major, for the detail pane: being declared (a pending declareMajor
 * action), or declared (the engine's majorIncidentDeclared event seen by this window, a
 * declareMajor action that landed, the ticket's major incident flag, or the incident
 * managers' responder request the engine leaves in the paging platform).
 *
 * The events are kept in a small store, so an incident stays marked after its action
 * leaves the snapshot's recent actions.
 */
import { create } from 'zustand';
import type { EventPayload } from '../../../../shared/contract';
import type { ActionRecord } from '../../../../shared/domain/action';
import type { Responder } from '../../../../shared/domain/incident';
import { majorDeclarationReason } from '../../../../shared/domain/paging-notes';

export type MajorIncidentDeclared = EventPayload<'majorIncidentDeclared'>;

interface MajorIncidentsState {
  /** incident id -> the declaration this window was told of. */
  declared: ReadonlyMap<string, MajorIncidentDeclared>;
  /** Remembers a declaration; returns false when it was already known (the same event again). */
  record(event: MajorIncidentDeclared): boolean;
}

export const useMajorIncidents = create<MajorIncidentsState>()((set, get) => ({
  declared: new Map(),
  record: (event) => {
    const held = get().declared.get(event.incidentId);
    if (held && held.declaredAt === event.declaredAt) return false;
    const declared = new Map(get().declared);
    declared.set(event.incidentId, event);
    set({ declared });
    return true;
  },
}));

export type MajorIncidentState = { kind: 'none' } | { kind: 'declaring'; reason: string } | { kind: 'declared'; reason: string | null };

export interface MajorIncidentSources {
  /** The snapshot's actions (pending, failed and recently done). */
  actions: readonly ActionRecord[];
  /** Declarations this window heard of. */
  declared?: ReadonlyMap<string, MajorIncidentDeclared>;
  /** The linked ticket's major incident flag. */
  ticketMajor?: boolean;
  /** The incident's responders, when its detail is loaded. */
  responders?: readonly Responder[];
  /** What the paging platform says of the incident (Incident.declaredMajor): seen by every console. */
  declaredInPaging?: string | null;
}

export function majorIncidentState(incidentId: string, sources: MajorIncidentSources): MajorIncidentState {
  const ours = sources.actions
    .filter((action) => action.request.kind === 'declareMajor' && action.request.incidentIds.includes(incidentId))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  const reasonOf = (action: ActionRecord) => (action.request.kind === 'declareMajor' ? action.request.reason : '');
  const done = ours.find((action) => action.state === 'done');
  const event = sources.declared?.get(incidentId);
  if (event) return { kind: 'declared', reason: event.reason };
  if (done) return { kind: 'declared', reason: reasonOf(done) };
  const pending = ours.find((action) => action.state === 'pending');
  if (pending) return { kind: 'declaring', reason: reasonOf(pending) };
  for (const responder of sources.responders ?? []) {
    const reason = majorDeclarationReason(responder.message);
    if (reason !== null) return { kind: 'declared', reason: reason || null };
  }
  if (sources.declaredInPaging !== undefined && sources.declaredInPaging !== null)
    return { kind: 'declared', reason: sources.declaredInPaging || null };
  if (sources.ticketMajor) return { kind: 'declared', reason: null };
  return { kind: 'none' };
}
