/**
 * The GitLab simulator's demo project: the network team's firewall-as-code repository,
 * whose pipeline applies a firewall rule from pipeline variables.
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
  ];
}
