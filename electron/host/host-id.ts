/**
 * A stable name for this console host, kept in its data directory: other hosts read it in
 * ticket claims, so it says which machine it is and stays the same across restarts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const FILE = 'host-id';
const VALID = /^[A-Za-z0-9._-]{3,80}$/;

export function readOrCreateHostId(dataDir: string): string {
  const path = join(dataDir, FILE);
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (VALID.test(stored)) return stored;
  } catch {
    // First run: make one below.
  }
  const machine =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '-')
      .slice(0, 40) || 'host';
  const id = `${machine}-${randomBytes(4).toString('hex')}`;
  writeFileSync(path, `${id}\n`, { mode: 0o600 });
  return id;
}
