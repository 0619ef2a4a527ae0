/**
 * The paging platforms a CLI command works with: the secrets each one the workspace names
 * needs (checked before anything starts, for a fast, precise error), and how the CLI names
 * an incident's platform (the queue's compact marks: PD, SOC).
 */
import { readPagerDutySecrets, readSplunkOnCallSecrets, type Workspace } from '../host/workspace';

const PLATFORMS: Record<string, { name: string; compact: string }> = {
  pagerduty: { name: 'PagerDuty', compact: 'PD' },
  'splunk-on-call': { name: 'Splunk On-Call', compact: 'SOC' },
};

/** Throws a one-line MissingSecretError naming the variable to set when a platform's secrets are not in the environment. */
export function checkPagingSecrets(workspace: Workspace, env: NodeJS.ProcessEnv): void {
  readPagerDutySecrets(env);
  if (workspace.morePaging?.some((platform) => platform.provider === 'splunk-on-call')) readSplunkOnCallSecrets(env);
}

/** The workspace's paging platforms by incident `provider`, the first one first. */
export function pagingPlatformsOf(workspace: Workspace): string[] {
  return [workspace.paging.provider, ...(workspace.morePaging ?? []).map((platform) => platform.provider)];
}

/** "Splunk On-Call": the platform's name; an unknown provider is named by its id. */
export function platformName(provider: string): string {
  return PLATFORMS[provider]?.name ?? provider;
}

/** "SOC": the queue's compact mark for the platform; an unknown provider gets its first three letters. */
export function platformMark(provider: string): string {
  return PLATFORMS[provider]?.compact ?? provider.slice(0, 3).toUpperCase();
}

/**
 * The platform an incident id belongs to: a platform other than the workspace's first prefixes
 * its incidents' ids with its own id and a colon ("splunk-on-call:1234"), as the engine routes them.
 */
export function platformOfId(incidentId: string, platforms: readonly string[]): string {
  return platforms.slice(1).find((platform) => incidentId.startsWith(`${platform}:`)) ?? platforms[0] ?? 'pagerduty';
}
