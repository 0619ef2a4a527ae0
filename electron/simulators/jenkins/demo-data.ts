/**
 * The Jenkins simulator's demo jobs: the network team's `dns-change`, which changes a DNS
 * record from its build parameters, and the Search team's `deploy/search-api`, which
 * deploys a version of acme/search-api to an environment (its past builds are the demo's
 * delivery history, electron/host/demo-delivery-history.ts).
 */
import type { JobDefinition } from './types';

export function demoJobs(): JobDefinition[] {
  return [
    {
      fullName: 'dns-change',
      description: 'Changes a DNS record in the internal zones (network team).',
      parameters: [
        { name: 'ZONE', type: 'choice', choices: ['internal.acme.example', 'acme.example'], description: 'DNS zone' },
        { name: 'RECORD_NAME', type: 'string', description: 'Record name' },
        { name: 'RECORD_TYPE', type: 'choice', choices: ['A', 'AAAA', 'CNAME', 'TXT'], description: 'Record type' },
        { name: 'VALUE', type: 'string', description: 'New value' },
        { name: 'TTL', type: 'string', defaultValue: '300', description: 'TTL in seconds' },
        { name: 'REQUESTED_BY', type: 'string', description: 'Who asked for it (email)' },
        { name: 'console_request_id', type: 'string', description: 'The On-Call Console request this build belongs to' },
      ],
    },
    {
      fullName: 'deploy/search-api',
      description: 'Deploys a release of acme/search-api (Search team).',
      parameters: [
        { name: 'VERSION', type: 'string', description: 'The release tag to deploy' },
        { name: 'ENVIRONMENT', type: 'choice', choices: ['staging', 'production'], description: 'Where to deploy it' },
      ],
    },
  ];
}
