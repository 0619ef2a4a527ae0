// The afterPack hook's Electron fuses: a release build gets the hardened set, a test
// build (ONCALL_TEST_BUILD=1) relaxes only the Node inspector arguments Playwright needs,
// and the hook really flips them: it runs here on a stand-in Electron binary carrying
// Electron 45's fuse wire, flipped by the real @electron/fuses, and the wire is read back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RELEASE_FUSES,
  TEST_BUILD_RELAXATIONS,
  afterPack,
  fuseConfig,
  fuseSettings,
  isTestBuild,
  type AfterPackContextLike,
} from '../../../build/after-pack.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's shipped wire: version 1, nine fuses (the ninth, WasmTrapHandlers, is newer than @electron/fuses 1.x). */
const ELECTRON_DEFAULT_WIRE = '101100011';

const HARDENED = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

const fuseNames = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));

describe('the fuse settings', () => {
  it('for a release build are the hardened set', () => {
    expect(fuseSettings({})).toEqual({ kind: 'release', fuses: HARDENED });
    expect(RELEASE_FUSES).toEqual(HARDENED);
  });

  it('decide every fuse @electron/fuses knows, so an upgrade that adds one forces a decision', () => {
    expect(Object.keys(RELEASE_FUSES).sort()).toEqual([...fuseNames].sort());
  });

  it('for a test build differ from a release build only in the Node inspector arguments', () => {
    const test = fuseSettings({ ONCALL_TEST_BUILD: '1' });
    expect(test.kind).toBe('test');
    const changed = Object.entries(test.fuses).filter(([name, value]) => RELEASE_FUSES[name as keyof typeof RELEASE_FUSES] !== value);
    expect(changed).toEqual([['EnableNodeCliInspectArguments', true]]);
    expect(TEST_BUILD_RELAXATIONS).toEqual({ EnableNodeCliInspectArguments: true });
  });

  it('treat ONCALL_TEST_BUILD unset, empty or 0 as a release build and refuse anything else', () => {
    expect(isTestBuild({})).toBe(false);
    expect(isTestBuild({ ONCALL_TEST_BUILD: '' })).toBe(false);
    expect(isTestBuild({ ONCALL_TEST_BUILD: '0' })).toBe(false);
    expect(isTestBuild({ ONCALL_TEST_BUILD: ' 1 ' })).toBe(true);
    expect(() => isTestBuild({ ONCALL_TEST_BUILD: 'yes' })).toThrow('ONCALL_TEST_BUILD must be 1 (test build) or unset');
  });

  it('map to @electron/fuses indices and renew the ad-hoc signature only for Apple silicon and universal apps', () => {
    const config = fuseConfig(RELEASE_FUSES, { platform: 'linux', arch: 'x64' });
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config.resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig(RELEASE_FUSES, { platform: 'darwin', arch: 'arm64' }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig(RELEASE_FUSES, { platform: 'darwin', arch: 'universal' }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig(RELEASE_FUSES, { platform: 'darwin', arch: 'x64' }).resetAdHocDarwinSignature).toBe(false);
    expect(() => fuseConfig({ ...RELEASE_FUSES, RunAsNod: false } as typeof RELEASE_FUSES, { platform: 'linux', arch: 'x64' })).toThrow(
      'Unknown Electron fuse "RunAsNod"',
    );
  });
});

describe('the afterPack hook', () => {
  let dir: string;
  let binary: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oncall-fuses-'));
    binary = join(dir, 'oncall-console');
    const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE)]);
    writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 0x90), wire, Buffer.alloc(4096, 0x90)]));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A context like electron-builder's, whose packager flips the stand-in binary with the real library. */
  function linuxContext(): AfterPackContextLike & { configs: FuseV1Config[] } {
    const configs: FuseV1Config[] = [];
    return {
      configs,
      electronPlatformName: 'linux',
      arch: Arch.x64,
      appOutDir: dir,
      packager: {
        async addElectronFuses(_context, config) {
          configs.push(config);
          return flipFuses(binary, config);
        },
      },
    };
  }

  /** The wire read back from the binary, by fuse name ('on' / 'off'), plus the fuse @electron/fuses does not name. */
  async function wireByName(): Promise<Record<string, string>> {
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<string, number>;
    const state = (value: number | undefined) => (value === 49 ? 'on' : value === 48 ? 'off' : `state ${String(value)}`);
    return Object.fromEntries([
      ...fuseNames.map((name) => [name, state(wire[FuseV1Options[name as keyof typeof FuseV1Options]])]),
      ['fuse8', state(wire[8])],
    ]);
  }

  it('flips a release build to the hardened set and leaves fuses it does not know alone', async () => {
    vi.stubEnv('ONCALL_TEST_BUILD', '');
    const context = linuxContext();
    await afterPack(context);
    expect(context.configs).toHaveLength(1);
    expect(await wireByName()).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
      fuse8: 'on',
    });
  });

  it('keeps the Node inspector arguments on in a test build, and says so', async () => {
    vi.stubEnv('ONCALL_TEST_BUILD', '1');
    await afterPack(linuxContext());
    const wire = await wireByName();
    expect(wire.EnableNodeCliInspectArguments).toBe('on');
    expect(wire.RunAsNode).toBe('off');
    expect(wire.OnlyLoadAppFromAsar).toBe('on');
    expect(vi.mocked(console.log).mock.calls.flat().join('\n')).toMatch(/ONCALL_TEST_BUILD=1.*do not ship this build/);
  });

  it('stops the build on a mistyped switch instead of shipping an unknown fuse set', async () => {
    vi.stubEnv('ONCALL_TEST_BUILD', 'true');
    const context = linuxContext();
    await expect(afterPack(context)).rejects.toThrow('ONCALL_TEST_BUILD must be 1');
    expect(context.configs).toEqual([]);
  });
});
