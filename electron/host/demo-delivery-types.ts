/**
 * The demo's delivery history as data: the four services it maps (repository, how they
 * are deployed, what they depend on) and a planned release: its commits, tag, pipeline
 * run, staging and production deployments, change, and the incident it caused. Made by
 * demo-delivery-plan.ts, written into the simulators by demo-delivery-history.ts.
 */
import type { RegressionAlert } from './demo-delivery-words';

/** Someone of a product team: their name and email (as PagerDuty lists them), GitHub login and GitLab username. */
export interface DemoPerson {
  name: string;
  email: string;
  login: string;
  username: string;
}

export interface DemoDeliveryService {
  service: string;
  /** Where its deployments are recorded: GitHub deployments, GitLab deployments or a Jenkins job's builds. */
  deployedBy: 'github' | 'gitlab' | 'jenkins';
  codeHost: 'github' | 'gitlab';
  /** owner/name on GitHub, the project's path on GitLab. */
  repository: string;
  jenkinsJob?: string;
  dependsOn: string[];
}

/** The services the demo workspace maps (issue 14's design note); the other paging services have no repository mapped. */
export const DEMO_DELIVERY_SERVICES: readonly DemoDeliveryService[] = [
  { service: 'Payments API', deployedBy: 'github', codeHost: 'github', repository: 'acme/payments-api', dependsOn: [] },
  { service: 'Checkout Web', deployedBy: 'github', codeHost: 'github', repository: 'acme/checkout-web', dependsOn: ['Payments API'] },
  { service: 'Identity Service', deployedBy: 'gitlab', codeHost: 'gitlab', repository: 'identity/identity-service', dependsOn: [] },
  {
    service: 'Search API',
    deployedBy: 'jenkins',
    codeHost: 'github',
    repository: 'acme/search-api',
    jenkinsJob: 'deploy/search-api',
    dependsOn: [],
  },
];

export interface PlannedCommit {
  title: string;
  author: DemoPerson;
  reviewer: DemoPerson;
  authoredAt: number;
  mergedAt: number;
  review: 'approved' | 'changes-requested' | 'commented';
}

/** A deployment: when it started and when it ended. */
interface PlannedStep {
  at: number;
  doneAt: number;
}

/** An incident a release caused on its service, from the alert to its resolution (null: still open). */
export interface PlannedIncident {
  alert: RegressionAlert;
  openedAt: number;
  acknowledgedAt: number | null;
  note: { at: number; text: string } | null;
  resolvedAt: number | null;
}

/** A release's change. Notes may name the incident as "{incident}", filled in once it exists. */
interface PlannedChange {
  type: 'standard' | 'normal' | 'emergency';
  raisedAt: number;
  window: { start: number; end: number } | null;
  approvedAt: number | null;
  implementedAt: number | null;
  /** By: who closed it (null: the pipeline). */
  closed: { at: number; code: 'successful' | 'unsuccessful'; notes: string; by: DemoPerson | null } | null;
  /** The incident an emergency change fixes. */
  fixes: PlannedIncident | null;
}

export interface PlannedRelease {
  service: DemoDeliveryService;
  version: string;
  /** A rollback deploys an earlier version again: no commits, no tag of its own. */
  kind: 'release' | 'rollback';
  commits: PlannedCommit[];
  taggedAt: number | null;
  /** When its pipeline run started (a rollback: the rollback workflow's); null: deployed by hand. */
  pipelineAt: number | null;
  staging: PlannedStep | null;
  /** Null: it never reached production. By: who deployed it (null: the pipeline). */
  production: (PlannedStep & { outcome: 'success' | 'failure'; by: DemoPerson | null; description: string }) | null;
  change: PlannedChange | null;
  /** The incident it caused. */
  causes: PlannedIncident | null;
  /** After it went out, main was force-pushed back to this earlier version and its tag deleted. */
  forcePushed: { at: number; to: string } | null;
  /** Where its pipeline run stopped, when not after closing the change: when, how, and what it printed. */
  runEnd: { at: number; conclusion: 'success' | 'failure'; output: string[] } | null;
}
