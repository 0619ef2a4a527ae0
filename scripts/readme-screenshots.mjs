// Retakes the README's pictures (docs/screenshots): runs the browser tests that set up
// each state against the demo workspace, with their screenshots going to a folder of
// their own, then copies the ones the README shows. `npm run screenshots`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const out = join(root, 'docs/screenshots');

/** Screenshot the tests write -> the README's file name. */
const PICTURES = {
  'marks-queue-light.png': 'queue-major-snoozed-light.png',
  'resolved-view-dark.png': 'resolved-view-dark.png',
  'new-page-announced.png': 'new-page-announced.png',
  'blind-queue.png': 'blind-queue.png',
  'stale-refused.png': 'stale-action-refused.png',
  'palette-incident.png': 'palette-go-to-incident.png',
  'metrics-7d-overview-1280x720-light.png': 'metrics-light.png',
  'metrics-incidents-1280x720-dark.png': 'metrics-incidents-dark.png',
  'specialists-incident-catalogue-dark.png': 'specialists-from-incident-dark.png',
  'specialists-run-log-light.png': 'specialists-run-log-light.png',
  'specialists-approval-light.png': 'specialists-approval-light.png',
  'layout-900-light.png': 'layout-900-light.png',
  'changes-approval-queue-dark.png': 'changes-approval-queue-dark.png',
  'changes-by-service-light.png': 'changes-by-service-light.png',
};

const SPECS = [
  'resolved-and-marks',
  'new-page',
  'blind-queue',
  'stale-state',
  'palette-navigation',
  'metrics',
  'specialists',
  'layout',
  'changes',
].map((name) => `test/e2e/${name}.spec.ts`);

const shots = mkdtempSync(join(tmpdir(), 'readme-screens-'));
const run = spawnSync('npx', ['playwright', 'test', ...SPECS], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SCREENSHOT_DIR: shots },
});
if (run.status !== 0) {
  console.error('The browser tests failed; the README pictures were left as they were.');
  process.exit(run.status ?? 1);
}
mkdirSync(out, { recursive: true });
for (const [taken, shown] of Object.entries(PICTURES)) copyFileSync(join(shots, taken), join(out, shown));
rmSync(shots, { recursive: true, force: true });
console.log(`${Object.keys(PICTURES).length} pictures in ${out}`);
