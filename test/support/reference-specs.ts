/**
 * The vendors' published API descriptions that contract tests read, from ../shared/specs
 * next to the repo (read-only, never copied in). Absent on some machines: a test then skips
 * and says where it looked.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the specs live: ../shared/specs relative to the repo. */
const SPECS_DIR = path.resolve(repoRoot, '../shared/specs');

/** The path of a spec file, or null (after printing why the caller skips) when it is not there. */
export function referenceSpec(file: string, skipping: string): string | null {
  const where = path.join(SPECS_DIR, file);
  if (existsSync(where)) return where;
  console.log(`${skipping} skipped: ${file} is not at ${where} (it lives in ../shared/specs next to the repo).`);
  return null;
}
