/**
 * Test helpers for the packaging tests: electron-builder.yml parsed and checked against
 * the shape the tests rely on, and the glob logic electron-builder applies to `files`
 * (include when an include pattern matches and no `!` pattern does) and to `asarUnpack`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import { z } from 'zod';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

const target = z.union([z.string(), z.object({ target: z.string(), arch: z.array(z.string()).optional() })]);

const builderConfig = z.looseObject({
  appId: z.string(),
  productName: z.string(),
  directories: z.object({ output: z.string(), buildResources: z.string() }),
  files: z.array(z.string()).min(1),
  asar: z.boolean().optional(),
  asarUnpack: z.array(z.string()),
  afterPack: z.string(),
  afterSign: z.string(),
  linux: z.looseObject({ target: z.array(target), icon: z.string() }),
  mac: z.looseObject({
    target: z.array(target),
    icon: z.string(),
    hardenedRuntime: z.boolean(),
    entitlements: z.string(),
    entitlementsInherit: z.string(),
    notarize: z.boolean(),
  }),
  win: z.looseObject({ target: z.array(target), icon: z.string() }),
});

export type BuilderConfig = z.infer<typeof builderConfig>;

/** The raw YAML document, for schema validation. */
export function readBuilderYaml(): unknown {
  return parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8'));
}

/** electron-builder.yml, with the fields the tests read checked. */
export function loadBuilderConfig(): BuilderConfig {
  return builderConfig.parse(readBuilderYaml());
}

/** The target names of one platform section, whether written as strings or objects. */
export function targetNames(targets: BuilderConfig['linux']['target']): string[] {
  return targets.map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

const globOptions = { dot: true };

/** Whether electron-builder's `files` patterns put this app-relative path into the archive. */
export function isPackaged(files: readonly string[], path: string): boolean {
  const includes = files.filter((pattern) => !pattern.startsWith('!'));
  return includes.some((pattern) => minimatch(path, pattern, globOptions)) && !isExcluded(files, path);
}

/**
 * Whether a `!` pattern of `files` drops this app-relative path. Production dependencies
 * are added by electron-builder whatever the include patterns say, so for node_modules
 * only the exclusions count.
 */
export function isExcluded(files: readonly string[], path: string): boolean {
  return files.some((pattern) => pattern.startsWith('!') && minimatch(path, pattern.slice(1), globOptions));
}

/** Whether an `asarUnpack` pattern keeps this app-relative path outside app.asar. */
export function isUnpacked(asarUnpack: readonly string[], path: string): boolean {
  return asarUnpack.some((pattern) => minimatch(path, pattern, globOptions));
}
