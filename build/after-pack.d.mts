// Types of build/after-pack.mjs (the electron-builder afterPack hook that flips the Electron fuses), for the tests.
import type { FuseV1Config } from '@electron/fuses';

export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'LoadBrowserProcessSpecificV8Snapshot'
  | 'GrantFileProtocolExtraPrivileges';

export type FuseSettings = Readonly<Record<FuseName, boolean>>;

export interface PackTarget {
  /** electron-builder's electronPlatformName: darwin, mas, win32 or linux. */
  platform: string;
  /** The architecture's name: x64, arm64, ia32, armv7l or universal. */
  arch: string;
}

/** The subset of electron-builder's AfterPackContext the hook reads. */
export interface AfterPackContextLike {
  electronPlatformName: string;
  arch: number;
  appOutDir: string;
  packager: { addElectronFuses(context: AfterPackContextLike, config: FuseV1Config): Promise<unknown> };
}

export const RELEASE_FUSES: FuseSettings;
export const TEST_BUILD_RELAXATIONS: Readonly<Partial<Record<FuseName, boolean>>>;
export function isTestBuild(env: Record<string, string | undefined>): boolean;
export function fuseSettings(env: Record<string, string | undefined>): { kind: 'release' | 'test'; fuses: FuseSettings };
export function fuseConfig(fuses: FuseSettings, target: PackTarget): FuseV1Config;
export function afterPack(context: AfterPackContextLike): Promise<void>;
export default afterPack;
