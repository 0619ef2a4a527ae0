/**
 * The GitHub Actions provider: workflow_dispatch and workflow runs through @octokit/rest,
 * behind the engine's PipelineProvider port.
 */
export { createGitHubActionsProvider, carriesKey, GITHUB_ACTIONS_PROVIDER_ID } from './github-actions-provider';
export { gitHubTokenFromEnv, GITHUB_API_URL } from './config';
export type { GitHubActionsConfig, GitHubRequestInfo } from './config';
export { mapWorkflowRun, stageOf, conclusionOf } from './mapper';
