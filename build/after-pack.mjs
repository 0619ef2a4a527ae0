// electron-builder afterPack hook (electron-builder.yml: afterPack): flips the Electron
// fuses of the packaged app before it is signed. A release build gets the hardened set
// below; a test build (ONCALL_TEST_BUILD=1, `npm run package:test`) keeps only what
// Playwright's `_electron` launcher needs. The decisions are plain data and functions,
// exported for test/unit/packaging; `npx @electron/fuses read --app <app>` shows the
// result on a built app.
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { z } from 'zod';

/** The fuses of a release build, by their @electron/fuses name, each with its reason. */
export const RELEASE_FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node. */
  RunAsNode: false,
  /** Encrypts the cookie store at rest with an OS-protected key. */
  EnableCookieEncryption: true,
  /** NODE_OPTIONS could preload arbitrary code into the main process. */
  EnableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would open a debugger on the main process. */
  EnableNodeCliInspectArguments: false,
  /** Refuses an app.asar whose hash differs from the one recorded at build time (macOS, Windows). */
  EnableEmbeddedAsarIntegrityValidation: true,
  /** Loads the app only from app.asar, never from a loose resources/app folder. */
  OnlyLoadAppFromAsar: true,
  /** One V8 snapshot for every process: nothing to gain from a separate browser snapshot. */
  LoadBrowserProcessSpecificV8Snapshot: false,
  /** file: pages get no more privileges than a web page (fetch, service workers, ...). */
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * What a test build turns back on, and why: nothing else differs from a release build.
 *
 * Playwright's `_electron.launch()` starts the app with `--inspect=0` (and Chromium's
 * `--remote-debugging-port=0`, which is not a fuse) and drives the main process through
 * the Node inspector; with this fuse off the app ignores the argument and the launch
 * times out.
 */
export const TEST_BUILD_RELAXATIONS = Object.freeze({
  EnableNodeCliInspectArguments: true,
});

const testBuildSwitch = z
  .enum(['', '0', '1'], {
    error: (issue) => `ONCALL_TEST_BUILD must be 1 (test build) or unset (release build), not "${String(issue.input)}".`,
  })
  .default('');

/** True for a test build. Throws, saying what to set, on any value but 1, 0 or empty. */
export function isTestBuild(env) {
  return testBuildSwitch.parse(env.ONCALL_TEST_BUILD?.trim()) === '1';
}

/** The fuse settings for this build, by fuse name. */
export function fuseSettings(env) {
  const testBuild = isTestBuild(env);
  return {
    kind: testBuild ? 'test' : 'release',
    fuses: { ...RELEASE_FUSES, ...(testBuild ? TEST_BUILD_RELAXATIONS : {}) },
  };
}

/**
 * The @electron/fuses configuration for the settings.
 *
 * An arm64 (or universal) macOS binary must carry a valid signature to start at all, so
 * its ad-hoc signature is renewed after the flip (electron-builder signs it properly
 * afterwards when an identity is configured).
 */
export function fuseConfig(fuses, target) {
  const config = {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature:
      (target.platform === 'darwin' || target.platform === 'mas') && (target.arch === 'arm64' || target.arch === 'universal'),
  };
  for (const [name, enabled] of Object.entries(fuses)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number')
      throw new Error(`Unknown Electron fuse "${name}": check the names against @electron/fuses' FuseV1Options.`);
    config[index] = enabled;
  }
  return config;
}

/** The hook: electron-builder calls it once per platform and architecture it packs. */
export async function afterPack(context) {
  const { kind, fuses } = fuseSettings(process.env);
  const target = { platform: context.electronPlatformName, arch: Arch[context.arch] ?? String(context.arch) };
  const summary = Object.entries(fuses)
    .map(([name, enabled]) => `${name}=${enabled ? 'on' : 'off'}`)
    .join(', ');
  console.log(`  • flipping Electron fuses for a ${kind} build (${target.platform} ${target.arch}): ${summary}`);
  if (kind === 'test') {
    console.log('  • ONCALL_TEST_BUILD=1: the Node inspector arguments stay enabled for Playwright; do not ship this build.');
  }
  await context.packager.addElectronFuses(context, fuseConfig(fuses, target));
}

export default afterPack;
