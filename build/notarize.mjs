// electron-builder afterSign hook (electron-builder.yml: afterSign): sends the signed
// macOS app to Apple's notary service with @electron/notarize and staples the ticket, so
// Gatekeeper opens the dmg's app without a warning. It needs an Apple ID, an app-specific
// password and the Team ID in APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID.
// Without them (a developer's machine, a test build, any other platform) it skips and
// prints why; with only some of them it fails the build, naming the missing ones.
import { join } from 'node:path';
import { z } from 'zod';

/** The variables notarisation reads, in the order the README lists them. */
export const NOTARIZE_ENV = Object.freeze(['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']);

const credentials = z.object({
  APPLE_ID: z.email('APPLE_ID must be the Apple ID email of a member of the signing team.'),
  APPLE_APP_SPECIFIC_PASSWORD: z.string().min(1, 'APPLE_APP_SPECIFIC_PASSWORD is empty: create one at account.apple.com.'),
  APPLE_TEAM_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'APPLE_TEAM_ID must be the 10-character Team ID shown in the Apple Developer account.'),
});

/**
 * What the hook will do for this app.
 *
 * Returns `{ action: 'skip', reason }` or `{ action: 'notarize', options }` (the options
 * for @electron/notarize); throws when the credentials are partly set or malformed.
 */
export function notarizeDecision(target, env) {
  if (target.platform !== 'darwin') return { action: 'skip', reason: `notarisation is for macOS apps, this is ${target.platform}` };
  if (env.ONCALL_TEST_BUILD?.trim() === '1') return { action: 'skip', reason: 'ONCALL_TEST_BUILD=1: a test build is never distributed' };
  const present = NOTARIZE_ENV.filter((name) => env[name]?.trim());
  if (present.length === 0) return { action: 'skip', reason: `${NOTARIZE_ENV.join(', ')} are not set` };
  const missing = NOTARIZE_ENV.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new Error(`Notarisation is half configured: set ${missing.join(' and ')} too, or unset ${present.join(' and ')} to skip it.`);
  }
  const parsed = credentials.safeParse(Object.fromEntries(NOTARIZE_ENV.map((name) => [name, env[name]?.trim()])));
  if (!parsed.success)
    throw new Error(`Notarisation credentials are invalid: ${parsed.error.issues.map((issue) => issue.message).join(' ')}`);
  return {
    action: 'notarize',
    options: {
      appPath: target.appPath,
      appleId: parsed.data.APPLE_ID,
      appleIdPassword: parsed.data.APPLE_APP_SPECIFIC_PASSWORD,
      teamId: parsed.data.APPLE_TEAM_ID,
    },
  };
}

/** The hook: electron-builder calls it after signing each app it packs. */
export async function afterSign(context) {
  const appPath = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  const decision = notarizeDecision({ platform: context.electronPlatformName, appPath }, process.env);
  if (decision.action === 'skip') {
    console.log(`  • skipping macOS notarisation: ${decision.reason}`);
    return;
  }
  console.log(`  • notarising ${appPath} as ${decision.options.appleId} (team ${decision.options.teamId}); this takes minutes`);
  const { notarize } = await import('@electron/notarize');
  await notarize(decision.options);
  console.log('  • notarised and stapled');
}

export default afterSign;
