// What electron-builder.yml puts into the app archive: the built bundles and package.json,
// no sources, tests or source maps; none of the packages the main process loads at run
// time left out by the renderer-only exclusions; and every native module kept outside the
// asar archive (libsql's platform package, keytar's compiled binding).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExcluded, isPackaged, isUnpacked, loadBuilderConfig, repoRoot } from './builder-config';

const config = loadBuilderConfig();

/** Every file under `dir` (relative to the repo), skipping node_modules. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(repoRoot, path).split('\\').join('/'));
    }
  };
  walk(join(repoRoot, dir));
  return found;
}

/** Packages named by the bare imports of the main-process source (electron/**, shared/**), tests aside. */
function mainProcessImports(): Set<string> {
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'electron']);
  const packages = new Set<string>();
  const sources = [...filesUnder('electron'), ...filesUnder('shared')].filter(
    (file) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(file) && !/\.test\.ts$/.test(file),
  );
  for (const file of sources) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm),
      ...text.matchAll(/^\s*export\s+(?!type\s)[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm),
      ...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
    ].map((match) => match[1] ?? '');
    for (const specifier of specifiers) {
      if (!specifier || specifier.startsWith('.') || builtins.has(specifier) || builtins.has(specifier.split('/')[0] ?? '')) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier));
    }
  }
  return packages;
}

/** The installed packages `names` need at run time: their dependencies and optional dependencies, transitively. */
function runtimeClosure(names: Iterable<string>): Set<string> {
  const closure = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    if (closure.has(name)) continue;
    const manifest = join(repoRoot, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue; // an optional dependency for another platform
    closure.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    pending.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return closure;
}

/** Native addons installed for the production dependencies, as app-relative paths. */
function nativeAddons(packages: Iterable<string>): string[] {
  const addons: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.node')) addons.push(relative(repoRoot, path).split('\\').join('/'));
    }
  };
  for (const name of packages) walk(join(repoRoot, 'node_modules', name));
  return addons;
}

/**
 * The production dependencies electron-builder installs into the app: `dependencies` and
 * `optionalDependencies` (it lists them with `npm list --include prod --include optional`).
 */
function productionDependencies(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
}

describe('the files electron-builder packs', () => {
  it('include the three built bundles and package.json', () => {
    for (const path of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc123.js',
      'package.json',
    ]) {
      expect(isPackaged(config.files, path), path).toBe(true);
    }
  });

  it('leave out sources, tests, configs, docs and source maps', () => {
    const repoFiles = ['electron', 'shared', 'renderer', 'test', 'build', 'scripts', 'bin'].flatMap((dir) =>
      existsSync(join(repoRoot, dir)) ? filesUnder(dir) : [],
    );
    expect(repoFiles.length).toBeGreaterThan(50);
    const leaked = [
      ...repoFiles,
      'README.md',
      'tsconfig.json',
      'electron.vite.config.ts',
      'electron-builder.yml',
      'package-lock.json',
      'out/main/index.js.map',
    ].filter((path) => isPackaged(config.files, path));
    expect(leaked).toEqual([]);
  });

  it('do not drop any package the main process loads at run time', () => {
    const imports = mainProcessImports();
    // The main process's own dependencies, as its bundle imports them.
    for (const name of ['libsql', 'yaml', 'zod']) expect(imports, `electron/** no longer imports ${name}?`).toContain(name);
    const dropped = [...runtimeClosure(imports)].filter((name) => isExcluded(config.files, `node_modules/${name}/package.json`));
    expect(dropped, 'electron-builder.yml excludes packages the main process needs: remove these exclusions').toEqual([]);
  });

  it('leave out the renderer-only packages Vite already bundled into out/renderer: they are devDependencies', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const name of [
      'react',
      'react-dom',
      '@mantine/core',
      '@tabler/icons-react',
      'recharts',
      '@rjsf/core',
      '@tanstack/react-query',
      'zustand',
    ]) {
      expect(pkg.devDependencies, name).toHaveProperty([name]);
      expect(pkg.dependencies, name).not.toHaveProperty([name]);
    }
  });

  it('include keytar, an optional dependency (npm goes on without it where it cannot build), with its compiled binding', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
    expect(pkg.optionalDependencies).toHaveProperty(['keytar']);
    expect(productionDependencies()).toContain('keytar');
    for (const path of [
      'node_modules/keytar/package.json',
      'node_modules/keytar/lib/keytar.js',
      'node_modules/keytar/build/Release/keytar.node',
    ]) {
      expect(isExcluded(config.files, path), path).toBe(false);
    }
  });

  it('ship every package the main process imports: each is a production dependency, or needed by one', () => {
    const production = runtimeClosure(productionDependencies());
    const missing = [...mainProcessImports()].filter((name) => !production.has(name));
    expect(missing, 'the main process imports these, but package.json lists them as devDependencies: move them to dependencies').toEqual(
      [],
    );
  });
});

describe('asarUnpack', () => {
  it("keeps libsql's platform package and keytar's compiled binding outside the archive", () => {
    for (const path of [
      'node_modules/@libsql/linux-x64-gnu/index.node',
      'node_modules/@libsql/darwin-arm64/index.node',
      'node_modules/@libsql/win32-x64-msvc/index.node',
      'node_modules/keytar/build/Release/keytar.node',
    ]) {
      expect(isUnpacked(config.asarUnpack, path), path).toBe(true);
    }
    expect(isUnpacked(config.asarUnpack, 'node_modules/zod/index.js')).toBe(false);
    expect(isUnpacked(config.asarUnpack, 'out/main/index.js')).toBe(false);
  });

  it('covers every native addon installed for the production dependencies', () => {
    const addons = nativeAddons(runtimeClosure(productionDependencies()));
    expect(
      addons.some((path) => path.startsWith('node_modules/@libsql/')),
      'libsql ships its binary in @libsql/<platform>',
    ).toBe(true);
    expect(addons.filter((path) => !isUnpacked(config.asarUnpack, path))).toEqual([]);
  });
});
