/**
 * The error every ConsoleClient call rejects with: the contract's error codes plus the
 * transport's own failures, with a message written for the person at the screen.
 */
import type { ContractError } from '../../../shared/contract';
import { errorText } from '../../../shared/error-text';

export type ConsoleClientErrorCode = ContractError['code'] | 'network' | 'invalid_response';

export class ConsoleClientError extends Error {
  constructor(
    readonly code: ConsoleClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleClientError';
  }
}

/** A message to show for anything a call rejected with. */
export const errorMessage = errorText;
