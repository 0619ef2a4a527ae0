/**
 * What the demo's delivery history says: per service, the titles of the changes its team
 * merges (features, fixes, upgrades, in the service's own vocabulary, none twice), and the
 * alerts its failed deployments raised. Used by demo-delivery-plan.ts and the demo
 * pipeline (demo-pipeline.ts), so the history and the live runs read alike.
 */
import type { Random } from '../simulators/pagerduty/random';

interface Vocabulary {
  /** What "Add ..." adds. */
  features: readonly string[];
  /** Where fixes and speed-ups land. */
  areas: readonly string[];
  /** What "Log ..." logs. */
  logs: readonly string[];
  /** Dependencies and the version each starts at ([major, minor, patch]). */
  libraries: readonly (readonly [string, number, number, number])[];
}

const BUGS = [
  'a race',
  'rounding',
  'a missing null check',
  'the retry loop',
  'a timeout',
  'the error message',
  'pagination',
  'the cache key',
];

const VOCABULARY: Record<string, Vocabulary> = {
  'Payments API': {
    features: [
      'idempotency keys to POST /v1/payments',
      'the merchant category code to each payment',
      'a circuit breaker around the fraud scoring call',
      'jittered retries for card network timeouts',
      'the settlement report export',
      'SEPA instant payouts',
      'per-merchant rate limits',
      'network tokens for Apple Pay',
      'the refund reason to ledger entries',
      'partial captures',
      'a payout hold for new merchants',
      'a metric for acquirer decline codes',
      'the dispute evidence upload',
      'currency checks against the settlement currencies',
    ],
    areas: [
      'refunds',
      'captures',
      'payouts',
      'the ledger sync',
      '3-D Secure challenges',
      'the settlement export',
      'card tokenisation',
      'disputes',
    ],
    logs: ['the acquirer decline code', 'the idempotency key on conflicts', 'slow ledger queries', 'the 3-D Secure outcome'],
    libraries: [
      ['pg', 8, 11, 3],
      ['fastify', 4, 26, 1],
      ['the card network SDK', 4, 2, 0],
      ['pino', 9, 1, 0],
    ],
  },
  'Checkout Web': {
    features: [
      'the Apple Pay button',
      'coupon field error states',
      'a Polish translation of checkout',
      'saved cards first at checkout',
      'checkout step timings',
      'the Klarna payment option',
      'address autocomplete for Ireland',
      'a retry of the payment call on 503',
      'the order summary drawer on mobile',
      'gift card redemption',
      'the delivery slot picker',
    ],
    areas: [
      'the payment form',
      'cart totals',
      'address autocomplete',
      'the tax line',
      'the confirmation page',
      'the coupon field',
      'Safari',
    ],
    logs: ['payment SDK load failures', 'checkout step timings', 'client errors with the release'],
    libraries: [
      ['react', 18, 3, 1],
      ['vite', 5, 4, 2],
      ['the payment SDK', 3, 8, 0],
    ],
  },
  'Identity Service': {
    features: [
      'passkey sign-in',
      'refresh token rotation',
      'a lockout after repeated failed logins',
      'the SAML metadata endpoint',
      'session revocation on password change',
      'SMS fallback through a second provider',
      'audit events for admin sign-ins',
      'WebAuthn attestation checks',
      'the consent screen for partner apps',
    ],
    areas: [
      'token refresh',
      'the login form',
      'session cookies',
      'the directory sync',
      'one-time passcodes',
      'the OIDC discovery document',
    ],
    logs: ['failed logins by reason', 'the SMS provider response', 'token refresh latency'],
    libraries: [
      ['spring-boot', 3, 2, 4],
      ['nimbus-jose-jwt', 9, 37, 0],
      ['the HikariCP pool', 5, 1, 0],
    ],
  },
  'Search API': {
    features: [
      'synonyms for product names',
      'typo tolerance on short queries',
      'a boost for in-stock products',
      'the brand facet',
      'query suggestions',
      'a zero-result fallback to fuzzy search',
      'per-tenant ranking rules',
    ],
    areas: ['facet counts', 'the query parser', 'ranking', 'the suggestion cache', 'index aliases'],
    logs: ['zero-result queries', 'slow queries with their plan'],
    libraries: [
      ['opensearch-java', 2, 8, 0],
      ['jackson', 2, 16, 1],
    ],
  },
};

/** Change titles for a service's team: each title once, as a team writes them. */
export class ChangeTitles {
  private readonly used = new Set<string>();
  private readonly libraries: [string, number, number, number][];

  constructor(
    private readonly service: string,
    private readonly random: Random,
  ) {
    this.libraries = (VOCABULARY[service]?.libraries ?? []).map(([name, ...version]) => [name, ...version]);
  }

  next(): string {
    const vocabulary = VOCABULARY[this.service];
    if (!vocabulary) return `Improve ${this.service} (${this.used.size + 1})`;
    for (let attempt = 0; attempt < 12; attempt++) {
      const title = this.draw(vocabulary);
      if (this.used.has(title)) continue;
      this.used.add(title);
      return title;
    }
    return this.upgrade();
  }

  private draw(vocabulary: Vocabulary): string {
    const r = this.random;
    const kind = r.weighted([
      ['add', 30],
      ['fix', 35],
      ['speed', 8],
      ['log', 10],
      ['upgrade', 12],
      ['test', 5],
    ] as const);
    if (kind === 'add') return `Add ${r.pick(vocabulary.features)}`;
    if (kind === 'fix') return `Fix ${r.pick(BUGS)} in ${r.pick(vocabulary.areas)}`;
    if (kind === 'speed') return `Speed up ${r.pick(vocabulary.areas)}`;
    if (kind === 'log') return `Log ${r.pick(vocabulary.logs)}`;
    if (kind === 'test') return `Cover ${r.pick(vocabulary.areas)} with contract tests`;
    return this.upgrade();
  }

  /** "Upgrade pg to 8.11.4": each library's next release. */
  private upgrade(): string {
    const library = this.libraries.length > 0 ? this.random.pick(this.libraries) : null;
    if (!library) return `Bump dependencies (${this.used.size + 1})`;
    library[3] += 1;
    if (this.random.chance(0.15)) [library[2], library[3]] = [library[2] + 1, 0];
    const title = `Upgrade ${library[0]} to ${library[1]}.${library[2]}.${library[3]}`;
    this.used.add(title);
    return title;
  }
}

/** An alert a failed deployment of the service raised, as its monitoring words it. */
export interface RegressionAlert {
  summary: string;
  severity: 'critical' | 'error';
  source: string;
  component: string;
  details: Record<string, unknown>;
}

export const REGRESSIONS = {
  paymentsErrors: {
    summary: 'Payments API: card authorisation error rate 7.9% (threshold 2%)',
    severity: 'critical',
    source: 'datadog: payments-api card authorisation monitor',
    component: 'card-authoriser',
    details: { metric: 'card_authorisation_error_rate', value: '7.9%', threshold: '2%', window: '5m' },
  },
  paymentsLatency: {
    summary: 'Payments API: p99 latency 2,340 ms on POST /v1/charges (SLO 800 ms)',
    severity: 'error',
    source: 'datadog: payments-api latency monitor',
    component: 'charges-api',
    details: { metric: 'http.server.duration.p99', value: '2340 ms', threshold: '800 ms', endpoint: 'POST /v1/charges' },
  },
  identityLogins: {
    summary: 'Identity Service: login failure rate 9.2% (threshold 5%)',
    severity: 'critical',
    source: 'prometheus: identity login failures',
    component: 'login',
    details: { metric: 'login_failure_rate', value: '9.2%', threshold: '5%', reason: 'invalid_grant' },
  },
} as const satisfies Record<string, RegressionAlert>;
