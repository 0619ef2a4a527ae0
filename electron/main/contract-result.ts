/**
 * Serves one contract request for the desktop shell and turns the outcome into the
 * shape that crosses IPC: `{ ok: true, value }` with the output validated (and stripped
 * of unknown fields) by the contract's schema, or `{ ok: false, error }` with a code and a
 * message fit to show. Nothing else leaves: no stack, no raw engine error.
 */
import {
  ContractFailure,
  describeZodError,
  parseInput,
  requests,
  type ConsoleApi,
  type ContractError,
  type RequestName,
} from '../../shared/contract';
import type { InvokeResult } from '../../shared/contract/bridge';

type Log = (message: string, error?: unknown) => void;

/** Validates the input, calls the engine and validates its output. Never throws. */
export async function serveRequest(
  api: ConsoleApi,
  name: RequestName,
  input: unknown,
  log: Log = (message, error) => console.error(message, ...(error === undefined ? [] : [error])),
): Promise<InvokeResult> {
  try {
    const parsed = parseInput(name, input);
    const method = api[name] as (input: unknown) => Promise<unknown>;
    const output = await method.call(api, parsed);
    const checked = requests[name].output.safeParse(output);
    if (!checked.success) {
      log(`The engine's ${name} result does not match the contract: ${describeZodError(checked.error)}`);
      return failure(internalError(name));
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    if (error instanceof ContractFailure) return failure(error.toJSON());
    log(`${name} failed`, error);
    return failure(internalError(name));
  }
}

/** The one failure every part of the shell returns when a caller is not trusted. */
export function untrustedSenderError(): ContractError {
  return { code: 'unauthorized', message: 'Refused: the request did not come from the console window.' };
}

function internalError(name: RequestName): ContractError {
  return { code: 'internal', message: `The console could not complete ${name}; the details are in the app's log.` };
}

function failure(error: ContractError): InvokeResult {
  return { ok: false, error };
}
