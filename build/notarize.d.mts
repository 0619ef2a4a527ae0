// Types of build/notarize.mjs (the electron-builder afterSign hook that notarises the macOS app), for the tests.
export const NOTARIZE_ENV: readonly ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

export interface NotarizeTarget {
  /** electron-builder's electronPlatformName. */
  platform: string;
  /** The signed .app bundle. */
  appPath: string;
}

export type NotarizeDecision =
  | { action: 'skip'; reason: string }
  | { action: 'notarize'; options: { appPath: string; appleId: string; appleIdPassword: string; teamId: string } };

/** The subset of electron-builder's AfterPackContext the hook reads. */
export interface AfterSignContextLike {
  electronPlatformName: string;
  appOutDir: string;
  packager: { appInfo: { productFilename: string } };
}

export function notarizeDecision(target: NotarizeTarget, env: Record<string, string | undefined>): NotarizeDecision;
export function afterSign(context: AfterSignContextLike): Promise<void>;
export default afterSign;
