// electron-builder.yml against electron-builder's own JSON schema, and the release
// decisions in it: the targets of each platform, the macOS hardened runtime with its
// entitlements and the notarisation hook, the fuse hook, and the npm scripts that run it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, readBuilderYaml, repoRoot, targetNames } from './builder-config';

const config = loadBuilderConfig();

/** electron-builder's schema, resolved through electron-builder itself (the version that will read the file). */
function builderSchema(): object {
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  return fromBuilder('app-builder-lib/scheme.json') as object;
}

const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(builderSchema());

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const valid = validate(readBuilderYaml());
    expect(validate.errors ?? [], 'electron-builder.yml has options electron-builder does not know or mistyped values').toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a misspelt option (so the check above can fail)', () => {
    const document = readBuilderYaml() as { mac: Record<string, unknown> };
    expect(validate({ ...document, mac: { ...document.mac, hardenedRuntme: true } })).toBe(false);
  });

  it('builds AppImage and deb for Linux, dmg for macOS and nsis for Windows', () => {
    expect(targetNames(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac.target)).toEqual(['dmg']);
    expect(targetNames(config.win.target)).toEqual(['nsis']);
  });

  it('signs macOS apps with the hardened runtime and the entitlements file, for the app and its helpers', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    expect(existsSync(join(repoRoot, config.mac.entitlements))).toBe(true);
  });

  it('grants only the JIT exception under the hardened runtime', () => {
    const plist = readFileSync(join(repoRoot, 'build', 'entitlements.mac.plist'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(plist).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).not.toMatch(/<false\/>/);
  });

  it('notarises through the afterSign hook only, with electron-builder’s own notarisation off', async () => {
    expect(config.afterSign).toBe('./build/notarize.mjs');
    expect(config.mac.notarize).toBe(false);
    const hook = (await import('../../../build/notarize.mjs')) as Record<string, unknown>;
    expect(typeof hook.afterSign).toBe('function');
  });

  it('flips the fuses in the afterPack hook', async () => {
    expect(config.afterPack).toBe('./build/after-pack.mjs');
    const hook = (await import('../../../build/after-pack.mjs')) as Record<string, unknown>;
    expect(typeof hook.afterPack).toBe('function');
  });

  it('does not also flip fuses through electron-builder’s electronFuses option', () => {
    expect(readBuilderYaml()).not.toHaveProperty('electronFuses');
  });

  it('packs the app into an asar archive (the OnlyLoadAppFromAsar fuse needs one)', () => {
    expect(config.asar ?? true).toBe(true);
  });

  it('has npm scripts for a release package and a test package, and nothing that runs during npm ci', () => {
    const pkg = readPackageJson();
    expect(pkg.scripts.package).toBe('npm run build && electron-builder');
    expect(pkg.scripts['package:test']).toContain('--test-build');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts).not.toHaveProperty(hook);
  });
});

function readPackageJson(): { scripts: Record<string, string> } {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
}
