/**
 * Submitting an action from the CLI and waiting until the outbox has sent it: done,
 * failed, or still pending when the wait runs out (it stays in the durable outbox).
 */
import type { ActionRecord, ActionRequest } from '../../shared/domain/action';
import type { Incident } from '../../shared/domain/incident';
import type { ConsoleEngine } from '../host/types';
import { CliError, EXIT } from './cli-error';
import { IncidentId } from '../../shared/domain/incident';
import { platformName } from './paging-platforms';

export const ACTION_TIMEOUT_MS = 30_000;

/** Submits the action and resolves with its record once it is done or failed, or when time runs out. */
export async function submitAndWait(
  engine: Pick<ConsoleEngine, 'submitAction' | 'onEvent'>,
  request: ActionRequest,
  timeoutMs = ACTION_TIMEOUT_MS,
): Promise<ActionRecord> {
  const latest = new Map<string, ActionRecord>();
  let wake: () => void = () => {};
  // Subscribe first: the action may finish before submitAction's answer arrives.
  const unsubscribe = engine.onEvent((event) => {
    if (event.name !== 'actionChanged') return;
    latest.set(event.payload.id, event.payload);
    wake();
  });
  try {
    const submitted = await engine.submitAction(request);
    const current = () => {
      const seen = latest.get(submitted.id);
      return seen && seen.state !== 'pending' ? seen : (seen ?? submitted);
    };
    const deadline = Date.now() + timeoutMs;
    while (current().state === 'pending') {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return current();
  } finally {
    unsubscribe();
  }
}

/**
 * Turns what the user typed (#123, 123 or an id) into incident ids, using the open
 * incidents the console knows. Ids not in the list are passed through as they are. A number
 * that open incidents on two platforms share is a usage error naming both ids.
 */
export function resolveIncidentRefs(refs: string[], incidents: Incident[]): { id: string; label: string }[] {
  return refs.map((ref) => {
    const number = /^#?(\d+)$/.exec(ref.trim())?.[1];
    if (number !== undefined) {
      const matches = incidents.filter((candidate) => candidate.number === Number(number));
      const incident = matches[0];
      if (!incident) throw new CliError(`No open incident #${number} in this workspace (see \`oncall-console incidents list\`).`);
      if (matches.length > 1) {
        const ids = matches.map((match) => `${match.id} (${platformName(match.provider)})`).join(' and ');
        throw new CliError(
          `#${number} is an open incident on more than one platform: ${ids}. Name the one you mean by its id.`,
          EXIT.usage,
        );
      }
      return { id: incident.id, label: `#${incident.number} (${incident.id})` };
    }
    const id = ref.trim();
    const shape = IncidentId.safeParse(id);
    if (!shape.success)
      throw new CliError(
        `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}" is not an incident id: ${shape.error.issues[0]!.message}.`,
        EXIT.usage,
      );
    const incident = incidents.find((candidate) => candidate.id === id);
    return { id, label: incident ? `#${incident.number} (${incident.id})` : id };
  });
}
