/**
 * The Jenkins delivery reader: the builds of a deployment job the workspace names, as
 * deployments (delivery-mapper.ts), read incrementally for the delivery sync.
 *
 * Jenkins' remote access API answers no conditional requests (its docs name no ETag or
 * Last-Modified on .../api/json), so the cursor is the highest build number read plus the
 * numbers of the builds still running. A poll reads the newest few builds in one request
 * (`tree=builds[...]{0,N}`): with nothing new and nothing finished, that one request is
 * the whole poll. It reads further back only while every build it read is new, and asks
 * after a running build by its number only when it fell out of that window.
 *
 * Which parameters carry the version and the environment is the job's own choice:
 * configurable, default VERSION and ENVIRONMENT. A build without them is not a deployment
 * the reader can place; it is reported in `withoutParameters`, not dropped silently.
 */
import { z } from 'zod';
import { ProviderError } from '../../engine/ports';
import { Deployment } from '../../../shared/domain/delivery';
import { checkConfig } from '../http/client-config';
import { decodeJsonCursor, encodeJsonCursor } from '../http/opaque-cursor';
import { validateJenkinsConfig, type JenkinsConfig } from './config';
import { DEPLOY_BUILD_TREE, deployBuildsTree, isBuilding, JkDeployBuild, JkDeployBuildPage, toDeployment } from './delivery-mapper';
import { JenkinsClient, JenkinsRefusal } from './jenkins-client';
import { jenkinsJobPath } from './jenkins-provider';

/** Jenkins' `builds` lists the newest 100 (Job.getNewBuilds); older ones only through `allBuilds`. */
const RECENT_LIST_SIZE = 100;

export interface JenkinsDeliveryConfig extends JenkinsConfig {
  /** The build parameter that names the version deployed (a tag, a commit); default VERSION. */
  versionParameter?: string;
  /** The build parameter that names the environment deployed to; default ENVIRONMENT. */
  environmentParameter?: string;
  /** Environment names that are production; default ["production"]. */
  productionEnvironments?: string[];
  /** How many of the newest builds a poll reads in its one request; default 10. */
  pollBuilds?: number;
  /**
   * A first poll (no cursor) reads at most this many builds, and a poll catching up at most this
   * many more past its window (older new builds than that are skipped); default 100.
   */
  firstPollBuilds?: number;
}

const DeliveryFields = z.object({
  versionParameter: z.string().trim().min(1, 'versionParameter is empty').optional(),
  environmentParameter: z.string().trim().min(1, 'environmentParameter is empty').optional(),
  productionEnvironments: z.array(z.string().trim().min(1, 'productionEnvironments holds an empty name')).optional(),
  pollBuilds: z.number().int().min(1, 'pollBuilds must be at least 1').max(100, 'pollBuilds must be at most 100').optional(),
  firstPollBuilds: z
    .number()
    .int()
    .min(1, 'firstPollBuilds must be at least 1')
    .max(5000, 'firstPollBuilds must be at most 5000')
    .optional(),
});

/** The deployment job polled: its full name (folders separated by "/") and the repository it deploys (owner/name). */
interface JenkinsDeploymentJob {
  job: string;
  repository: string;
}

/** A build the reader could not place: it lacks the version or environment parameter (or has it empty). */
interface BuildWithoutParameters {
  job: string;
  number: number;
  url: string;
  missing: string[];
}

interface JenkinsDeploymentPoll {
  /** Builds new since the cursor, and running builds that finished since, oldest first (the first poll: all those read). */
  deployments: Deployment[];
  /** New builds that carry no version or environment. */
  withoutParameters: BuildWithoutParameters[];
  /** Hand it back on the next poll of the same job. */
  cursor: string;
  /** True when nothing was new and no running build finished. */
  unchanged: boolean;
}

interface JenkinsDeliveryReader {
  /** `cursor` null for the first poll. */
  deploymentsSince(target: JenkinsDeploymentJob, cursor: string | null): Promise<JenkinsDeploymentPoll>;
}

const DeploymentCursor = z.object({
  v: z.literal(1),
  job: z.string(),
  /** The highest build number read; 0 before any build. */
  highest: z.number().int().min(0),
  /** Builds read while still running (with the version and environment), by number. */
  running: z.array(z.number().int()),
});
type DeploymentCursor = z.infer<typeof DeploymentCursor>;

const JobName = z.string().trim().min(1, 'job is empty: name the deployment job as the workspace does, folders separated by "/"');
const RepositoryName = z
  .string()
  .trim()
  .regex(/^[^/\s]+\/[^\s]+$/, 'repository: name it as owner/name, e.g. acme/payments-api');

export function createJenkinsDeliveryReader(config: JenkinsDeliveryConfig): JenkinsDeliveryReader {
  validateJenkinsConfig(config);
  checkConfig('Jenkins', DeliveryFields, config);
  const client = new JenkinsClient(config);
  const names = {
    version: config.versionParameter?.trim() ?? 'VERSION',
    environment: config.environmentParameter?.trim() ?? 'ENVIRONMENT',
    productionEnvironments: new Set(config.productionEnvironments ?? ['production']),
  };
  const pollBuilds = config.pollBuilds ?? 10;
  const firstPollBuilds = config.firstPollBuilds ?? 100;

  const notFound = (job: string, what: string) =>
    new ProviderError(
      'rejected',
      `The Jenkins job ${job} was not found (${what}): check the workspace's pipeline job (folders separated by "/") and that the Jenkins user can see it`,
      404,
    );

  /** Builds `from` to `to` (exclusive), newest first. */
  async function readBuilds(job: string, from: number, to: number): Promise<JkDeployBuild[]> {
    const list = to <= RECENT_LIST_SIZE ? 'builds' : 'allBuilds';
    try {
      const { body } = await client.request({
        method: 'GET',
        path: `${jenkinsJobPath(job)}/api/json`,
        query: [['tree', deployBuildsTree(list, from, to)]],
        schema: JkDeployBuildPage,
      });
      return body[list] ?? [];
    } catch (error) {
      if (error instanceof JenkinsRefusal && error.status === 404) throw notFound(job, `GET ${jenkinsJobPath(job)}/api/json`);
      throw error;
    }
  }

  /** One build by its number; null once deleted or discarded. */
  async function readBuild(job: string, number: number): Promise<JkDeployBuild | null> {
    try {
      const { body } = await client.request({
        method: 'GET',
        path: `${jenkinsJobPath(job)}/${number}/api/json`,
        query: [['tree', DEPLOY_BUILD_TREE]],
        schema: JkDeployBuild,
      });
      return body;
    } catch (error) {
      if (error instanceof JenkinsRefusal && error.status === 404) return null;
      throw error;
    }
  }

  async function deploymentsSince(target: JenkinsDeploymentJob, cursor: string | null): Promise<JenkinsDeploymentPoll> {
    const job = checked(JobName, target.job, 'job');
    const repository = checked(RepositoryName, target.repository, 'repository');
    const previous = cursor === null ? null : readCursor(cursor, job);
    const highest = previous?.highest ?? 0;

    // The newest few (a first poll: up to firstPollBuilds). When every one of them is new and the
    // cursor's build is not reached, read on once, up to firstPollBuilds further back.
    const read = new Map<number, JkDeployBuild>();
    const newest = await readBuilds(job, 0, previous ? pollBuilds : firstPollBuilds);
    for (const build of newest) read.set(build.number, build);
    if (previous && newest.length === pollBuilds && newest.at(-1)!.number > highest + 1)
      for (const build of await readBuilds(job, pollBuilds, pollBuilds + firstPollBuilds)) read.set(build.number, build);

    const fresh = [...read.values()].filter((build) => build.number > highest);
    const followed: JkDeployBuild[] = [];
    for (const number of previous?.running ?? []) {
      const build = read.get(number) ?? (await readBuild(job, number));
      if (build) followed.push(build);
    }

    const deployments: Deployment[] = [];
    const withoutParameters: BuildWithoutParameters[] = [];
    const running: number[] = [];
    for (const build of fresh) {
      const mapped = toDeployment(job, repository, build, names);
      if ('missing' in mapped) {
        withoutParameters.push({ job, number: build.number, url: build.url, missing: mapped.missing });
        continue;
      }
      deployments.push(mapped.deployment);
      if (isBuilding(build)) running.push(build.number);
    }
    for (const build of followed) {
      const mapped = toDeployment(job, repository, build, names);
      if ('missing' in mapped) continue;
      if (isBuilding(build)) running.push(build.number);
      else deployments.push(mapped.deployment);
    }

    const next: DeploymentCursor = {
      v: 1,
      job,
      highest: Math.max(highest, ...read.keys()),
      running: [...new Set(running)].sort((a, b) => a - b),
    };
    const byNumber = (deployment: Deployment) => Number(deployment.id.slice(deployment.id.lastIndexOf('#') + 1));
    deployments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || byNumber(a) - byNumber(b));
    withoutParameters.sort((a, b) => a.number - b.number);
    return {
      deployments: z.array(Deployment).parse(deployments),
      withoutParameters,
      cursor: encodeJsonCursor(next, 'base64url'),
      unchanged: deployments.length === 0 && withoutParameters.length === 0,
    };
  }

  return { deploymentsSince };
}

function readCursor(text: string, job: string): DeploymentCursor {
  const cursor = decodeJsonCursor(
    text,
    DeploymentCursor,
    'The deployment cursor is not one the Jenkins delivery reader wrote: poll again without a cursor to start over',
    'base64url',
  );
  if (cursor.job !== job)
    throw new ProviderError('rejected', `The deployment cursor is for the Jenkins job ${cursor.job}, not ${job}: keep one cursor per job`);
  return cursor;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProviderError('rejected', `${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
