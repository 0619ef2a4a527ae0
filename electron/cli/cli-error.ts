/**
 * How the CLI fails: an error with the exit code it maps to, and the mapping from the
 * errors other layers throw (bad workspace, missing secrets, refused token) to one line.
 */
import { ProviderError } from '../engine/ports';
import { MissingSecretError, WorkspaceError } from '../host/workspace';
import { SHORT_USAGE } from './usage';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** An action is still waiting in the outbox. */
  pending: 3,
} as const;

/** An error the CLI reports as is, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong command line: the message plus a pointer to the usage text. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(`${message}\n\n${SHORT_USAGE}`, EXIT.usage);
    this.name = 'UsageError';
  }
}

function isProviderAuthError(error: unknown): boolean {
  if (error instanceof ProviderError) return error.kind === 'auth';
  return error instanceof Error && error.name === 'ProviderError' && (error as { kind?: unknown }).kind === 'auth';
}

/** The text and exit code to report for an error that ended a command. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof WorkspaceError) return { message: error.message, exitCode: EXIT.usage };
  if (error instanceof MissingSecretError) return { message: error.message, exitCode: EXIT.usage };
  if (isProviderAuthError(error)) {
    const status = (error as { status?: unknown }).status;
    const http = typeof status === 'number' ? ` (HTTP ${status})` : '';
    // The change commands also sign in to the ticketing system: say whose credentials to check.
    const said = (error as Error).message;
    if (/servicenow/i.test(said))
      return {
        message: `ServiceNow refused the credentials${http}: check SERVICENOW_USER and SERVICENOW_PASSWORD (or SERVICENOW_TOKEN). ${said}`,
        exitCode: EXIT.failed,
      };
    if (/jira|atlassian/i.test(said))
      return {
        message: `Jira Service Management refused the credentials${http}: check JIRA_EMAIL and JIRA_API_TOKEN. ${said}`,
        exitCode: EXIT.failed,
      };
    return {
      message: `PagerDuty rejected the token in PAGERDUTY_TOKEN${http}: check that it is a valid REST API key that has not been revoked.`,
      exitCode: EXIT.failed,
    };
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const port = (error as { port?: unknown }).port;
    const which = typeof port === 'number' ? `Port ${port}` : 'The port';
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'needs more privileges than this user has';
    return { message: `${which} ${why}: pick another with --port N (0 = any free port).`, exitCode: EXIT.failed };
  }
  if (error instanceof Error) return { message: error.message || error.name, exitCode: EXIT.failed };
  return { message: String(error), exitCode: EXIT.failed };
}
