/**
 * Command-line parsing on node:util parseArgs, with errors that say what to fix and
 * validators for the CLI's numeric options.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-error';
import { errorText } from '../../shared/error-text';

/** A command's flags: each a single string or boolean. */
type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };

/** Parses one command's arguments strictly; unknown flags become a UsageError. */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: string[],
  options: O,
): { values: Values<O>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values<O>, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${friendlyParseError(error)}`);
  }
}

function friendlyParseError(error: unknown): string {
  const message = errorText(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missingValue = /Option '([^']+)' argument missing/.exec(message);
  if (missingValue) return `${missingValue[1]?.replace(/^-\w, /, '')} needs a value`;
  const noValue = /Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1]?.replace(/^-\w, /, '')} does not take a value`;
  return message.split('\n')[0] ?? message;
}

/** A TCP port from --port: 0 (any free port) to 65535. */
export function parsePort(value: string | undefined, fallback = 0): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}")`);
  return port;
}

/** A non-negative whole number option, such as --demo-incidents. */
export function parseCount(flag: string, value: string | undefined, max = 10_000): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!/^\d+$/.test(value) || count > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max} (got "${value}")`);
  return count;
}
