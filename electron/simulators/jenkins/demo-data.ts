/**
 * The Jenkins simulator's demo job: the network team's `dns-change`, which changes a DNS
 * record from its build parameters.
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
  ];
}
