/**
 * The security gate: Doyensec's Electronegativity scans the desktop shell's source
 * (electron/main, electron/preload) and the page (renderer/index.html, renderer/src), and
 * the test fails on any finding not suppressed inline with a written reason. Its exit code
 * does not fail on findings, so the test reads its report.
 *
 * Suppressions are Electronegativity's own inline comments, on the line it reports:
 *   JS/TS: `// eng-disable CHECK_ID [CHECK_ID ...]: the reason`
 *   HTML:  `<!-- eng-disable CHECK_ID --><!-- why: the reason -->` (its HTML matcher only
 *          accepts check names inside the comment, so the reason goes in the next one)
 * Every suppression in the tree must name known checks, give a reason of a few words, and
 * still silence a finding (a stale one fails too). Two checks are switched off, each with
 * its reason in EXCLUDED_CHECKS below. The suppressions' claims that the scanner cannot
 * see (the window's web preferences, the CSP header) are checked here directly.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildContentSecurityPolicy } from '../../../electron/main/security-policy';
import { secureWebPreferences } from '../../../electron/main/window';

vi.mock('electron', () => ({ BrowserWindow: class {} }));

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const requireHere = createRequire(import.meta.url);

/** What the gate scans, relative to the repo. */
const SCANNED = ['electron/main', 'electron/preload', 'renderer/index.html', 'renderer/src', 'package.json'];
/** Where suppressions may be written; any found elsewhere outside node_modules and out/ is reported. */
const SOURCE_DIRS = ['electron', 'renderer', 'shared', 'scripts', 'bin', 'build'];

/** Checks switched off, by Electronegativity's class name, with the reason. */
const EXCLUDED_CHECKS: Record<string, string> = {
  AvailableSecurityFixesGlobalCheck:
    "downloads Electron's release list at run time (no internet here); the Electron version's freshness is npm's job (npm outdated, npm audit)",
  ElectronVersionJSONCheck: 'only reports the Electron version read from package.json, and JSON cannot carry a suppression comment',
};

const report = z.object({
  checks: z.object({ global: z.number(), atomic: z.number() }),
  parseErrors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  findings: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      line: z.number(),
      sample: z.string(),
      description: z.string(),
      severity: z.string(),
      confidence: z.string(),
      url: z.string(),
    }),
  ),
  suppressions: z.array(z.object({ id: z.string(), line: z.string() })),
});
type Report = z.infer<typeof report>;

interface Directive {
  file: string;
  lineNumber: number;
  /** The source line, trimmed: what Electronegativity compares against. */
  line: string;
  ids: string[];
  reason: string;
}

/** Runs Electronegativity over `input` in a child process (network cut off) and parses its report. */
async function scan(input: string, outputDir: string): Promise<Report> {
  const output = join(outputDir, 'electronegativity.json');
  const electronVersion = (requireHere('electron/package.json') as { version: string }).version;
  const runner = join(import.meta.dirname, 'electronegativity-runner.mjs');
  const args = [runner, input, output, electronVersion, Object.keys(EXCLUDED_CHECKS).join(',')];
  const env = { PATH: process.env.PATH ?? '', LANG: 'en-US', NO_COLOR: '1' };
  const { code, log } = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, log: text });
    });
  });
  if (code !== 0) throw new Error(`Electronegativity did not complete (exit ${String(code)}):\n${log}`);
  return report.parse(JSON.parse(readFileSync(output, 'utf8')));
}

/** Copies the scanned sources into `stage`, keeping their repo-relative paths. */
function stageSources(stage: string): void {
  for (const path of SCANNED) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(stage, path), { recursive: true });
  }
}

/** Every check id Electronegativity defines, read from its check classes. */
function knownCheckIds(): Set<string> {
  const checksDir = join(dirname(requireHere.resolve('@doyensec/electronegativity')), 'finder', 'checks');
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js'))
        for (const match of readFileSync(path, 'utf8').matchAll(/this\.id = "([A-Z0-9_]+)"/g)) ids.add(match[1] ?? '');
    }
  };
  walk(checksDir);
  return ids;
}

const JS_DIRECTIVE = /(?:\/\/|\/\*)[ \t]*eng-disable[ \t]+([A-Za-z0-9_ \t,]*?)[ \t]*(?::[ \t]*(.*?))?[ \t]*(?:\*\/|$)/gm;
const HTML_DIRECTIVE = /<!--[ \t]*eng-disable[ \t]+([\w \t]*?)[ \t]*-->(?:[ \t]*<!--[ \t]*why:[ \t]*(.*?)[ \t]*-->)?/g;

/** The eng-disable directives in one file's text. */
function parseDirectives(file: string, text: string): Directive[] {
  const lines = text.split('\n');
  const pattern = /\.html?$/.test(file) ? HTML_DIRECTIVE : JS_DIRECTIVE;
  const directives: Directive[] = [];
  lines.forEach((raw, index) => {
    if (!raw.includes('eng-disable')) return;
    const matches = [...raw.matchAll(new RegExp(pattern.source, pattern.flags.replace('m', '')))];
    if (matches.length === 0) directives.push({ file, lineNumber: index + 1, line: raw.trim(), ids: [], reason: '' });
    for (const match of matches) {
      const ids = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
      directives.push({ file, lineNumber: index + 1, line: raw.trim(), ids, reason: (match[2] ?? '').trim() });
    }
  });
  return directives;
}

/** Every eng-disable directive under `root` in the source folders. */
function directivesUnder(root: string, dirs: readonly string[]): Directive[] {
  const found: Directive[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'out') continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(tsx?|mts|cts|jsx?|mjs|cjs|html?)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        if (text.includes('eng-disable')) found.push(...parseDirectives(relative(root, path).split('\\').join('/'), text));
      }
    }
  };
  for (const dir of dirs) {
    try {
      walk(join(root, dir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return found;
}

/** Why a directive is not acceptable, or null. */
function directiveProblem(directive: Directive, known: Set<string>): string | null {
  const where = `${directive.file}:${directive.lineNumber}`;
  if (directive.ids.length === 0) return `${where}: an eng-disable comment without a check name Electronegativity reads`;
  const unknown = directive.ids.filter((id) => !known.has(id.toUpperCase()));
  if (unknown.length > 0) return `${where}: ${unknown.join(', ')} is not an Electronegativity check id (use the SNAKE_CASE id it reports)`;
  const words = directive.reason.split(/\s+/).filter(Boolean);
  if (words.length < 5 || directive.reason.length < 30) {
    return `${where}: eng-disable ${directive.ids.join(' ')} needs a written reason, e.g. "// eng-disable ${directive.ids[0] ?? 'CHECK'}: why this is safe here" (HTML: "<!-- eng-disable ID --><!-- why: ... -->")`;
  }
  return null;
}

/** Everything that fails the gate, one readable line each. */
function gateProblems(result: Report, directives: Directive[], known: Set<string>): string[] {
  const problems: string[] = [];
  for (const error of result.parseErrors)
    problems.push(`${error.file}: Electronegativity could not parse it (${error.message}), so it was not checked`);
  for (const finding of result.findings) {
    problems.push(
      `${finding.file}:${finding.line} ${finding.id} (${finding.severity}, ${finding.confidence}): ${finding.description} ${finding.url}. ` +
        'Fix it, or if it is a false positive add an eng-disable comment with the reason on that line.',
    );
  }
  for (const directive of directives) {
    const problem = directiveProblem(directive, known);
    if (problem) {
      problems.push(problem);
      continue;
    }
    for (const id of directive.ids) {
      const used = result.suppressions.some(
        (suppression) => suppression.id.toUpperCase() === id.toUpperCase() && suppression.line === directive.line,
      );
      if (!used)
        problems.push(
          `${directive.file}:${directive.lineNumber}: eng-disable ${id} silences nothing (stale, misplaced or in a file the gate does not scan): remove it`,
        );
    }
  }
  return problems;
}

describe('the Electronegativity gate', () => {
  let workDir: string;
  let result: Report;
  const known = knownCheckIds();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'oncall-electronegativity-'));
    const stage = join(workDir, 'app');
    stageSources(stage);
    result = await scan(stage, workDir);
  }, 60_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('runs its checks over the shell and the page', () => {
    expect(known.size).toBeGreaterThan(30);
    expect(result.checks.atomic).toBeGreaterThan(30);
    expect(result.checks.global).toBeGreaterThan(3);
    // The suppressions it honoured prove it parsed the main-process sources and the page.
    const suppressedIds = new Set(result.suppressions.map((suppression) => suppression.id));
    expect(suppressedIds).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(result.suppressions.some((suppression) => suppression.line.startsWith('<!--'))).toBe(true);
  });

  it('leaves no finding without an inline suppression that gives a reason, and no stale suppression', () => {
    const directives = directivesUnder(repoRoot, SOURCE_DIRS);
    expect(gateProblems(result, directives, known)).toEqual([]);
  });

  it('excludes only the documented checks', () => {
    for (const [check, reason] of Object.entries(EXCLUDED_CHECKS)) expect(reason.length, check).toBeGreaterThan(40);
    expect(Object.keys(EXCLUDED_CHECKS)).toEqual(['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck']);
  });
});

describe('what the suppressions rely on', () => {
  it('the console window is context-isolated and sandboxed, with no Node in the page (window.ts)', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it("the CSP header passes the CSP evaluator Electronegativity uses, except the documented 'self' remark", () => {
    const fromTool = createRequire(requireHere.resolve('@doyensec/electronegativity'));
    const csp = fromTool('@doyensec/csp-evaluator') as {
      CspParser: new (policy: string) => { csp: unknown };
      CspEvaluator: new (
        policy: unknown,
        version: unknown,
      ) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] };
      Version: { CSP3: unknown };
      severities: Record<string, number>;
    };
    const policy = buildContentSecurityPolicy();
    const findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
    const serious = findings.filter((finding) => finding.severity < (csp.severities.MEDIUM_MAYBE ?? 50));
    expect(serious, policy).toEqual([]);
    const remarks = findings
      .filter((finding) => finding.severity === csp.severities.MEDIUM_MAYBE)
      .map((finding) => `${finding.directive} ${finding.value ?? ''}`);
    expect(remarks).toEqual(["script-src 'self'"]);
  });
});

describe('the gate itself', () => {
  let workDir: string;
  let result: Report;
  let directives: Directive[];
  const known = knownCheckIds();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'oncall-electronegativity-fixture-'));
    const app = join(workDir, 'app');
    mkdirSync(join(app, 'main'), { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'fixture', main: 'main/index.js', devDependencies: { electron: '^45.0.0' } }),
    );
    writeFileSync(
      join(app, 'main', 'index.js'),
      [
        "const { BrowserWindow, shell } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        'shell.openExternal(process.argv[2]); // eng-disable OPEN_EXTERNAL_JS_CHECK',
        "shell.openExternal('https://example.com/' + process.argv[3]); // eng-disable OPEN_EXTERNAL_JS_CHECK: the path is validated by the caller before it gets here",
        '// eng-disable SANDBOX_JS_CHECK: nothing on this line creates a window, so this suppression is stale',
        "win.loadURL('https://example.com');",
        '',
      ].join('\n'),
    );
    result = await scan(app, workDir);
    directives = directivesUnder(app, ['main']);
  }, 60_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('fails on an insecure window and on an app without navigation, permission and CSP guards', () => {
    const problems = gateProblems(result, directives, known);
    for (const expected of ['main/index.js:2 CONTEXT_ISOLATION_JS_CHECK', 'main/index.js:2 SANDBOX_JS_CHECK']) {
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        expected,
      ).toBe(true);
    }
    for (const id of ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) {
      expect(result.findings.map((finding) => finding.id)).toContain(id);
    }
  });

  it('honours a suppression with a reason and rejects one without', () => {
    const problems = gateProblems(result, directives, known);
    expect(result.findings.some((finding) => finding.id === 'OPEN_EXTERNAL_JS_CHECK')).toBe(false);
    expect(problems).toContain(
      'main/index.js:3: eng-disable OPEN_EXTERNAL_JS_CHECK needs a written reason, e.g. "// eng-disable OPEN_EXTERNAL_JS_CHECK: why this is safe here" (HTML: "<!-- eng-disable ID --><!-- why: ... -->")',
    );
    expect(problems.some((problem) => problem.startsWith('main/index.js:4'))).toBe(false);
  });

  it('rejects a suppression that silences nothing', () => {
    expect(gateProblems(result, directives, known)).toContain(
      'main/index.js:5: eng-disable SANDBOX_JS_CHECK silences nothing (stale, misplaced or in a file the gate does not scan): remove it',
    );
  });

  it('reads HTML suppressions with the reason in the following comment', () => {
    const [withReason, without] = [
      parseDirectives(
        'page.html',
        '<!-- eng-disable CSP_GLOBAL_CHECK --><!-- why: the policy is evaluated by a separate unit test --><meta>',
      ),
      parseDirectives('page.html', '<!-- eng-disable CSP_GLOBAL_CHECK --><meta>'),
    ];
    expect(withReason).toMatchObject([{ ids: ['CSP_GLOBAL_CHECK'], reason: 'the policy is evaluated by a separate unit test' }]);
    expect(without).toMatchObject([{ ids: ['CSP_GLOBAL_CHECK'], reason: '' }]);
    expect(directiveProblem(without[0] as Directive, known)).toMatch(/needs a written reason/);
    expect(directiveProblem({ ...(withReason[0] as Directive), ids: ['CSP_CHECK'] }, known)).toMatch(
      /CSP_CHECK is not an Electronegativity check id/,
    );
  });
});
