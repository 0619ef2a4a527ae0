#!/usr/bin/env node
// Runs electron-builder on the built bundles (run `npm run build` first; the npm scripts
// `package` and `package:test` do). `--test-build` makes the test variant: ONCALL_TEST_BUILD=1
// (build/after-pack.mjs keeps the Node inspector fuse on for Playwright, build/notarize.mjs
// skips), output in release/test-build, and an unpacked app (`--dir`) unless targets are
// given. Every other argument goes to electron-builder unchanged, e.g.
//   node scripts/release.mjs --linux AppImage deb
//   node scripts/release.mjs --test-build --linux
// Before building it prints what the build will be: kind, platform flags, notarisation.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const notarizeEnv = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
const platformFlags = new Set(['--mac', '-m', '--macos', '--win', '-w', '--windows', '--linux', '-l']);

function main() {
  const args = process.argv.slice(2);
  const testBuild = args.includes('--test-build');
  const builderArgs = args.filter((arg) => arg !== '--test-build');
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    console.error('out/main/index.js is missing: build the bundles first (`npm run build`).');
    process.exit(1);
  }
  const env = { ...process.env };
  if (testBuild) {
    env.ONCALL_TEST_BUILD = '1';
    builderArgs.push('--config.directories.output=release/test-build');
    if (!builderArgs.some((arg) => platformFlags.has(arg))) builderArgs.push('--dir');
  } else if (env.ONCALL_TEST_BUILD?.trim() === '1') {
    console.error('ONCALL_TEST_BUILD=1 is set: unset it for a release build, or pass --test-build.');
    process.exit(1);
  }
  const platforms = builderArgs.filter((arg) => platformFlags.has(arg));
  const notarizeSet = notarizeEnv.filter((name) => env[name]?.trim());
  console.log(`Packaging a ${testBuild ? 'TEST build (Node inspector fuse on; never ship it)' : 'release build (hardened fuses)'}`);
  console.log(`  platforms: ${platforms.length ? platforms.join(' ') : `this machine's (${process.platform})`}`);
  console.log(`  macOS notarisation: ${notarizeSet.length === notarizeEnv.length ? 'on' : `off (${notarizeEnv.join(', ')} not all set)`}`);

  const cli = join(dirname(createRequire(import.meta.url).resolve('electron-builder/package.json')), 'cli.js');
  const child = spawn(process.execPath, [cli, ...builderArgs], { cwd: root, env, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`Could not start electron-builder: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
