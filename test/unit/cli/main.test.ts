import { describe, expect, it } from 'vitest';
import { parseCount, parsePort } from '../../../electron/cli/args';
import { describeFailure, EXIT } from '../../../electron/cli/cli-error';
import type { CliIo } from '../../../electron/cli/cli-io';
import { runCli } from '../../../electron/cli/main';
import { ProviderError } from '../../../electron/engine/ports';
import { MissingSecretError, WorkspaceError } from '../../../electron/host/workspace';

function memoryIo(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), env };
}

describe('runCli', () => {
  it('prints the usage for --help on stdout', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    expect(io.stdout.join('\n')).toContain('incidents resolve ID... [--note TEXT] --workspace FILE');
    expect(io.stderr).toEqual([]);
  });

  it('refuses unknown commands and flags with a short usage, exit 2', async () => {
    for (const argv of [['frobnicate'], ['serve', '--colour'], ['incidents', 'delete', 'Q1'], ['simulate', '--port', 'abc'], []]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(EXIT.usage);
      expect(io.stdout).toEqual([]);
      expect(io.stderr.join('\n')).toContain('oncall-console --help');
    }
  });

  it('asks for --workspace or --demo when serve gets neither', async () => {
    const io = memoryIo();
    expect(await runCli(['serve'], io)).toBe(EXIT.usage);
    expect(io.stderr[0]).toMatch(/--workspace FILE.*--demo/);
  });

  it('checks the subcommand arguments before anything starts', async () => {
    const cases: [string[], RegExp][] = [
      [['incidents', 'ack', '--workspace', 'w.yaml'], /at least one incident/],
      [['incidents', 'note', 'Q1', '--workspace', 'w.yaml'], /incidents note ID TEXT/],
      [['incidents', 'list', '--note', 'x', '--workspace', 'w.yaml'], /--note does not apply/],
      [['incidents', 'list'], /--workspace FILE/],
      [['serve', '--demo', '--workspace', 'w.yaml'], /not both/],
    ];
    for (const [argv, message] of cases) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(' ')).toBe(EXIT.usage);
      expect(io.stderr[0], argv.join(' ')).toMatch(message);
    }
  });

  it('hides the stack trace unless ONCALL_DEBUG=1', async () => {
    const quiet = memoryIo();
    await runCli(['incidents', 'list', '--workspace', '/nonexistent/w.yaml'], quiet);
    expect(quiet.stderr).toEqual(['/nonexistent/w.yaml: cannot read the workspace file: no such file']);
    const debug = memoryIo({ ONCALL_DEBUG: '1' });
    await runCli(['incidents', 'list', '--workspace', '/nonexistent/w.yaml'], debug);
    expect(debug.stderr.join('\n')).toMatch(/\n\s+at /);
  });
});

describe('describeFailure', () => {
  it('maps each kind of error to its exit code', () => {
    expect(describeFailure(new WorkspaceError('w.yaml', [{ line: 3, column: 5, problem: 'x: bad' }]))).toEqual({
      message: 'w.yaml:3:5: x: bad',
      exitCode: EXIT.usage,
    });
    expect(describeFailure(new MissingSecretError('Set PAGERDUTY_TOKEN')).exitCode).toBe(EXIT.usage);
    const auth = describeFailure(new ProviderError('auth', 'HTTP 401', 401));
    expect(auth.exitCode).toBe(EXIT.failed);
    expect(auth.message).toMatch(/^PagerDuty rejected the token/);
    // The change commands' change system: its own variables named.
    expect(describeFailure(new ProviderError('auth', 'ServiceNow POST /api/sn_chg_rest/change failed with 401', 401)).message).toMatch(
      /^ServiceNow refused the credentials \(HTTP 401\): check SERVICENOW_USER and SERVICENOW_PASSWORD/,
    );
    expect(
      describeFailure(new ProviderError('auth', 'Jira Service Management GET /rest/api/3/myself failed with 401', 401)).message,
    ).toMatch(/^Jira Service Management refused the credentials \(HTTP 401\): check JIRA_EMAIL and JIRA_API_TOKEN/);
    expect(describeFailure(new ProviderError('transient', 'HTTP 503')).message).toBe('HTTP 503');
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8080'), { code: 'EADDRINUSE', port: 8080 });
    expect(describeFailure(inUse)).toEqual({
      message: 'Port 8080 is already in use: pick another with --port N (0 = any free port).',
      exitCode: EXIT.failed,
    });
  });
});

describe('argument validators', () => {
  it('accept ports and counts in range only', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['-1', '65536', '80a', '']) expect(() => parsePort(bad), bad).toThrow(/--port/);
    expect(parseCount('--demo-incidents', '40')).toBe(40);
    expect(() => parseCount('--demo-incidents', '2.5')).toThrow(/whole number/);
  });
});
