/**
 * The Jenkins provider: parameterised builds through Jenkins' remote access API, behind
 * the engine's PipelineProvider port.
 */
export { createJenkinsProvider, jenkinsJobPath } from './jenkins-provider';
export { jenkinsCredentialsFromEnv } from './config';
export type { JenkinsConfig } from './config';
export { jenkinsMessage } from './jenkins-client';
export { mapBuild, mapQueueItem } from './mapper';
