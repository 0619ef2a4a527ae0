/**
 * `oncall-console incidents list|ack|resolve|note`: the console's queue and actions from a
 * shell. Runs the same engine and durable outbox as the desktop app, for one command.
 */
import { resolve } from 'node:path';
import { splitBulk, type ActionRequest } from '../../shared/domain/action';
import { ACTION_TIMEOUT_MS, resolveIncidentRefs, submitAndWait } from './action-waiter';
import { parseCommandArgs } from './args';
import { CliError, EXIT, UsageError } from './cli-error';
import { loadWorkspaceFile } from '../host/workspace';
import { actionCapability } from '../../shared/rules/platform-capabilities';
import type { CliIo } from './cli-io';
import { defaultDataDir } from '../host/data-dir';
import { formatIncidentTable } from './incident-table';
import { checkPagingSecrets, pagingPlatformsOf, platformOfId } from './paging-platforms';
import { waitForPagingPlatforms } from './paging-ready';
import { USAGE } from './usage';

export const READY_TIMEOUT_MS = 30_000;

/** The actions the CLI offers; the console offers the rest. */
type CliActionKind = 'acknowledge' | 'resolve' | 'addNote';

const PAST_TENSE: Record<CliActionKind, string> = {
  acknowledge: 'Acknowledged',
  resolve: 'Resolved',
  addNote: 'Added a note to',
};
const IN_PROGRESS: Record<CliActionKind, string> = {
  acknowledge: 'Acknowledging',
  resolve: 'Resolving',
  addNote: 'Adding a note to',
};

type Plan =
  | { kind: 'list'; json: boolean }
  | { kind: 'acknowledge'; refs: string[] }
  | { kind: 'resolve'; refs: string[]; note?: string }
  | { kind: 'addNote'; ref: string; content: string };

function plan(sub: string | undefined, rest: string[], values: { json?: boolean; note?: string }): Plan {
  const rejectFlag = (flag: string, present: unknown) => {
    if (present !== undefined) throw new UsageError(`incidents ${sub}: ${flag} does not apply here.`);
  };
  switch (sub) {
    case 'list':
      rejectFlag('--note', values.note);
      if (rest.length > 0) throw new UsageError(`incidents list: unexpected argument "${rest[0]}"`);
      return { kind: 'list', json: values.json === true };
    case 'ack':
    case 'acknowledge':
      rejectFlag('--json', values.json);
      rejectFlag('--note', values.note);
      if (rest.length === 0) throw new UsageError('incidents ack: name at least one incident (an id, or a number like #123).');
      return { kind: 'acknowledge', refs: rest };
    case 'resolve':
      rejectFlag('--json', values.json);
      if (rest.length === 0) throw new UsageError('incidents resolve: name at least one incident (an id, or a number like #123).');
      return { kind: 'resolve', refs: rest, ...(values.note === undefined ? {} : { note: values.note }) };
    case 'note': {
      rejectFlag('--json', values.json);
      rejectFlag('--note', values.note);
      const [ref, ...words] = rest;
      const content = words.join(' ').trim();
      if (!ref || !content) throw new UsageError('incidents note: usage is `incidents note ID TEXT`.');
      return { kind: 'addNote', ref, content };
    }
    case undefined:
      throw new UsageError('incidents: say what to do: list, ack, resolve or note.');
    default:
      throw new UsageError(`incidents: unknown subcommand "${sub}" (expected list, ack, resolve or note).`);
  }
}

export async function runIncidents(args: string[], io: CliIo, timeouts: { readyMs?: number; actionMs?: number } = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs('incidents', args, {
    json: { type: 'boolean' },
    note: { type: 'string' },
    workspace: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  const [sub, ...rest] = positionals;
  const what = plan(sub, rest, values);
  if (!values.workspace) throw new UsageError(`incidents ${sub}: pass --workspace FILE (the workspace to act in).`);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir(io.env);

  // Check the file and the secrets before starting anything, for a fast, precise error.
  const workspace = loadWorkspaceFile(values.workspace);
  checkPagingSecrets(workspace, io.env);
  const platforms = pagingPlatformsOf(workspace);
  const { startConsoleHost } = await import('../host/console-host');
  // A one-shot command reports its outcome in one line; the engine's running commentary
  // (retries, sync warnings) is only shown when debugging.
  const log = io.env.ONCALL_DEBUG === '1' ? io.err : () => {};
  const host = await startConsoleHost({ workspaceFile: values.workspace, demo: false, dataDir, env: io.env, log });
  try {
    await waitForPagingPlatforms(host.engine, timeouts.readyMs ?? READY_TIMEOUT_MS, platforms, io.err);
    const snapshot = await host.engine.getSnapshot({});
    if (what.kind === 'list') {
      if (what.json) io.out(JSON.stringify(snapshot.incidents, null, 2));
      else for (const line of formatIncidentTable(snapshot.incidents, Date.now(), { platforms: platforms.length > 1 })) io.out(line);
      return EXIT.ok;
    }

    const targets = resolveIncidentRefs(what.kind === 'addNote' ? [what.ref] : what.refs, snapshot.incidents);
    const incidentIds = targets.map((target) => target.id);
    // A note on a platform that keeps none goes to the ticket alone, or, without a ticketing system, nowhere: say so first.
    let noteCaveat = '';
    if (what.kind === 'addNote') {
      const target = targets[0]!;
      const platform = snapshot.incidents.find((incident) => incident.id === target.id)?.provider ?? platformOfId(target.id, platforms);
      const capability = actionCapability(platform, 'addNote', { ticketing: workspace.ticketing !== undefined });
      if (!capability.offered)
        throw new CliError(
          `Cannot add a note to ${target.label}: ${capability.reason}. With a ticketing system in the workspace, the note goes to the incident's ticket.`,
        );
      if (capability.reason) noteCaveat = ` (${capability.reason})`;
    }
    const request: ActionRequest =
      what.kind === 'addNote'
        ? { kind: 'addNote', incidentIds, content: what.content }
        : what.kind === 'resolve'
          ? { kind: 'resolve', incidentIds, ...(what.note === undefined ? {} : { note: what.note }) }
          : { kind: 'acknowledge', incidentIds };
    // More incidents than one action carries go as several actions, one after the other.
    for (const part of splitBulk(request)) {
      const partTargets = targets.filter((target) => part.incidentIds.includes(target.id));
      const record = await submitAndWait(host.engine, part, timeouts.actionMs ?? ACTION_TIMEOUT_MS);
      if (record.state === 'done') {
        for (const target of partTargets) io.out(`${PAST_TENSE[request.kind]} ${target.label}${noteCaveat}`);
        continue;
      }
      if (record.state === 'failed') {
        const labels = partTargets.map((target) => target.label).join(', ');
        throw new CliError(`${IN_PROGRESS[request.kind]} ${labels} failed: ${record.lastError ?? 'no reason given'}`);
      }
      const why = record.lastError ? ` (last attempt: ${record.lastError})` : '';
      throw new CliError(
        `Still pending in the outbox${why}: it will be retried the next time the console runs (action ${record.id}).`,
        EXIT.pending,
      );
    }
    return EXIT.ok;
  } finally {
    await host.close();
  }
}
