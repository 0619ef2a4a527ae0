/**
 * The deployment pipeline's three steps of change management, over the ChangeSystem port:
 * open the change a deployment needs (standard from an approved template, otherwise
 * normal or emergency; the same deployment asked twice gives the same change), ask the
 * gate once (shared/rules/change-gate.ts; fails closed when a source cannot be read), and
 * close the change with the deployment's result. `oncall-console change open|gate|close`
 * (electron/cli/change-command.ts) and the demo's pipeline (electron/host/demo-pipeline.ts)
 * both run these, so the demo raises changes exactly as a real pipeline does. Opening and
 * closing also tell the service's responders through an optional change event sink
 * (PagerDuty change events); an event that cannot be sent never fails the step.
 */
import type { ChangeRequest, ChangeTemplate } from '../../../shared/domain/change';
import { chooseChangeType, gateDecision, unreachable, type GateDecision } from '../../../shared/rules/change-gate';
import { errorText } from '../../../shared/error-text';
import { changeKey, type ChangeSystem } from '../ports/change-system';
import { ProviderError } from '../ports';

/** A service or template the change system does not know: the caller's input is what to fix (the CLI's usage error). */
export class DeploymentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeploymentInputError';
  }
}

/** What the gate reads besides the change system: the major incidents open on a service (by the paging platform's name). */
export interface GateSources {
  changeSystem: ChangeSystem;
  majorIncidents(serviceName: string): Promise<{ id: string; number: number; title: string }[]>;
  now(): number;
}

export interface DeploymentDraft {
  serviceName: string;
  version: string;
  commit: string;
  /** The pipeline run deploying it (part of the change's key: a re-run attempt raises its own change). */
  runUrl: string | null;
  /** The approved template to raise a standard change from, by name; null for none. */
  templateName: string | null;
  /** Ask for a normal change even when the template would pre-approve it. */
  normal: boolean;
  /** The incident an emergency change fixes; null for a standard or normal change. */
  emergencyFor: string | null;
}

/** A change event about a deployment, for its service's responders (a PagerDuty change event). */
interface DeploymentChangeEvent {
  /** The service as the change system names it (the sink finds where its events go by this name). */
  serviceName: string;
  summary: string;
  /** Where the change happened: the pipeline run's host, when the run is known. */
  source: string | null;
  details: Record<string, string>;
  links: { href: string; text: string }[];
}

/**
 * Where the change steps announce a deployment. A change event is informational: one that
 * cannot be sent is reported in one line and the step goes on.
 */
export interface ChangeEventSink {
  /** Sends the event (or nothing, when the service has nowhere to send it); rejects when it could not be sent. */
  send(event: DeploymentChangeEvent): Promise<void>;
  /** One line saying an event was not sent, and why. */
  undelivered(warning: string): void;
}

interface ChangeStepOptions {
  changeEvents?: ChangeEventSink;
}

/** Sends the event through the sink, if any; a failure becomes the sink's one warning line, never the step's error. */
async function announce(sink: ChangeEventSink | undefined, event: DeploymentChangeEvent): Promise<void> {
  if (!sink) return;
  try {
    await sink.send(event);
  } catch (error) {
    const why = errorText(error).replace(/\s*\n\s*/g, ' ');
    sink.undelivered(
      `Warning: the change event for ${event.serviceName} was not sent (${why}); the deployment step goes on, as a change event is informational.`,
    );
  }
}

/** The run's host ("github.com"), or null without a readable run URL. */
function hostOf(runUrl: string | null): string | null {
  if (!runUrl) return null;
  try {
    return new URL(runUrl).host || null;
  } catch {
    return null;
  }
}

/** What responders read about a change: its number, type, state and deployment, and its links (the change, the run). */
function changeFacts(
  change: ChangeRequest,
  systemLabel: string,
): Pick<DeploymentChangeEvent, 'serviceName' | 'source' | 'details' | 'links'> {
  const { version, commit, runUrl } = change.deployment;
  const details: Record<string, string> = {
    change_number: change.record.number,
    change_type: change.type,
    change_state: change.state,
    service: change.service.name,
    version,
    commit,
  };
  if (runUrl) details.run_url = runUrl;
  if (change.incidentId) details.incident = change.incidentId;
  const links = [{ href: change.record.url, text: `${change.record.number} in ${systemLabel}` }];
  if (runUrl) links.push({ href: runUrl, text: 'Pipeline run' });
  return { serviceName: change.service.name, source: hostOf(runUrl), details, links };
}

/** The change system's service with this name (or id), case-insensitively; a DeploymentInputError listing the known ones. */
async function serviceNamed(system: ChangeSystem, name: string): Promise<{ id: string; name: string }> {
  const services = await system.listServices();
  const found = services.find((service) => service.name.toLowerCase() === name.toLowerCase() || service.id === name);
  if (!found) {
    const known = services.map((service) => service.name).sort();
    throw new DeploymentInputError(`${system.label} has no service "${name}". Known services: ${known.join(', ') || 'none'}.`);
  }
  return found;
}

function templateNamed(templates: readonly ChangeTemplate[], service: { name: string }, name: string): ChangeTemplate {
  const forService = templates.filter((template) => template.service.name.toLowerCase() === service.name.toLowerCase());
  const found = forService.find((template) => template.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const known = forService.map((template) => `"${template.name}" (${template.state})`);
    throw new DeploymentInputError(
      `${service.name} has no change template "${name}". Its templates: ${known.join(', ') || 'none (a product manager proposes one in the console)'}.`,
    );
  }
  return found;
}

/** Raises (or finds again) the change for a deployment; `service` as the change system names it, `reason` why the change has its type. */
export async function openDeploymentChange(
  system: ChangeSystem,
  draft: DeploymentDraft,
  options: ChangeStepOptions = {},
): Promise<{ change: ChangeRequest; service: { id: string; name: string }; reason: string }> {
  const service = await serviceNamed(system, draft.serviceName);
  const template = draft.templateName ? templateNamed(await system.listTemplates(), service, draft.templateName) : null;
  const choice = draft.emergencyFor
    ? { type: 'emergency' as const, reason: `the fix for incident ${draft.emergencyFor}` }
    : chooseChangeType(template, { normal: draft.normal });
  const { version, commit, runUrl } = draft;
  const change = await system.raiseChange({
    type: choice.type,
    service,
    templateId: choice.type === 'standard' ? (template?.id ?? null) : null,
    shortDescription: `Deploy ${service.name} ${version}`,
    description: `Deployment of ${service.name} ${version} (commit ${commit}) raised by its pipeline: ${choice.reason}.`,
    deployment: { version, commit, runUrl },
    key: changeKey(service.name, version, runUrl),
    incidentId: draft.emergencyFor,
  });
  // The deployment as the pipeline gave it: the change system may not read all of it back.
  const facts = changeFacts({ ...change, deployment: { version, commit, runUrl } }, system.label);
  await announce(options.changeEvents, {
    ...facts,
    summary: `Change ${change.record.number} raised: ${service.name} ${version} (${change.type})`,
  });
  return { change, service, reason: choice.reason };
}

/**
 * A failure that leaves the gate unable to decide, so it fails closed: the change system
 * down, slow or refusing our credentials (they may have expired), or anything unexpected.
 * A refusal of the request itself (an unknown change) is thrown as is.
 */
function isUnreachable(error: unknown): boolean {
  return error instanceof ProviderError ? error.kind === 'transient' || error.kind === 'auth' : true;
}

/**
 * The paging platform has no service by the change system's name for it: a freeze on it
 * could never be seen, so the gate refuses rather than let a deployment past unchecked.
 */
export class UnknownPagingService extends Error {
  constructor(
    readonly serviceName: string,
    readonly platform: string,
  ) {
    super(
      `${platform} has no service named "${serviceName}", so a change freeze on it cannot be checked and the gate fails closed; name the ${platform} service as the change system names it`,
    );
    this.name = 'UnknownPagingService';
  }
}

/** A source the gate could not read besides the change system (the paging platform). */
class GateUnreadable extends Error {
  constructor(
    readonly source: string,
    override readonly cause: unknown,
  ) {
    super(`${source} could not be read`);
  }
}

/**
 * The gate's decision now, from one read of the change system (the changes raised for
 * this version, found by their key, or the change the pipeline names) and the service's
 * major incidents. `unreachable` when a source could not be read: the decision then refuses.
 */
export async function askGate(
  sources: GateSources,
  ask: { serviceName: string; version: string; changeNumber: string | null },
): Promise<{ decision: GateDecision; unreachable: boolean }> {
  const system = sources.changeSystem;
  const { serviceName, version, changeNumber } = ask;
  try {
    const named = changeNumber ? [await system.getChange(changeNumber)] : null;
    const [changes, majorIncidents] = await Promise.all([
      named ?? system.findChanges({ serviceName, version }),
      sources.majorIncidents(serviceName).catch((error: unknown) => {
        if (error instanceof UnknownPagingService) throw error;
        throw new GateUnreadable('the paging platform', error);
      }),
    ]);
    // The service as the change system spells it, when one of its changes says so.
    const spelled = changes.find((change) => change.service.name.toLowerCase() === serviceName.toLowerCase())?.service.name;
    const service = { id: serviceName, name: spelled ?? serviceName };
    return {
      decision: gateDecision({ service, version, changeNumber, changes, majorIncidents, now: sources.now() }),
      unreachable: false,
    };
  } catch (error) {
    if (error instanceof UnknownPagingService)
      return { decision: { outcome: 'refused', reason: error.message, change: null }, unreachable: false };
    if (error instanceof GateUnreadable)
      return {
        decision: unreachable(error.source, errorText(error.cause), 'whether a major incident freezes the service'),
        unreachable: true,
      };
    if (isUnreachable(error)) return { decision: unreachable(system.label, errorText(error)), unreachable: true };
    throw error;
  }
}

/** Closes the change (by number or id) with the deployment's result; notes default to a sentence saying how it went. */
export async function closeDeploymentChange(
  system: ChangeSystem,
  close: { change: string; result: 'success' | 'failure'; notes: string | null; causedIncident: string | null },
  options: ChangeStepOptions = {},
): Promise<ChangeRequest> {
  const change = await system.getChange(close.change);
  const caused = close.causedIncident ? ` It caused incident ${close.causedIncident}.` : '';
  const notes = (close.notes || (close.result === 'success' ? 'Deployed by the pipeline.' : 'The deployment failed.')) + caused;
  const code = close.result === 'success' ? 'successful' : 'unsuccessful';
  const closed = await system.closeChange(change.record.id, { code, notes });
  const facts = changeFacts(closed, system.label);
  facts.details.close_code = code;
  if (close.causedIncident) facts.details.caused_incident = close.causedIncident;
  const what = `${closed.service.name} ${closed.deployment.version} under ${closed.record.number}`;
  await announce(options.changeEvents, {
    ...facts,
    summary: code === 'successful' ? `Deployed ${what} (successful)` : `Deployment of ${what} failed (unsuccessful)`,
  });
  return closed;
}
