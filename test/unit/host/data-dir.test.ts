import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../electron/host/data-dir';

describe('defaultDataDir', () => {
  it('follows XDG on Linux', () => {
    expect(defaultDataDir({ XDG_STATE_HOME: '/state' }, 'linux', '/home/ana')).toBe(join('/state', 'oncall-console'));
    expect(defaultDataDir({}, 'linux', '/home/ana')).toBe(join('/home/ana', '.local', 'state', 'oncall-console'));
    // A relative XDG path is invalid per the spec and ignored.
    expect(defaultDataDir({ XDG_STATE_HOME: 'state' }, 'linux', '/home/ana')).toBe(join('/home/ana', '.local', 'state', 'oncall-console'));
  });

  it('uses the platform folders on macOS and Windows', () => {
    expect(defaultDataDir({}, 'darwin', '/Users/ana')).toBe(join('/Users/ana', 'Library', 'Application Support', 'oncall-console'));
    expect(defaultDataDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32', 'C:\\Users\\ana')).toBe(
      join('C:\\Users\\ana\\AppData\\Local', 'oncall-console'),
    );
  });
});
