/**
 * `npm run lint` is a gate, so its failures are behaviour: it fails on a React hooks-rule
 * violation (ESLint), on an unformatted source file (Prettier, with the repo's config and
 * ignore file) and on an export nobody imports (knip, with the repo's knip.jsonc over a
 * small tree shaped like this one).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = process.cwd();

describe('npm run lint', () => {
  it('runs ESLint, the Prettier check and knip', () => {
    const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.lint).toBe('eslint . && prettier --check . && knip');
  });

  it("fails on a hook called conditionally, and on an effect's missing dependency in the page", async () => {
    const eslint = new ESLint({ cwd: repoRoot });
    const code = [
      "import { useEffect, useState } from 'react';",
      'export function Badge({ shown, count }: { shown: boolean; count: number }) {',
      '  if (!shown) return null;',
      '  const [seen, setSeen] = useState(0);',
      '  useEffect(() => setSeen(count), []);',
      '  return <span>{seen}</span>;',
      '}',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'renderer/src/features/queue/badge.tsx' });
    const rules = (result?.messages ?? []).map((message) => `${message.ruleId} ${message.severity}`);
    expect(rules).toContain('react-hooks/rules-of-hooks 2');
    expect(rules.some((rule) => rule.startsWith('react-hooks/exhaustive-deps'))).toBe(true);
  });

  it('fails on an unformatted source file, and checks every source folder', async () => {
    const ugly = 'export function add(a:number,b:number){return a+b}\n';
    const options = { ...(await prettier.resolveConfig(join(repoRoot, 'shared/rules/backoff.ts'))), filepath: 'shared/rules/add.ts' };
    expect(await prettier.check(ugly, options)).toBe(false);
    expect(await prettier.check(await prettier.format(ugly, options), options)).toBe(true);
    const ignorePath = join(repoRoot, '.prettierignore');
    for (const file of [
      'electron/engine/engine.ts',
      'renderer/src/app.tsx',
      'shared/contract/index.ts',
      'test/unit/lint/lint-gates.test.ts',
      'bench/run.ts',
    ]) {
      expect((await prettier.getFileInfo(join(repoRoot, file), { ignorePath })).ignored, file).toBe(false);
    }
  });

  describe('knip', () => {
    const tree = mkdtempSync(join(tmpdir(), 'knip-gate-'));
    afterAll(() => rmSync(tree, { recursive: true, force: true }));

    it('fails on an export nobody imports, naming it, and passes once it is gone', () => {
      writeFileSync(join(tree, 'package.json'), JSON.stringify({ name: 'knip-gate', version: '1.0.0', type: 'module' }));
      copyFileSync(join(repoRoot, 'knip.jsonc'), join(tree, 'knip.jsonc'));
      mkdirSync(join(tree, 'electron/cli'), { recursive: true });
      mkdirSync(join(tree, 'shared'), { recursive: true });
      writeFileSync(join(tree, 'electron/cli/main.ts'), "import { used } from '../../shared/lib';\nconsole.log(used);\n");
      writeFileSync(join(tree, 'shared/lib.ts'), 'export const used = 1;\nexport const forgotten = 2;\n');
      const knip = join(repoRoot, 'node_modules/.bin/knip');
      const dead = spawnSync(knip, ['--directory', tree, '--no-config-hints'], { encoding: 'utf8' });
      expect(dead.status).toBe(1);
      expect(dead.stdout).toMatch(/Unused exports \(1\)\s+forgotten\s+shared\/lib\.ts/);
      writeFileSync(join(tree, 'shared/lib.ts'), 'export const used = 1;\n');
      expect(() => execFileSync(knip, ['--directory', tree, '--no-config-hints'], { encoding: 'utf8' })).not.toThrow();
    });
  });
});
