/**
 * What is wrong with a connection, in words a person can act on: worked out from the
 * attempts a sync loop's requests made (rate limited, answering with errors, too slow,
 * unreachable, answering nonsense, refusing us), and said the same way by the engine's
 * health status and anything else that shows it.
 */

type TroubleKind = 'rate-limited' | 'server-errors' | 'slow' | 'unreachable' | 'unreadable' | 'refused';

export interface Trouble {
  kind: TroubleKind;
  /** When this kind of trouble started (ms since the epoch). */
  since: number;
  /** The HTTP status, when there was an answer. */
  status: number | null;
  /** When the vendor said to come back (a rate limit's reset), or null. */
  until: number | null;
  /** The network error's code (ECONNREFUSED) or the refusal's message, when there is one. */
  detail: string | null;
  /** Where the console tried to reach ("https://api.pagerduty.com"), when unreachable. */
  where: string | null;
}

/** One attempt as the trouble tracker needs it (see electron/engine/ports/request-context.ts, AttemptReport). */
export interface AttemptOutcome {
  outcome: 'answered' | 'timeout' | 'network-error';
  status: number | null;
  rateLimited: boolean;
  retryAt: number | null;
  problem: string | null;
  startedAt: number;
  /** Where it went, when it found no one there. */
  origin?: string | null;
}

/** The trouble an attempt shows, or null for a good answer. `previous` keeps its `since` when the kind is the same. */
export function troubleOf(attempt: AttemptOutcome, previous: Trouble | null): Trouble | null {
  if (attempt.problem === null) return null;
  const kind: TroubleKind = attempt.rateLimited
    ? 'rate-limited'
    : attempt.outcome === 'timeout'
      ? 'slow'
      : attempt.outcome === 'network-error'
        ? 'unreachable'
        : attempt.status !== null && attempt.status >= 200 && attempt.status < 300
          ? 'unreadable'
          : attempt.status !== null && (attempt.status >= 500 || attempt.status === 408)
            ? 'server-errors'
            : 'refused';
  const detail = kind === 'unreachable' ? networkCode(attempt.problem) : kind === 'refused' ? attempt.problem : null;
  return {
    kind,
    since: previous?.kind === kind ? previous.since : attempt.startedAt,
    status: attempt.status,
    until: attempt.retryAt,
    detail,
    where: kind === 'unreachable' ? (attempt.origin ?? null) : null,
  };
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was dropped',
  EPIPE: 'the connection was dropped',
  UND_ERR_SOCKET: 'the connection was dropped',
  ENOTFOUND: 'its address does not resolve',
  EAI_AGAIN: 'its address does not resolve (DNS)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
};

function networkCode(problem: string): string | null {
  return /\(([A-Z_]{4,})\)/.exec(problem)?.[1] ?? null;
}

/**
 * The trouble in one sentence, e.g. "PagerDuty is rate limiting the console until 14:05:10",
 * "PagerDuty answers with errors (503) since 14:02:11", "Cannot reach PagerDuty at
 * https://api.pagerduty.com: the connection was refused (since 14:02:11)". `clock` formats a time of day.
 */
export function describeTrouble(label: string, trouble: Trouble, now: number, clock: (ms: number) => string): string {
  switch (trouble.kind) {
    case 'rate-limited':
      return trouble.until !== null && trouble.until > now
        ? `${label} is rate limiting the console until ${clock(trouble.until)}; it polls again then`
        : `${label} is rate limiting the console (since ${clock(trouble.since)})`;
    case 'server-errors':
      return `${label} answers with errors (${trouble.status ?? 'no status'}) since ${clock(trouble.since)}`;
    case 'slow':
      return `${label} is answering slowly: no answer for ${Math.max(1, Math.round((now - trouble.since) / 1000))} s`;
    case 'unreachable': {
      const why = trouble.detail ? (NETWORK_WORDS[trouble.detail] ?? `network error ${trouble.detail}`) : 'the network request failed';
      return `Cannot reach ${label}${trouble.where ? ` at ${trouble.where}` : ''}: ${why} (since ${clock(trouble.since)})`;
    }
    case 'unreadable':
      return `${label} sends answers the console cannot read (since ${clock(trouble.since)})`;
    case 'refused':
      return trouble.detail ?? `${label} refuses the console's requests (${trouble.status ?? 'no status'})`;
  }
}

/** "14:05:10", in the local time of the machine formatting it. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/**
 * What the console is doing about it, from the connection's next retry: "It tries again in
 * 12 s." while that is ahead, "Trying again now." once it is due (never "retrying 4 s ago").
 */
export function retryText(nextRetryAt: string | null, now: number): string {
  const next = nextRetryAt ? Date.parse(nextRetryAt) : Number.NaN;
  if (Number.isNaN(next)) return 'It keeps trying.';
  const seconds = Math.round((next - now) / 1000);
  if (seconds < 1) return 'Trying again now.';
  return seconds < 120 ? `It tries again in ${seconds} s.` : `It tries again at ${clockTime(next).slice(0, 5)}.`;
}
