// Runs electron-builder for real on this repository (`--linux dir`: the unpacked app, no
// installer) with a stand-in Electron distribution, because the real binary cannot be
// downloaded here: a small file carrying Electron 45's fuse wire. That exercises the
// configuration end to end (electron-builder's own validation, the files and exclusions,
// asarUnpack, the afterPack hook flipping the fuses) and the test reads the result: the
// asar listing, the unpacked native module and the fuse wire. Needs the built bundles
// (`npm run build`; `npm test` builds first) and skips, saying so, without them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './builder-config';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const built = existsSync(join(repoRoot, 'out', 'main', 'index.js')) && existsSync(join(repoRoot, 'out', 'renderer', 'index.html'));
if (!built) console.log('Skipping the electron-builder pack test: out/ is not built (run `npm run build`).');
const keytarBuilt = existsSync(join(repoRoot, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'));
if (built && !keytarBuilt) console.log('Skipping the keytar part of the pack test: keytar (an optional dependency) is not installed here.');

interface PackResult {
  code: number | null;
  output: string;
  appDir: string;
}

/** A directory electron-builder accepts as an unpacked Electron for Linux. */
function fakeElectronDist(dir: string): string {
  const dist = join(dir, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('101100011')]);
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n# '), wire, Buffer.from('\n')]), { mode: 0o755 });
  writeFileSync(join(dist, 'version'), '45.5.0');
  writeFileSync(join(dist, 'LICENSE'), 'stand-in');
  return dist;
}

function pack(dir: string): Promise<PackResult> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('electron-builder/package.json')), 'cli.js');
  const output = join(dir, 'release');
  const args = [
    cli,
    '--linux',
    'dir',
    '--x64',
    `-c.electronDist=${fakeElectronDist(dir)}`,
    `-c.directories.output=${output}`,
    '-c.npmRebuild=false',
  ];
  const env = { ...process.env, ONCALL_TEST_BUILD: '', ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: log, appDir: join(output, 'linux-unpacked') });
    });
  });
}

describe.skipIf(!built)('electron-builder --linux dir with a stand-in Electron', () => {
  let dir: string;
  let result: PackResult;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oncall-pack-'));
    result = await pack(dir);
    files = result.code === 0 ? listPackage(join(result.appDir, 'resources', 'app.asar'), { isPack: false }) : [];
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('packs without an error', () => {
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('flipping Electron fuses for a release build (linux x64)');
  });

  it('puts the bundles and package.json into app.asar, and no source, test or source map', () => {
    for (const path of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json'])
      expect(files).toContain(path);
    const leaked = files.filter(
      (path) => /^\/(electron|renderer|shared|test|build|scripts|bin)\//.test(path) || path.endsWith('.map') || path.endsWith('.ts'),
    );
    expect(leaked.filter((path) => !path.startsWith('/node_modules/'))).toEqual([]);
  });

  it('ships what the main process loads and none of the renderer-only packages', () => {
    const packages = new Set(files.map((path) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]).filter(Boolean));
    for (const name of ['zod', 'yaml', 'libsql', 'detect-libc', '@neon-rs/load']) expect(packages).toContain(name);
    for (const name of ['react', 'react-dom', '@mantine/core', '@tabler/icons-react', 'recharts', 'tsx', 'esbuild'])
      expect(packages).not.toContain(name);
  });

  it("leaves libsql's native module unpacked next to the archive", () => {
    const unpacked = join(result.appDir, 'resources', 'app.asar.unpacked', 'node_modules', '@libsql');
    const platforms = readdirSync(unpacked).filter((name) => existsSync(join(unpacked, name, 'index.node')));
    expect(platforms).toContain('linux-x64-gnu');
  });

  // keytar is an optional dependency: packed where it is installed (built), with its binding unpacked.
  it.skipIf(!keytarBuilt)('ships keytar, an optional dependency, with its compiled binding unpacked next to the archive', () => {
    expect(files).toContain('/node_modules/keytar/lib/keytar.js');
    expect(
      existsSync(join(result.appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release', 'keytar.node')),
    ).toBe(true);
  });

  it('flips the executable’s fuses to the hardened set', async () => {
    const wire = (await getCurrentFuseWire(join(result.appDir, 'oncall-console'))) as unknown as Record<number, number>;
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] ?? 0);
    expect({
      RunAsNode: on(FuseV1Options.RunAsNode),
      EnableCookieEncryption: on(FuseV1Options.EnableCookieEncryption),
      EnableNodeOptionsEnvironmentVariable: on(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      EnableNodeCliInspectArguments: on(FuseV1Options.EnableNodeCliInspectArguments),
      EnableEmbeddedAsarIntegrityValidation: on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      OnlyLoadAppFromAsar: on(FuseV1Options.OnlyLoadAppFromAsar),
      LoadBrowserProcessSpecificV8Snapshot: on(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot),
      GrantFileProtocolExtraPrivileges: on(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      LoadBrowserProcessSpecificV8Snapshot: '0',
      GrantFileProtocolExtraPrivileges: '0',
    });
  });
});
