/**
 * `oncall-console change open|gate|close`: the deployment pipeline's side of change
 * management, non-interactive and made for CI logs. `open` raises the change a deployment
 * needs (standard from an approved template, otherwise normal; the same deployment asked
 * twice gives the same change), `gate` says whether production may be deployed now (exit
 * 0 only then; one line naming why not; it fails closed), `close` closes the change with
 * the deployment's result. The rules are shared/rules/change-gate.ts; the change system
 * is the workspace's (engine/ports/change-system.ts). `open` and `close` also send the
 * service's PagerDuty change event when its routing key is known; one that cannot be sent
 * is one warning line on stderr and changes nothing else (it is informational).
 */
import { appendFileSync } from 'node:fs';
import type { ChangeRequest } from '../../shared/domain/change';
import {
  askGate,
  closeDeploymentChange,
  DeploymentInputError,
  openDeploymentChange,
  type ChangeEventSink,
} from '../engine/changes/deployment-change';
import type { ChangeSystem } from '../engine/ports/change-system';
import { parseCommandArgs } from './args';
import { CliError, EXIT, UsageError } from './cli-error';
import type { CliIo } from './cli-io';

/** What the gate's exit code means; documented in the README and `--help`. */
const GATE_EXIT = {
  allowed: EXIT.ok,
  refused: EXIT.failed,
  /** Still waiting (an approval, the window) when the gate gave up, or asked without --wait. */
  waiting: 3,
  /** The change system (or the paging platform, for the freeze) could not be read: not permitted. */
  unreachable: 4,
} as const;

/** What the change commands need from the host: the change system, the major incidents open on a service, the change events. */
interface ChangeCommandDeps {
  changeSystem: ChangeSystem;
  /** Sends a deployment's change event to its service's responders (nothing where the service has no destination). */
  changeEvents?: Pick<ChangeEventSink, 'send'>;
  /** Major incidents open now on the service (by the paging platform's service name). */
  majorIncidents(serviceName: string): Promise<{ id: string; number: number; title: string }[]>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

const DURATION = /^(\d+)(s|m|h)$/;

/** "30m", "90s", "1h" in ms; a UsageError naming the flag otherwise. */
function parseDuration(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = DURATION.exec(value.trim());
  if (!match) throw new UsageError(`${flag} is a duration like 90s, 30m or 1h (got "${value}")`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function required(command: string, flag: string, value: string | undefined): string {
  const text = value?.trim();
  if (!text) throw new UsageError(`change ${command}: ${flag} is required.`);
  return text;
}

/** The fields a pipeline reads back: number, type, state, link, and why. */
function changeJson(change: ChangeRequest, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: change.record.number,
    id: change.record.id,
    url: change.record.url,
    type: change.type,
    state: change.state,
    approval: change.approval,
    service: change.service.name,
    version: change.deployment.version,
    ...extra,
  };
}

/** Writes name=value lines to $GITHUB_OUTPUT when a GitHub Actions step runs us. */
function githubOutput(io: CliIo, values: Record<string, string>): void {
  const file = io.env.GITHUB_OUTPUT;
  if (!file) return;
  appendFileSync(
    file,
    Object.entries(values)
      .map(([name, value]) => `${name}=${value.replace(/\r?\n/g, ' ')}\n`)
      .join(''),
  );
}

/** The host's change events, an undelivered one becoming one warning line on stderr. */
function changeEventsOf(deps: ChangeCommandDeps, io: CliIo): ChangeEventSink | undefined {
  const sender = deps.changeEvents;
  return sender && { send: (event) => sender.send(event), undelivered: (warning) => io.err(warning) };
}

/** Connects to the workspace's change system (and paging platform) once the arguments are read. */
export type ConnectChanges = (workspacePath: string | undefined, io: CliIo) => Promise<ChangeCommandDeps>;

/** `change open|gate|close ...`: the subcommand's run, connected through `connect`. */
export async function runChange(args: string[], io: CliIo, connect: ConnectChanges): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'open':
      return runChangeOpen(rest, io, connect);
    case 'gate':
      return runChangeGate(rest, io, connect);
    case 'close':
      return runChangeClose(rest, io, connect);
    case undefined:
      throw new UsageError('change: say what to do: open, gate or close.');
    default:
      throw new UsageError(`change: unknown subcommand "${sub}" (expected open, gate or close).`);
  }
}

async function runChangeOpen(args: string[], io: CliIo, connect: ConnectChanges): Promise<number> {
  const { values } = parseCommandArgs('change open', args, {
    service: { type: 'string' },
    version: { type: 'string' },
    commit: { type: 'string' },
    template: { type: 'string' },
    normal: { type: 'boolean' },
    emergency: { type: 'boolean' },
    incident: { type: 'string' },
    'run-url': { type: 'string' },
    json: { type: 'boolean' },
    workspace: { type: 'string' },
  });
  const kinds = [values.template !== undefined, values.normal === true, values.emergency === true].filter(Boolean).length;
  if (kinds > 1) throw new UsageError('change open: give one of --template NAME, --normal or --emergency.');
  const incidentId = values.incident?.trim() || null;
  if (values.emergency && !incidentId) throw new UsageError('change open: --emergency needs --incident ID (the incident the fix is for).');
  if (incidentId && !values.emergency) throw new UsageError('change open: --incident goes with --emergency.');
  const deps = await connect(values.workspace, io);
  const serviceName = required('open', '--service', values.service);
  const version = required('open', '--version', values.version);
  const commit = required('open', '--commit', values.commit);
  const runUrl = values['run-url']?.trim() || null;
  const { change, service, reason } = await openDeploymentChange(
    deps.changeSystem,
    {
      serviceName,
      version,
      commit,
      runUrl,
      templateName: values.template ?? null,
      normal: values.normal === true,
      emergencyFor: values.emergency ? incidentId : null,
    },
    { changeEvents: changeEventsOf(deps, io) },
  ).catch(usageOnInput);
  githubOutput(io, { 'change-number': change.record.number, 'change-type': change.type, 'change-url': change.record.url });
  if (values.json) io.out(JSON.stringify(changeJson(change, { reason })));
  else io.out(`${change.record.number} ${change.type} change for ${service.name} ${version} (${reason}): ${change.record.url}`);
  return EXIT.ok;
}

async function runChangeGate(args: string[], io: CliIo, connect: ConnectChanges): Promise<number> {
  const { values } = parseCommandArgs('change gate', args, {
    service: { type: 'string' },
    version: { type: 'string' },
    change: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    poll: { type: 'string' },
    json: { type: 'boolean' },
    workspace: { type: 'string' },
  });
  const serviceName = required('gate', '--service', values.service);
  const version = required('gate', '--version', values.version);
  const timeoutMs = parseDuration('--timeout', values.timeout, 30 * 60_000);
  const pollMs = parseDuration('--poll', values.poll, 15_000);
  if (pollMs < 1_000) throw new UsageError('change gate: --poll is at least 1s (the gate asks the change system each time).');
  if (!values.wait && (values.timeout !== undefined || values.poll !== undefined))
    throw new UsageError('change gate: --timeout and --poll apply with --wait.');
  const deps = await connect(values.workspace, io);
  const deadline = deps.now() + timeoutMs;
  const decide = () => askGate(deps, { serviceName, version, changeNumber: values.change ?? null });

  let { decision, unreachable: blind } = await decide();
  while (values.wait && decision.outcome === 'waiting' && deps.now() + pollMs <= deadline) {
    io.err(`Waiting: ${decision.reason}`);
    await deps.sleep(pollMs);
    ({ decision, unreachable: blind } = await decide());
  }
  const exitCode = blind ? GATE_EXIT.unreachable : GATE_EXIT[decision.outcome];
  const verdict =
    decision.outcome === 'allowed'
      ? 'Deployment permitted'
      : blind
        ? 'Deployment not permitted'
        : decision.outcome === 'waiting'
          ? 'Deployment not permitted yet'
          : 'Deployment not permitted';
  githubOutput(io, {
    'gate-outcome': decision.outcome,
    'gate-reason': decision.reason,
    'change-number': decision.change?.record.number ?? '',
  });
  if (values.json)
    io.out(
      JSON.stringify({ outcome: decision.outcome, reason: decision.reason, change: decision.change ? changeJson(decision.change) : null }),
    );
  else if (blind) io.out(decision.reason);
  else io.out(`${verdict}: ${decision.reason}`);
  return exitCode;
}

async function runChangeClose(args: string[], io: CliIo, connect: ConnectChanges): Promise<number> {
  const { values } = parseCommandArgs('change close', args, {
    change: { type: 'string' },
    result: { type: 'string' },
    notes: { type: 'string' },
    incident: { type: 'string' },
    json: { type: 'boolean' },
    workspace: { type: 'string' },
  });
  const number = required('close', '--change', values.change);
  const result = required('close', '--result', values.result);
  if (result !== 'success' && result !== 'failure') throw new UsageError(`change close: --result is success or failure (got "${result}").`);
  const deps = await connect(values.workspace, io);
  const closed = await closeDeploymentChange(
    deps.changeSystem,
    { change: number, result, notes: values.notes?.trim() || null, causedIncident: values.incident?.trim() || null },
    { changeEvents: changeEventsOf(deps, io) },
  );
  if (values.json) io.out(JSON.stringify(changeJson(closed, { closeCode: closed.closeCode })));
  else io.out(`${closed.record.number} closed ${closed.closeCode === 'successful' ? 'successful' : 'unsuccessful'}: ${closed.record.url}`);
  return EXIT.ok;
}

/** A service or template the change system does not know is a mistake on the command line (exit 2). */
function usageOnInput(error: unknown): never {
  if (error instanceof DeploymentInputError) throw new CliError(error.message, EXIT.usage);
  throw error;
}
