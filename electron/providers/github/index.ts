/**
 * The GitHub Actions provider: workflow_dispatch and workflow runs through @octokit/rest,
 * behind the engine's PipelineProvider port.
 */
export { createGitHubActionsProvider, carriesKey } from './github-actions-provider';
export { gitHubTokenFromEnv } from './config';
export type { GitHubActionsConfig } from './config';
export { mapWorkflowRun, stageOf, conclusionOf } from './mapper';
