/**
 * The CLI's view of its process: where results go (stdout), where logs go (stderr), and
 * the environment. Commands take it as a parameter so they stay testable.
 */
export interface CliIo {
  /** One line of result on stdout. */
  out(line: string): void;
  /** One line of log or error on stderr. */
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};
