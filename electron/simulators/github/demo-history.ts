/**
 * The demo's git history for the product teams' repositories: about two months of work on
 * `acme/payments-api` (v2.10.0 to v2.13.1) and `acme/checkout-web` (v5.0.0 to v5.2.1) by
 * the teams the PagerDuty demo names, each change squash-merged through a pull request a
 * teammate reviewed (some after asking for changes, some with a reviewer asked who never
 * answered), a changelog commit pushed by the release bot before each version's tag.
 * Deterministic: the same clock gives the same history. The demo pipeline carries on from
 * the last tag (v2.14.0, v5.3.0).
 */
import type { GitHubHistory, NewCommit, SimPerson } from './history';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const person = (name: string): SimPerson => ({
  login: name.toLowerCase().replace(/\s+/g, '-'),
  name,
  email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
});
const RELEASE_BOT: SimPerson = { login: 'release-bot', name: 'release-bot', email: 'release-bot@acme.example' };

interface DemoRepository {
  owner: string;
  name: string;
  team: SimPerson[];
  /** Each version with the changes it brings, oldest first. */
  versions: Array<{ tag: string; changes: string[] }>;
}

const DEMO: DemoRepository[] = [
  {
    owner: 'acme',
    name: 'payments-api',
    team: [person('Dana Developer'), person('Priya Patel'), person('Marcus Chen')],
    versions: [
      {
        tag: 'v2.10.0',
        changes: ['Add idempotency keys to POST /payments', 'Log the acquirer decline code', 'Upgrade the pg driver to 8.11'],
      },
      { tag: 'v2.10.1', changes: ['Fix rounding of JPY amounts in refunds'] },
      {
        tag: 'v2.11.0',
        changes: [
          'Retry card network timeouts with jittered backoff',
          'Expire unpaid payment intents after 24 hours',
          'Add the settlement report export',
          'Fix flaky test in the refunds suite',
        ],
      },
      {
        tag: 'v2.12.0',
        changes: [
          'Move the 3-D Secure challenge to the new provider API',
          'Return 409 on a duplicate capture',
          'Handle partial refunds in the ledger',
        ],
      },
      { tag: 'v2.12.1', changes: ['Fix the race between capture and void'] },
      {
        tag: 'v2.13.0',
        changes: [
          'Add a circuit breaker around the fraud scoring call',
          'Tune the connection pool for the ledger database',
          'Record the merchant category code on each payment',
          'Drop the legacy /v1/charges endpoint',
        ],
      },
      {
        tag: 'v2.13.1',
        changes: ['Validate the currency against the merchant settlement currencies', 'Speed up the outstanding balance query'],
      },
    ],
  },
  {
    owner: 'acme',
    name: 'checkout-web',
    team: [person('Olivia Martin'), person('Sam Okafor')],
    versions: [
      { tag: 'v5.0.0', changes: ['Move cart totals to the server', 'Upgrade React to 18.3', 'Show saved cards first at checkout'] },
      { tag: 'v5.0.1', changes: ['Fix address autocomplete on Safari'] },
      {
        tag: 'v5.1.0',
        changes: [
          'Add the Apple Pay button',
          'Lazy-load the payment form',
          'Translate checkout into Polish',
          'Fix double submit on slow networks',
        ],
      },
      { tag: 'v5.1.1', changes: ['Fix the tax line for Canadian provinces'] },
      {
        tag: 'v5.2.0',
        changes: ['Track checkout step timings', 'Remove the old PayPal redirect flow', 'Add coupon field error states'],
      },
      { tag: 'v5.2.1', changes: ['Retry the payment call once on 503', 'Improve the contrast of the Pay button'] },
    ],
  },
];

/** How the history spreads: it starts this long before the clock and its last tag is this long before it. */
const HISTORY_START_MS = 62 * DAY_MS;
const HISTORY_END_MS = 2 * DAY_MS;

/** Writes the demo's history into the simulator: a baseline commit, then each version's changes and tag. */
export function seedDemoHistory(history: GitHubHistory, now: number): void {
  for (const repository of DEMO) {
    const commits = repository.versions.reduce((count, version) => count + version.changes.length + 1, 0);
    const step = (HISTORY_START_MS - HISTORY_END_MS) / commits;
    let at = now - HISTORY_START_MS;
    const [lead] = repository.team;
    history.commit(repository.owner, repository.name, { message: 'Baseline before the v2 release train', author: lead!, at: at - DAY_MS });
    let index = 0;
    for (const version of repository.versions) {
      for (const change of version.changes) {
        at += step;
        history.commit(repository.owner, repository.name, demoChange(repository.team, change, index++, at));
      }
      at += step;
      history.commit(repository.owner, repository.name, {
        message: `Update the changelog for ${version.tag}`,
        author: RELEASE_BOT,
        at,
      });
      history.tag(repository.owner, repository.name, version.tag);
    }
  }
}

/** The index-th change: written by one teammate, reviewed by another, merged `at`; lead times from 3 hours to 3 days. */
function demoChange(team: SimPerson[], title: string, index: number, at: number): NewCommit {
  const author = team[index % team.length]!;
  const reviewer = team[(index + 1) % team.length]!;
  const other = team[(index + 2) % team.length]!;
  const leadMs = (3 + ((index * 17) % 70)) * HOUR_MS;
  const reviews: NonNullable<NewCommit['pullRequest']>['reviews'] =
    index % 5 === 2
      ? [
          { by: reviewer, state: 'CHANGES_REQUESTED', body: 'Please add a test for the failure path.' },
          { by: reviewer, state: 'APPROVED' },
        ]
      : index % 4 === 1 && other !== author
        ? [
            { by: other, state: 'COMMENTED', body: 'Looks fine to me; one question inline.' },
            { by: reviewer, state: 'APPROVED' },
          ]
        : [{ by: reviewer, state: 'APPROVED' }];
  return {
    message: title,
    author,
    authoredAt: at - leadMs,
    at,
    pullRequest: {
      body: `${title}.\n\nTested in staging.`,
      reviews,
      requested: index % 6 === 3 && other !== author && other !== reviewer ? [other] : [],
    },
  };
}
