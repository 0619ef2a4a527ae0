/**
 * The GitHub Actions step (actions/change): its inputs reach `oncall-console change` as
 * the right flags, through environment variables (never pasted into the script), and
 * every input and output the action declares is wired.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const actionDir = resolve(import.meta.dirname, '../../../actions/change');
const scratch = mkdtempSync(join(tmpdir(), 'change-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in for the CLI that prints the arguments it was given, one JSON array. */
const echoCli = join(scratch, 'echo-cli.mjs');
writeFileSync(echoCli, 'console.log(JSON.stringify(process.argv.slice(2)));\n');

interface Action {
  inputs: Record<string, unknown>;
  outputs: Record<string, { value: string }>;
  runs: { steps: { id?: string; env?: Record<string, string> }[] };
}
const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as Action;
const step = action.runs.steps.find((candidate) => candidate.id === 'change')!;
/** Input name -> the environment variable the step sets from it. */
const envOf = new Map(Object.entries(step.env ?? {}).map(([name, value]) => [/inputs\.([\w-]+)/.exec(value)?.[1] ?? '', name]));

/** Runs the step's script as GitHub would, with these inputs set (the workspace is ws.yaml). */
function run(inputs: Record<string, string>): { status: number | null; args: string[]; stderr: string } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ONCALL_CONSOLE_CLI: echoCli };
  for (const [name, value] of Object.entries({ workspace: 'ws.yaml', ...inputs })) env[envOf.get(name)!] = value;
  const result = spawnSync('bash', [join(actionDir, 'run.sh')], { env, encoding: 'utf8' });
  return { status: result.status, args: result.stdout ? (JSON.parse(result.stdout) as string[]) : [], stderr: result.stderr };
}

describe('actions/change', () => {
  it('opens a standard change from a template, with the run and commit', () => {
    const { status, args } = run({
      command: 'open',
      service: 'Payments API',
      version: '1.4.2',
      commit: 'a1b2c3d',
      template: 'Payments API - routine deployment',
      'run-url': 'https://github.com/acme/payments/actions/runs/7',
      normal: 'false',
    });
    expect(status).toBe(0);
    expect(args).toEqual([
      'change',
      'open',
      '--workspace',
      'ws.yaml',
      '--service',
      'Payments API',
      '--version',
      '1.4.2',
      '--commit',
      'a1b2c3d',
      '--run-url',
      'https://github.com/acme/payments/actions/runs/7',
      '--template',
      'Payments API - routine deployment',
    ]);
  });

  it('opens a normal or an emergency change instead when asked', () => {
    expect(run({ command: 'open', service: 'S', version: '1', commit: 'c', normal: 'true', template: 'T' }).args).toContain('--normal');
    expect(
      run({ command: 'open', service: 'S', version: '1', commit: 'c', normal: 'true', 'emergency-incident': 'PINC9' }).args.slice(-3),
    ).toEqual(['--emergency', '--incident', 'PINC9']);
  });

  it('gates with --wait and its timeout only when waiting, and closes with the result', () => {
    expect(run({ command: 'gate', service: 'S', version: '1', wait: 'true', timeout: '45m' }).args).toEqual([
      'change',
      'gate',
      '--workspace',
      'ws.yaml',
      '--service',
      'S',
      '--version',
      '1',
      '--wait',
      '--timeout',
      '45m',
    ]);
    expect(run({ command: 'gate', service: 'S', version: '1', wait: 'false', timeout: '45m' }).args).not.toContain('--timeout');
    expect(run({ command: 'close', change: 'CHG0030001', result: 'failure', notes: 'Rolled back; caused PINC9' }).args).toEqual([
      'change',
      'close',
      '--workspace',
      'ws.yaml',
      '--change',
      'CHG0030001',
      '--result',
      'failure',
      '--notes',
      'Rolled back; caused PINC9',
    ]);
  });

  it('passes hostile input as one argument, never as shell', () => {
    const { args } = run({ command: 'close', change: 'CHG1', result: 'success', notes: '$(touch /tmp/pwned); `id`' });
    expect(args.at(-1)).toBe('$(touch /tmp/pwned); `id`');
  });

  it('refuses an unknown command with exit 2', () => {
    const { status, stderr } = run({ command: 'deploy' });
    expect(status).toBe(2);
    expect(stderr).toBe('The command input is open, gate or close (got "deploy").\n');
  });

  it('declares what run.sh reads and what the CLI writes to $GITHUB_OUTPUT', () => {
    const wired = Object.values(step.env ?? {}).map((value) => /inputs\.([\w-]+)/.exec(value)?.[1]);
    expect(wired.sort()).toEqual(Object.keys(action.inputs).sort());
    const script = readFileSync(join(actionDir, 'run.sh'), 'utf8');
    for (const name of Object.keys(step.env ?? {})) expect(script, name).toContain(name);
    const cli = readFileSync(resolve(actionDir, '../../electron/cli/change-command.ts'), 'utf8');
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.change.outputs.${name} }}`);
      expect(cli, name).toContain(`'${name}'`);
    }
  });
});
