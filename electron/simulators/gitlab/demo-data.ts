/**
 * The GitLab simulator's demo projects: the network team's firewall-as-code repository,
 * whose pipeline applies a firewall rule from pipeline variables, and the Identity team's
 * `identity/identity-service`, whose environments, deployments and merge requests the
 * demo's delivery history fills (electron/host/demo-delivery-history.ts).
 */
import type { ProjectDefinition } from './types';

export function demoProjects(): ProjectDefinition[] {
  return [
    {
      id: 4201,
      path: 'network/firewall-as-code',
      name: 'firewall-as-code',
      refs: ['main'],
      allowPipelineVariables: true,
      requiredVariables: ['SOURCE_CIDR', 'DESTINATION', 'PORT', 'CONSOLE_REQUEST_ID'],
    },
    { id: 4202, path: 'identity/identity-service', name: 'identity-service', refs: ['main'] },
  ];
}
