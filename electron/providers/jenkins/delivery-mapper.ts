/**
 * A Jenkins deployment job's builds (remote access API JSON, the fields the delivery reader
 * asks for with `tree`) into the console's Deployment (shared/domain/delivery.ts).
 *
 * Status mapping (Jenkins' Result: SUCCESS no errors, UNSTABLE errors that were not fatal,
 * FAILURE a fatal error, ABORTED aborted, NOT_BUILT not built):
 * - building (result still null) -> in_progress;
 * - SUCCESS -> success;
 * - FAILURE and UNSTABLE -> failure (UNSTABLE: the deploy job's own checks flagged it, as
 *   the pipeline provider's mapBuild reads it; vendorState keeps the word);
 * - ABORTED, NOT_BUILT and a result Jenkins adds later -> error (the deployment did not complete).
 * Jenkins never makes a build inactive: which deployment runs in an environment now is the
 * console's to derive from the later ones.
 */
import { z } from 'zod';
import type { Deployment, DeploymentState } from '../../../shared/domain/delivery';
import { JkBuild, JkParameters, parametersOf } from './mapper';

const Cause = z.object({ userId: z.string().nullish(), shortDescription: z.string().nullish() }).loose();
const Action = z
  .object({
    parameters: JkParameters.optional(),
    causes: z.array(Cause).optional(),
    // The git plugin's BuildData: the revision the build checked out.
    lastBuiltRevision: z.object({ SHA1: z.string().optional() }).loose().nullish(),
  })
  .loose()
  .nullable();

/** A build as the pipeline provider reads it, with its description, causes and revision instead of its queue id. */
export const JkDeployBuild = JkBuild.omit({ queueId: true, actions: true }).extend({
  description: z.string().nullish(),
  actions: z.array(Action).optional(),
});
export type JkDeployBuild = z.infer<typeof JkDeployBuild>;

export const DEPLOY_BUILD_TREE =
  'number,url,building,result,timestamp,duration,description,actions[parameters[name,value],causes[userId,shortDescription],lastBuiltRevision[SHA1]]';

/** A job's builds from `from` (0 = the newest) up to `to` (exclusive): `builds` holds the newest 100, `allBuilds` every one. */
export function deployBuildsTree(list: 'builds' | 'allBuilds', from: number, to: number): string {
  return `${list}[${DEPLOY_BUILD_TREE}]{${from},${to}}`;
}
export const JkDeployBuildPage = z.object({
  builds: z.array(JkDeployBuild).optional(),
  allBuilds: z.array(JkDeployBuild).optional(),
});

/** Which build parameters name the version and the environment, and which environments are production. */
export interface DeployParameterNames {
  version: string;
  environment: string;
  productionEnvironments: ReadonlySet<string>;
}

const STATES: Record<string, DeploymentState> = { SUCCESS: 'success', FAILURE: 'failure', UNSTABLE: 'failure' };

const isoOf = (ms: number) => new Date(ms).toISOString();

export const isBuilding = (build: JkDeployBuild) => build.building || build.result === null;

/** The deployment a build is, or the parameters it lacks (empty values count as missing). */
export function toDeployment(
  job: string,
  repository: string,
  build: JkDeployBuild,
  names: DeployParameterNames,
): { deployment: Deployment } | { missing: string[] } {
  const parameters = parametersOf(build.actions);
  const version = parameters[names.version]?.trim() ?? '';
  const environment = parameters[names.environment]?.trim() ?? '';
  const missing = [version ? null : names.version, environment ? null : names.environment].filter((name) => name !== null);
  if (missing.length > 0) return { missing };
  const actions = (build.actions ?? []).filter((action) => action !== null);
  const creator = actions.flatMap((action) => action.causes ?? []).find((cause) => cause.userId)?.userId ?? null;
  const commit = actions.map((action) => action.lastBuiltRevision?.SHA1).find((sha) => sha) ?? null;
  const building = isBuilding(build);
  const finishedAt = isoOf(build.timestamp + build.duration);
  const state: DeploymentState = building ? 'in_progress' : (STATES[build.result ?? ''] ?? 'error');
  return {
    deployment: {
      id: `${job}#${build.number}`,
      repository,
      environment,
      production: names.productionEnvironments.has(environment),
      ref: version,
      // The build names no commit unless it checked the repository out (git plugin): the version then stands for it.
      sha: commit ?? version,
      description: build.description ?? `${job} #${build.number}`,
      creator,
      createdAt: isoOf(build.timestamp),
      state,
      vendorState: building ? 'building' : (build.result ?? 'unknown'),
      stateAt: building ? isoOf(build.timestamp) : finishedAt,
      succeededAt: !building && build.result === 'SUCCESS' ? finishedAt : null,
      logUrl: `${build.url.replace(/\/?$/, '/')}console`,
      environmentUrl: null,
    },
  };
}
