/**
 * The one place a contract request is served, for the desktop's IPC and the headless
 * host's HTTP alike: validate the input, call the engine, check (and strip) its output by
 * the contract, and turn any failure into a ContractError fit to show. A ProviderError
 * becomes `upstream` with the vendor's words (they tell the user what to fix: a rejected
 * token, a rate limit); anything else is `internal`, logged here and never shown, so no
 * stack or secret leaves. Never throws. The transports only carry the result.
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
import { ProviderError } from '../engine/ports';

/** Where serving writes what it does not show: the output that broke the contract, an unexpected failure with its stack. */
export type ServeLog = (line: string) => void;

export async function serveRequest(api: ConsoleApi, name: RequestName, input: unknown, log: ServeLog): Promise<InvokeResult> {
  let output: unknown;
  try {
    const parsed = parseInput(name, input);
    const method = api[name] as (input: unknown) => Promise<unknown>;
    output = await method.call(api, parsed);
  } catch (error) {
    if (error instanceof ContractFailure) return { ok: false, error: error.toJSON() };
    if (error instanceof ProviderError) return { ok: false, error: { code: 'upstream', message: error.message } };
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: { code: 'internal', message: `${name} failed unexpectedly; the details are in the console's log.` } };
  }
  const checked = requests[name].output.safeParse(output);
  if (!checked.success) {
    log(`${name}: the engine's result does not match the contract: ${describeZodError(checked.error)}`);
    return {
      ok: false,
      error: { code: 'internal', message: `${name}: the console produced an invalid response; the details are in the console's log.` },
    };
  }
  return { ok: true, value: checked.data };
}

/** The one failure every transport returns when a caller is not trusted. */
export function untrustedSenderError(): ContractError {
  return { code: 'unauthorized', message: 'Refused: the request did not come from the console window.' };
}
