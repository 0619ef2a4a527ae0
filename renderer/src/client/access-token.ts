/**
 * The web console's access token: `oncall-console serve` prints a URL ending in
 * `#token=T`. The token is kept in sessionStorage (so a reload works and it dies with the
 * tab) and removed from the visible URL, so it does not end up in screenshots or history.
 */

const STORAGE_KEY = 'oncall-console.token';

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/** Reads the token from the URL fragment (then hides it) or from the tab's storage. */
export function takeAccessToken(env: TokenEnvironment): string | null {
  const fromHash = new URLSearchParams(env.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    env.storage.setItem(STORAGE_KEY, fromHash);
    env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  const stored = env.storage.getItem(STORAGE_KEY);
  return stored || null;
}
