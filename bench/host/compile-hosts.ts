/**
 * Compiles what the host-memory scenario runs ahead of time with Vite, as electron-vite
 * compiles the desktop's main process: the command line (electron/cli/main.ts), the desktop
 * host's stand-in (desktop-entry.ts) and the memory probe, one ES module per entry,
 * dependencies left in node_modules. The output goes to node_modules/.cache, so the
 * compiled files find the same node_modules as the sources.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CompiledHosts {
  /** Node's arguments that run `oncall-console` compiled (no tsx), with the memory probe; the CLI's arguments follow. */
  cli: string[];
  /** The desktop host without Electron (desktop-entry.ts). */
  desktop: string;
  /** The memory probe alone, for `node --import` into a process started another way. */
  probe: string;
  /** Removes the compiled files. */
  remove(): void;
}

export async function compileHosts(): Promise<CompiledHosts> {
  const cache = join(repoRoot, 'node_modules', '.cache', 'oncall-console-bench');
  mkdirSync(cache, { recursive: true });
  // A folder of its own, so two runs at once never overwrite each other's files.
  const outDir = mkdtempSync(join(cache, 'hosts-'));
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          cli: join(repoRoot, 'electron', 'cli', 'main.ts'),
          desktop: join(repoRoot, 'bench', 'host', 'desktop-entry.ts'),
          probe: join(repoRoot, 'bench', 'host', 'memory-probe.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  return {
    // As bin/oncall-console.mjs runs the CLI, from the compiled module instead of the sources.
    cli: [
      '--import',
      pathToFileURL(join(outDir, 'probe.mjs')).href,
      '--input-type=module',
      '-e',
      `const { runCli } = await import(${JSON.stringify(pathToFileURL(join(outDir, 'cli.mjs')).href)}); process.exitCode = await runCli(process.argv.slice(1));`,
    ],
    desktop: join(outDir, 'desktop.mjs'),
    probe: join(outDir, 'probe.mjs'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
