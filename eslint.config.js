// Lint for both sides, plus the boundary rules that keep the runtime layers apart:
// only electron/main and electron/preload import 'electron'; shared/ imports no Node or
// DOM module; dependencies point down (eslint-rules/layers.js: renderer -> shared;
// main/server/cli -> host -> engine -> providers -> shared).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { layersPlugin } from './eslint-rules/layers.js';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const electronOnlyInShell = {
  name: 'electron',
  message: "Only electron/main and electron/preload may import 'electron' (see README, Architecture).",
};
const noNodeBuiltins = nodeModules.map((name) => ({
  name,
  message: 'shared/ and renderer/ run in the page too: no Node modules here.',
}));
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
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require'].map((name) => ({
          name,
          message: 'shared/ is pure TypeScript: no DOM or Node globals.',
        })),
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/dependencies-point-down': 'error' },
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
  {
    // React's rules of hooks, and the React Compiler's checks that come with them.
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Imports first, each module once.
    plugins: { 'import-x': importX },
    rules: { 'import-x/first': 'error', 'import-x/no-duplicates': 'error' },
  },
);
