/**
 * A GitHub simulator holding Payments API's (acme/payments-api) recent history, days back
 * from now: v1.0.0; v1.1.0 (2 commits through reviewed pull requests, staging then
 * production); v1.2.0 failed, then redeployed; v1.3.0 deployed, then force-pushed away
 * (untraceable); v1.2.1 (2 commits) deployed 12 minutes ago by dana-developer. The delivery
 * engine and command-line tests read it.
 */
import { startGitHubSimulator, type GitHubSimulator } from '../../electron/simulators/github';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function startGitHubWithPaymentsHistory(token: string): Promise<GitHubSimulator> {
  const now = Date.now();
  let clock = now - 4 * DAY;
  const sim = await startGitHubSimulator({ validTokens: [{ token, login: 'delivery-bot' }], now: () => clock });
  const { history, deployments } = sim;
  const deploy = (ref: string, environment: string, outcome: 'success' | 'failure', creator = 'ci-bot') => {
    const created = deployments.create('acme', 'payments-api', { ref, environment, creator });
    clock += 5 * 60_000;
    deployments.addStatus(created.id, outcome);
    return created;
  };

  history.commit('acme', 'payments-api', { message: 'Start', author: 'dana-developer', at: clock - DAY });
  history.tag('acme', 'payments-api', 'v1.0.0');
  deploy('v1.0.0', 'production', 'success');

  clock = now - 3 * DAY;
  const review = { reviews: [{ by: 'sam-okafor', state: 'APPROVED' as const }] };
  history.commit('acme', 'payments-api', {
    message: 'Add refunds',
    author: 'dana-developer',
    authoredAt: clock - 5 * HOUR,
    at: clock - 2 * HOUR,
    pullRequest: review,
  });
  history.commit('acme', 'payments-api', {
    message: 'Refund limits',
    author: 'priya-patel',
    authoredAt: clock - 3 * HOUR,
    at: clock - HOUR,
    pullRequest: review,
  });
  history.tag('acme', 'payments-api', 'v1.1.0');
  deploy('v1.1.0', 'staging', 'success');
  deploy('v1.1.0', 'production', 'success');

  clock = now - 2 * DAY;
  history.commit('acme', 'payments-api', {
    message: 'New fraud rules',
    author: 'dana-developer',
    authoredAt: clock - 6 * HOUR,
    at: clock - HOUR,
    pullRequest: review,
  });
  history.tag('acme', 'payments-api', 'v1.2.0');
  deploy('v1.2.0', 'production', 'failure');
  clock += HOUR;
  deploy('v1.2.0', 'production', 'success');

  clock = now - 30 * HOUR;
  history.commit('acme', 'payments-api', { message: 'Risky experiment', author: 'priya-patel', at: clock - HOUR });
  history.tag('acme', 'payments-api', 'v1.3.0');
  deploy('v1.3.0', 'production', 'success');
  // Rewritten: main goes back to v1.2.0 and the tag is deleted, so v1.3.0's commit is gone.
  history.forcePush('acme', 'payments-api', 'main', 'v1.2.0');
  history.deleteTag('acme', 'payments-api', 'v1.3.0');

  clock = now - 12 * 60_000 - 5 * 60_000;
  history.commit('acme', 'payments-api', {
    message: 'Fix rounding',
    author: 'dana-developer',
    authoredAt: clock - 3 * HOUR,
    at: clock - 30 * 60_000,
    pullRequest: review,
  });
  history.commit('acme', 'payments-api', {
    message: 'Log refunds',
    author: 'sam-okafor',
    authoredAt: clock - 2 * HOUR,
    at: clock - 20 * 60_000,
    pullRequest: review,
  });
  history.tag('acme', 'payments-api', 'v1.2.1');
  deploy('v1.2.1', 'production', 'success', 'dana-developer');
  clock = now;
  return sim;
}
