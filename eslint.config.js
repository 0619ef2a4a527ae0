// Lint for both sides, plus the boundary rules that keep the runtime layers apart:
// only electron/main and electron/preload import 'electron'; shared/ imports no Node or
// DOM module; dependencies point down (renderer -> shared; main/server -> engine -> providers -> shared).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electronOnlyInShell = {
  name: 'electron',
  message: "Only electron/main and electron/preload may import 'electron' (see README, Architecture).",
};
const noNodeBuiltins = nodeModules.map((name) => ({
  name,
  message: 'shared/ and renderer/ run in the page too: no Node modules here.',
}));
const upward = (from, patterns) => ({
  group: patterns,
  message: `${from} must not import from a higher layer (dependencies point down; see README, Architecture).`,
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, ...noNodeBuiltins],
          patterns: [upward('renderer/', ['**/electron/**'])],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, ...noNodeBuiltins, { name: 'react-dom', message: 'shared/ is pure TypeScript: no DOM.' }],
          patterns: [upward('shared/', ['**/electron/**', '**/renderer/**'])],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require'].map(
          (name) => ({ name, message: 'shared/ is pure TypeScript: no DOM or Node globals.' }),
        ),
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/providers/**/*.ts', 'electron/simulators/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [upward('engine, providers and simulators', ['**/main/**', '**/preload/**', '**/server/**', '**/cli/**', '**/renderer/**'])],
        },
      ],
    },
  },
  {
    files: ['electron/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [upward('providers', ['**/engine/*', '!**/engine/ports', '**/main/**', '**/server/**', '**/cli/**', '**/renderer/**'])],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC wrappers derived from the contract (electron/main/ipc.ts, electron/preload/index.ts).',
            },
          ],
        },
      ],
    },
  },
);
