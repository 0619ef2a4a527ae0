/**
 * The deployment gate and the choice of change type, as pure rules the command line, the
 * engine and the page share.
 *
 * Change type: a deployment is a standard change when its service has an approved
 * template whose risk is low or moderate (pre-approved: no one needs to look), otherwise
 * a normal change a change manager approves.
 *
 * The gate permits a deployment only when an approved change covering it (its service and
 * version) is in its implementation window and no change freeze holds; anything else is
 * a refusal or a wait, in one line that names why: no change, waiting for whom, rejected
 * by whom and why, outside the window, a freeze. A freeze holds on a service while a
 * major incident is open on it: only an emergency change linked to that incident may
 * deploy (the fix must still ship). The gate fails closed: a caller that cannot read the
 * change system refuses (see `unreachable`).
 */
import type { ChangeRequest, ChangeRisk, ChangeTemplate, ChangeType } from '../domain/change';
import { CHANGE_STATE_LABEL, isFinalChangeState } from '../domain/change';

/** Risks a template may pre-approve. */
const PRE_APPROVABLE: ReadonlySet<ChangeRisk> = new Set(['low', 'moderate']);

export interface ChangeTypeChoice {
  type: ChangeType;
  /** Why, for the command line's output and the change's history. */
  reason: string;
}

/** Standard from an approved low- or moderate-risk template; normal otherwise (or when asked for). */
export function chooseChangeType(template: ChangeTemplate | null, options: { normal?: boolean } = {}): ChangeTypeChoice {
  if (options.normal) return { type: 'normal', reason: 'a normal change was asked for' };
  if (!template) return { type: 'normal', reason: 'no template was named' };
  if (template.state !== 'approved')
    return {
      type: 'normal',
      reason: `the template "${template.name}" is ${template.state}, not approved, so a change manager must approve`,
    };
  if (!PRE_APPROVABLE.has(template.risk))
    return { type: 'normal', reason: `the template "${template.name}" is ${template.risk} risk, which is never pre-approved` };
  return { type: 'standard', reason: `pre-approved by the template "${template.name}"` };
}

/** A major incident open on the service: it freezes its changes. */
interface FreezingIncident {
  id: string;
  number: number;
  title: string;
}

export interface GateInput {
  service: { id: string; name: string };
  version: string;
  /** The change the pipeline names (`--change`), when it does. */
  changeNumber?: string | null;
  /** The service's changes, as read from the change system now. */
  changes: readonly ChangeRequest[];
  /** Major incidents open on the service now. */
  majorIncidents: readonly FreezingIncident[];
  now: number;
}

/** allowed: deploy now; waiting: may pass later (approval or window pending); refused: will not pass as it stands. */
type GateOutcome = 'allowed' | 'waiting' | 'refused';

export interface GateDecision {
  outcome: GateOutcome;
  /** One line for a CI log and the console. */
  reason: string;
  /** The change the decision is about, when there is one. */
  change: ChangeRequest | null;
}

/** "2026-12-06 14:05 UTC": unambiguous in a CI log whatever the runner's zone. */
function gateTime(at: string | number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function names(list: readonly { name: string }[]): string {
  return list.map((entry) => entry.name).join(', ');
}

/**
 * The same service, by name as the change system spells it (case aside). Never by id: the
 * freeze is looked up by name in the paging platform, so a service named by an id would
 * escape it.
 */
function sameService(a: { name: string }, b: { name: string }): boolean {
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/** Words from people and vendors on one line: a CI log reads lines (and GitHub runs "::" commands at a line's start). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A change's number as the pipeline typed it: case and spaces aside, or its id. */
function isNumbered(change: ChangeRequest, numberOrId: string): boolean {
  const wanted = numberOrId.trim().toUpperCase();
  return change.record.number.toUpperCase() === wanted || change.record.id.toUpperCase() === wanted;
}

/** The change the gate judges: the one named, else the newest live change covering this version. */
function candidate(input: GateInput): { change: ChangeRequest | null; refusal: string | null } {
  const { service, version, changeNumber, changes } = input;
  if (changeNumber) {
    const named = changes.find((change) => isNumbered(change, changeNumber));
    if (!named || !sameService(named.service, service))
      return { change: null, refusal: `${changeNumber} is not a change of ${service.name}` };
    if (named.deployment.version !== version)
      return { change: named, refusal: `${changeNumber} covers ${service.name} ${named.deployment.version}, not ${version}` };
    return { change: named, refusal: null };
  }
  const covering = changes
    .filter((change) => sameService(change.service, service) && change.deployment.version === version)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const live = covering.find((change) => change.state !== 'canceled') ?? covering[0] ?? null;
  if (!live)
    return {
      change: null,
      refusal: `No change covers ${service.name} ${version}: raise one first (oncall-console change open --service ${JSON.stringify(service.name)} --version ${version} ...)`,
    };
  return { change: live, refusal: null };
}

function freeze(change: ChangeRequest, input: GateInput): string | null {
  const [first] = input.majorIncidents;
  if (!first) return null;
  const linked = (incident: FreezingIncident) =>
    change.incidentId !== null && [incident.id, String(incident.number), `#${incident.number}`].includes(change.incidentId.trim());
  if (change.type === 'emergency' && input.majorIncidents.some(linked)) return null;
  const incident = `major incident #${first.number} "${oneLine(first.title)}" is open`;
  if (change.type === 'emergency')
    return `Change freeze on ${input.service.name}: ${incident}, and ${change.record.number} is an emergency change linked to ${change.incidentId ? `another incident (${change.incidentId})` : 'no incident'}; raise it with --incident ${first.id} (#${first.number}) to ship the fix`;
  return `Change freeze on ${input.service.name}: ${incident}; only an emergency change linked to it (--emergency --incident ${first.id}) may deploy`;
}

/** What the gate says about deploying `input.version` of `input.service` now. */
export function gateDecision(input: GateInput): GateDecision {
  const { change, refusal } = candidate(input);
  if (!change || refusal) return { outcome: 'refused', reason: refusal ?? 'No change', change };
  const number = change.record.number;
  const refused = (reason: string): GateDecision => ({ outcome: 'refused', reason, change });
  const waiting = (reason: string): GateDecision => ({ outcome: 'waiting', reason, change });

  if (change.approval === 'rejected' || change.approvals.some((approval) => approval.state === 'rejected')) {
    const by = change.approvals.find((approval) => approval.state === 'rejected');
    const why = by?.comment ? `: ${oneLine(by.comment)}` : '';
    return refused(`${number} was rejected${by ? ` by ${oneLine(by.approver.name)}` : ''}${why}`);
  }
  if (isFinalChangeState(change.state))
    return refused(
      change.state === 'canceled'
        ? `${number} was canceled: raise a new change for this deployment`
        : `${number} is closed (${change.closeCode ?? 'no close code'}): raise a new change for another deployment`,
    );
  if (change.state === 'review') return refused(`${number} is in Review: the deployment it covers has happened; raise a new change`);

  const frozen = freeze(change, input);
  if (frozen) return refused(frozen);

  if (change.state === 'new' || change.state === 'assess' || change.state === 'authorize' || change.approval !== 'approved') {
    const pending = change.approvals.filter((approval) => approval.state === 'requested').map((approval) => approval.approver);
    const whom = pending.length > 0 ? oneLine(names(pending)) : 'the change manager';
    return waiting(`${number} (${change.type}) is in ${CHANGE_STATE_LABEL[change.state]}, waiting for approval from ${whom}`);
  }
  // A blackout (a change freeze the change system schedules) over the change's window: ServiceNow's conflict check found it.
  const blackout = (change.conflicts ?? []).find((conflict) => conflict.kind === 'blackout');
  if (blackout)
    return refused(`${number}'s window falls in a blackout (${oneLine(blackout.description)}): plan it outside the blackout and ask again`);
  const start = change.plannedStart ? Date.parse(change.plannedStart) : null;
  const end = change.plannedEnd ? Date.parse(change.plannedEnd) : null;
  if ((start !== null && Number.isNaN(start)) || (end !== null && Number.isNaN(end)))
    return refused(
      `${number}'s planned window cannot be read (${change.plannedStart ?? '-'} to ${change.plannedEnd ?? '-'}): fix it in the change`,
    );
  if (start !== null && input.now < start) return waiting(`${number} is approved; its window opens at ${gateTime(start)}`);
  if (end !== null && input.now > end)
    return refused(`${number} is approved, but its window ended at ${gateTime(end)}: ask for a new window`);
  const until = end !== null ? `; window until ${gateTime(end)}` : '';
  return {
    outcome: 'allowed',
    reason: `${number} (${change.type}, approved) covers ${input.service.name} ${input.version}${until}`,
    change,
  };
}

/** The gate's answer when the change system cannot be read: it fails closed, and says so. */
export function unreachable(system: string, why: string, checking = 'the change'): GateDecision {
  return {
    outcome: 'refused',
    reason: `Deployment not permitted: ${system} could not be reached to check ${checking} (${why}); the gate fails closed`,
    change: null,
  };
}
