/**
 * The demo repositories of the GitHub Actions simulator: the DBA team's `acme/db-ops`
 * and the network team's `acme/network-ops`, with the workflows the demo catalogue's
 * self-service offerings run (every one takes `console_request_id` and shows it in its
 * run-name, so the console can find a run again after a crash), the platform team's
 * `acme/platform-ops` with the rollback a service's on-call starts from an incident, and
 * the product teams' `acme/payments-api` and `acme/checkout-web`, whose deploy workflow
 * (on push) raises, gates and closes a change (the demo's pipeline,
 * electron/host/demo-pipeline.ts, drives its runs), and `acme/search-api`, which Jenkins
 * deploys (its code only). The demo's delivery history fills their git history
 * (electron/host/demo-delivery-history.ts).
 */
import type { RepositoryDefinition, WorkflowInput } from './types';

const requestId: WorkflowInput = { description: 'The On-Call Console request this run belongs to', required: true, type: 'string' };
const requestedBy: WorkflowInput = { description: 'Who asked for it (email)', required: true, type: 'string' };
const simulateFailure: WorkflowInput = { description: 'Demo only: make the run fail', required: false, type: 'boolean', default: 'false' };
const environment: WorkflowInput = {
  description: 'Target environment',
  required: true,
  type: 'choice',
  options: ['production', 'staging', 'development'],
};

/** The steps of a product's deploy workflow, which the demo pipeline marks done in this order. */
const DEPLOY_STEPS = ['Build and test', 'Open the change', 'Pass the change gate', 'Deploy to production', 'Close the change'];

/** The product teams' deploy workflows: the service each deploys (as PagerDuty and ServiceNow name it) and where it lives. */
export const DEMO_DEPLOY_PIPELINES = [
  { service: 'Payments API', owner: 'acme', repo: 'payments-api', workflow: 'deploy.yml' },
  { service: 'Checkout Web', owner: 'acme', repo: 'checkout-web', workflow: 'deploy.yml' },
] as const;

/** A product team's repository with its deploy workflow: on push to main, no workflow_dispatch. */
function productRepository(pipeline: (typeof DEMO_DEPLOY_PIPELINES)[number]): RepositoryDefinition {
  return {
    owner: pipeline.owner,
    name: pipeline.repo,
    refs: ['main'],
    workflows: [{ file: pipeline.workflow, name: 'Deploy', job: 'deploy', dispatchable: false, inputs: {}, steps: DEPLOY_STEPS }],
  };
}

export function demoRepositories(): RepositoryDefinition[] {
  return [
    {
      owner: 'acme',
      name: 'db-ops',
      refs: ['main'],
      workflows: [
        {
          file: 'restore-backup.yml',
          name: 'Restore a database backup',
          runName: 'Restore ${{ inputs.database }} from ${{ inputs.backup_id }} [${{ inputs.console_request_id }}]',
          inputs: {
            database: { description: 'Database to restore', required: true, type: 'string' },
            backup_id: { description: 'Backup (snapshot) id', required: true, type: 'string' },
            target_environment: environment,
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
        {
          file: 'grant-read-access.yml',
          name: 'Grant read access to a database',
          runName: 'Grant ${{ inputs.grantee }} read on ${{ inputs.database }} [${{ inputs.console_request_id }}]',
          inputs: {
            database: { description: 'Database', required: true, type: 'string' },
            grantee: { description: 'Who gets read access (email or service account)', required: true, type: 'string' },
            duration_days: { description: 'For how many days', required: false, type: 'choice', options: ['1', '7', '30'], default: '7' },
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
        {
          file: 'review-schema-migration.yml',
          name: 'Review a schema migration',
          runName: 'Review migration ${{ inputs.migration_url }} [${{ inputs.console_request_id }}]',
          inputs: {
            database: { description: 'Database', required: true, type: 'string' },
            migration_url: { description: 'Pull request with the migration', required: true, type: 'string' },
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
        {
          file: 'nightly-vacuum.yml',
          name: 'Nightly vacuum',
          dispatchable: false,
          inputs: {},
        },
      ],
    },
    {
      owner: 'acme',
      name: 'network-ops',
      refs: ['main'],
      workflows: [
        {
          file: 'open-firewall-rule.yml',
          name: 'Open a firewall rule',
          runName:
            'Open ${{ inputs.protocol }}/${{ inputs.port }} from ${{ inputs.source_cidr }} to ${{ inputs.destination }} [${{ inputs.console_request_id }}]',
          inputs: {
            source_cidr: { description: 'Source CIDR', required: true, type: 'string' },
            destination: { description: 'Destination host or CIDR', required: true, type: 'string' },
            port: { description: 'Port', required: true, type: 'string' },
            protocol: { description: 'Protocol', required: true, type: 'choice', options: ['tcp', 'udp'], default: 'tcp' },
            expires_at: { description: 'When the rule is removed (ISO 8601)', required: true, type: 'string' },
            justification: { description: 'Why', required: false, type: 'string' },
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
        {
          file: 'change-dns-record.yml',
          name: 'Change a DNS record',
          runName: 'Set ${{ inputs.record_type }} ${{ inputs.record_name }} [${{ inputs.console_request_id }}]',
          inputs: {
            zone: { description: 'DNS zone', required: true, type: 'string' },
            record_name: { description: 'Record name', required: true, type: 'string' },
            record_type: { description: 'Record type', required: true, type: 'choice', options: ['A', 'AAAA', 'CNAME', 'TXT'] },
            value: { description: 'New value', required: true, type: 'string' },
            ttl: { description: 'TTL in seconds', required: false, type: 'string', default: '300' },
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
      ],
    },
    {
      owner: 'acme',
      name: 'platform-ops',
      refs: ['main'],
      workflows: [
        {
          file: 'rollback.yml',
          name: 'Roll back a service',
          runName: 'Roll back ${{ inputs.service }} to ${{ inputs.version }} [${{ inputs.console_request_id }}]',
          inputs: {
            service: { description: 'The service to roll back (as PagerDuty names it)', required: true, type: 'string' },
            version: { description: 'The version to go back to (a release tag that ran in production)', required: true, type: 'string' },
            reason: { description: 'Why (the incident, what got worse)', required: true, type: 'string' },
            requested_by: requestedBy,
            console_request_id: requestId,
            simulate_failure: simulateFailure,
          },
        },
      ],
    },
    ...DEMO_DEPLOY_PIPELINES.map(productRepository),
    // Deployed by Jenkins (job deploy/search-api): no workflows here, only its code.
    { owner: 'acme', name: 'search-api', refs: ['main'], workflows: [] },
  ];
}
