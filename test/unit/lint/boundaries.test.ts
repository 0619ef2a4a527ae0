/**
 * The layering rules in eslint.config.js are behaviour: this runs ESLint on snippets placed
 * at paths in each layer and checks that forbidden imports fail the lint, allowed ones pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layer boundaries', () => {
  it("lets only electron/main and electron/preload import 'electron'", async () => {
    const code = "import { app } from 'electron';\nexport const name = app.getName();\n";
    expect(await problems('electron/main/example.ts', code)).toEqual([]);
    expect(await problems('electron/preload/example.ts', code)).toEqual([]);
    for (const path of [
      'electron/engine/x.ts',
      'electron/server/x.ts',
      'electron/cli/x.ts',
      'shared/x.ts',
      'renderer/src/x.ts',
      'electron/providers/pagerduty/x.ts',
    ]) {
      expect(await problems(path, code), path).toEqual([
        expect.stringContaining("Only electron/main and electron/preload may import 'electron'"),
      ]);
    }
  });

  it('keeps Node and DOM out of shared/', async () => {
    expect(await problems('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([
      expect.stringContaining('no Node modules here'),
    ]);
    expect(await problems('shared/x.ts', "import { join } from 'path';\nexport const f = join;\n")).toEqual([
      expect.stringContaining('no Node modules here'),
    ]);
    expect(await problems('shared/x.ts', 'export const title = () => document.title;\n')).toEqual([
      expect.stringContaining('no DOM or Node globals'),
    ]);
    expect(await problems('shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });

  it('keeps dependencies pointing down', async () => {
    const upward = "import { startHttpHost } from '../server';\nexport const f = startHttpHost;\n";
    expect(await problems('electron/engine/x.ts', upward)).toEqual([expect.stringContaining('dependencies point down')]);
    expect(
      await problems('renderer/src/x.ts', "import { Engine } from '../../electron/engine/engine';\nexport const E = Engine;\n"),
    ).toEqual([expect.stringContaining('dependencies point down')]);
    expect(
      await problems('electron/providers/pagerduty/x.ts', "import { Outbox } from '../../engine/outbox';\nexport const O = Outbox;\n"),
    ).toEqual([expect.stringContaining('dependencies point down')]);
    expect(
      await problems(
        'electron/engine/x.ts',
        "import { startConsoleHost } from '../host/console-host';\nexport const s = startConsoleHost;\n",
      ),
    ).toEqual([expect.stringContaining('dependencies point down')]);
    expect(
      await problems('shared/domain/x.ts', "import { Engine } from '../../electron/engine/engine';\nexport const E = Engine;\n"),
    ).toEqual([expect.stringContaining('dependencies point down')]);
    expect(await problems('renderer/src/x.ts', "import { requests } from '../../shared/contract';\nexport const r = requests;\n")).toEqual(
      [],
    );
    expect(
      await problems(
        'electron/providers/pagerduty/x.ts',
        "import { ProviderError } from '../../engine/ports';\nexport const P = ProviderError;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'electron/providers/http/x.ts',
        "import { withRequestContext } from '../../engine/ports/request-context';\nexport const w = withRequestContext;\n",
      ),
    ).toEqual([]);
    // The engine reaches vendors only through its ports: no provider module, not even a helper.
    expect(
      await problems(
        'electron/engine/x.ts',
        "import { createPagerDutyProvider } from '../providers/pagerduty';\nexport const c = createPagerDutyProvider;\n",
      ),
    ).toEqual([expect.stringContaining('dependencies point down')]);
  });

  it('forbids raw ipcMain/ipcRenderer outside the typed wrappers', async () => {
    expect(await problems('electron/main/x.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n")).toEqual([
      expect.stringContaining('typed IPC wrappers'),
    ]);
  });
});
