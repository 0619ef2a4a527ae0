/**
 * Checks what arrives from the engine against the contract's zod schemas before the UI
 * trusts it: request outputs and pushed events. A mismatch is an error with the request
 * or event name and the offending field, so a version skew is loud, not a blank table.
 */
import {
  ContractError,
  describeZodError,
  events,
  requests,
  type ConsoleEvent,
  type EventName,
  type RequestName,
  type RequestOutput,
} from '../../../shared/contract';
import { ConsoleClientError } from './console-client-error';

/** Validates one request's output; throws invalid_response naming the wrong field. */
export function parseOutput<N extends RequestName>(name: N, value: unknown): RequestOutput<N> {
  const result = requests[name].output.safeParse(value);
  if (!result.success) {
    throw new ConsoleClientError(
      'invalid_response',
      `The engine's answer to ${name} does not match this console's contract (${describeZodError(result.error)}). Is the app up to date?`,
    );
  }
  return result.data as RequestOutput<N>;
}

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Validates one pushed event `{ name, payload }`; throws invalid_response naming what is wrong. */
export function parseConsoleEvent(value: unknown): ConsoleEvent {
  if (typeof value !== 'object' || value === null) {
    throw new ConsoleClientError('invalid_response', 'Received a pushed event that is not an object.');
  }
  const { name, payload } = value as { name?: unknown; payload?: unknown };
  if (!isEventName(name)) {
    throw new ConsoleClientError('invalid_response', `Received a pushed event of unknown type ${JSON.stringify(name)}.`);
  }
  const result = events[name].safeParse(payload);
  if (!result.success) {
    throw new ConsoleClientError(
      'invalid_response',
      `The ${name} event does not match this console's contract (${describeZodError(result.error)}).`,
    );
  }
  return { name, payload: result.data } as ConsoleEvent;
}

/** Reads a contract error body `{ error: { code, message } }`, or null when it is not one. */
export function parseErrorBody(value: unknown): ContractError | null {
  if (typeof value !== 'object' || value === null) return null;
  const result = ContractError.safeParse((value as { error?: unknown }).error);
  return result.success ? result.data : null;
}
