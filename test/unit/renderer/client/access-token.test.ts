import { describe, expect, it } from 'vitest';
import { takeAccessToken, type TokenEnvironment } from '../../../../renderer/src/client/access-token';

function environment(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [['oncall-console.token', stored]] : []);
  const replaced: string[] = [];
  const env: TokenEnvironment = {
    location: { hash, pathname: '/', search: '?view=queue' },
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
    history: { state: null, replaceState: (_state, _unused, url) => void replaced.push(String(url)) },
  };
  return { env, storage, replaced };
}

describe('takeAccessToken', () => {
  it('takes the token from #token=, keeps it for reloads and hides it from the URL', () => {
    const { env, storage, replaced } = environment('#token=s3cr3t');
    expect(takeAccessToken(env)).toBe('s3cr3t');
    expect(storage.get('oncall-console.token')).toBe('s3cr3t');
    expect(replaced).toEqual(['/?view=queue']);
  });

  it('falls back to the stored token after a reload', () => {
    const { env, replaced } = environment('', 'kept');
    expect(takeAccessToken(env)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('prefers a new token in the URL over the stored one', () => {
    const { env } = environment('#token=new', 'old');
    expect(takeAccessToken(env)).toBe('new');
  });

  it('returns null when there is none', () => {
    expect(takeAccessToken(environment('#other=1').env)).toBeNull();
  });
});
