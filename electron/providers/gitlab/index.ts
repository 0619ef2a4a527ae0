/**
 * The GitLab provider: pipelines through GitLab's REST API v4, behind the engine's
 * PipelineProvider port.
 */
export { createGitLabProvider } from './gitlab-provider';
export { gitLabTokenFromEnv } from './config';
export type { GitLabConfig } from './config';
export { gitLabMessage } from './gitlab-client';
export { mapPipeline, stageOf as gitLabStageOf } from './mapper';
